/**
 * What the HTTP app needs from the core, as small interfaces: `src/server.ts` hands the real
 * store, knowledge base and dialog core; tests hand fakes.
 */
import type { Assistant, Channel, Clock, FeedbackSink, IdMaker, InsightsReader, KeyValueStore, Logger, StaffActions } from '../core/ports.js';
import type { ConsoleDesk } from '../channels/web/console-desk.js';
import type { WebDeliverer } from '../channels/web/web-deliverer.js';
import type { StaffDirectory } from '../leads/staff-directory.js';
import type { LeadNotes, LeadSearch } from '../store/search-types.js';
import type { StaffStore } from '../store/staff-store.js';
import type { AppMetrics } from './metrics.js';
import type { AsyncThrottle } from '../guard/auth.js';
import type { ReingestJob } from '../ingest/reingest-job.js';
import type { TeachService } from '../teach/teach-service.js';

/** The knowledge base as the console and /healthz see it. */
export interface IndexStatus {
  documents: number;
  chunks: number;
  builtAt: number | null;
  embedder: string;
  errors: { path: string; reason: string }[];
  /** Documents flagged for review at ingest (external links, payment requests, contact ids, instructions). */
  flags: { path: string; flags: string[] }[];
}

/** Everything the HTTP layer talks to. */
export interface HttpCore {
  assistant: Assistant;
  staff: StaffActions;
  /** Staff accounts (console logins, roles, Slack links). */
  directory: StaffDirectory;
  /** Where console sessions (and accounts) are stored. */
  staffStore: StaffStore;
  insights: InsightsReader;
  /** Leads and transcripts searched in the database (absent in cores without a store: search answers 404). */
  search?: LeadSearch;
  /** Staff notes on leads (absent likewise). */
  notes?: LeadNotes;
  feedback: FeedbackSink;
  kv: KeyValueStore;
  index: { status(): IndexStatus };
  reingest: ReingestJob;
  web: WebDeliverer;
  desk: ConsoleDesk;
  metrics: AppMetrics;
  channels: Channel[];
  /** The WeChat login QR (a URL or text to encode) while a login is pending. */
  wechatQr?: () => string | undefined;
  clock: Clock;
  ids: IdMaker;
  logger: Logger;
  /** Where failed console logins are counted when several instances share them (default: in memory). */
  loginThrottles?: { address: AsyncThrottle; name: AsyncThrottle };
  /** Staff teaching the assistant (gaps, links, answers, FAQ import); absent: the console's teach API answers 404. */
  teach?: TeachService;
}
