/**
 * The one place that wires the product together: store, knowledge base, answerer, question
 * service, dialog core, staff desks, delivery, guards and metrics; then the HTTP app and server.
 * Everything else receives what it needs as arguments.
 */
import type { Config } from './config.js';
import type { Channel, Clock, Deliverer, IdMaker, Logger, StaffActions, StaffDesk } from './core/ports.js';
import type { ChannelName } from './core/types.js';
import { createAnswerer } from './answer/create-answerer.js';
import { createQuestionService } from './answer/question-service.js';
import { ConsoleDesk } from './channels/web/console-desk.js';
import { WebDeliverer } from './channels/web/web-deliverer.js';
import { createAssistant } from './dialog/create-assistant.js';
import { createIntentClassifier } from './dialog/llm-intent.js';
import { LogDesk } from './leads/log-desk.js';
import { DeliveryRouter } from './dialog/delivery.js';
import { withGuards } from './guard/guarded-assistant.js';
import { RateLimiter } from './guard/rate-limit.js';
import type { HttpCore } from './http/http-core.js';
import { instrumentAssistant } from './dialog/instrumented-assistant.js';
import { createMetrics } from './http/metrics.js';
import { createReingestJob } from './ingest/reingest-job.js';
import { runIngest, type IngestSummary } from './ingest/run-ingest.js';
import { openKnowledgeBase, type KnowledgeBase } from './retrieval/index.js';
import { createLeadNotes, createLeadSearch, createStaffStore, openStore, TaughtStore, type SqliteStore } from './store/index.js';
import { createStaffDirectory } from './leads/staff-directory.js';
import { createTeachService } from './teach/teach-service.js';
import { readIndexedQuestions } from './retrieval/index-store.js';

export { createHttpApp } from './http/app.js';
export { startHttpServer, type RunningServer } from './http/listen.js';

/** What `buildCore` needs besides the config. */
export interface CoreDeps {
  logger: Logger;
  clock: Clock;
  ids: IdMaker;
  /** Extra staff desks (e.g. Slack), told about every lead event alongside the log and the console. */
  desks?: StaffDesk[];
}

/** The running core: every handle the HTTP app and the channel adapters need, and how to stop it. */
export interface Core extends HttpCore {
  config: Config;
  store: SqliteStore;
  kb: KnowledgeBase;
  delivery: DeliveryRouter;
  staff: StaffActions;
  /** Add a channel adapter: its deliverer gets staff replies, /healthz reports its status, close() stops it. */
  addChannel(channel: Channel, deliverer?: { name: ChannelName; deliverer: Deliverer }): void;
  /** Run the dialog core's periodic work once (escalations, outbox retries, retention). */
  tick(): Promise<void>;
  /** Deliver pending staff-desk notifications now (tests, shutdown). */
  flush(): Promise<void>;
  /** Start the dialog core's timer. */
  start(): void;
  /** Stop timers, end long polls, stop channels, close the store. Idempotent. */
  close(): Promise<void>;
}

/** Build the core once. The index must exist (run `runIngest` first when `isIndexStale`). */
export async function buildCore(config: Config, deps: CoreDeps): Promise<Core> {
  const { logger, clock, ids } = deps;
  const store = openStore(config, clock);
  let kb: KnowledgeBase;
  try {
    kb = await openKnowledgeBase(config, { logger });
  } catch (err) {
    store.close();
    throw err;
  }
  const answerer = createAnswerer(config, logger, { clock });
  const questions = createQuestionService({ config, retriever: kb, answerer, logger, clock });

  const metrics = createMetrics({ defaults: config.NODE_ENV !== 'test' });
  const web = new WebDeliverer();
  const desk = new ConsoleDesk(clock);
  desk.subscribe((event) => metrics.recordLeadEvent(event));
  const delivery = new DeliveryRouter();
  delivery.register('web', web);

  const dialog = createAssistant({
    store,
    questions,
    desks: [new LogDesk(logger), desk, ...(deps.desks ?? [])],
    delivery,
    clock,
    ids,
    logger,
    config,
    classifier: createIntentClassifier(config, logger, clock),
  });
  metrics.setLeadSource(() => store.countLeadsByStatus());
  const staffStore = createStaffStore(store.db, clock);
  const directory = createStaffDirectory(staffStore);

  // Guards once, in front of every channel: text hygiene, per-user rate limit, polite failures.
  const limiter = new RateLimiter({ perKeyPerMinute: config.RATE_LIMIT_PER_USER_PER_MIN, globalPerSecond: config.RATE_LIMIT_GLOBAL_PER_SEC, clock });
  const guarded = withGuards(dialog.assistant, { maxChars: config.MAX_MESSAGE_CHARS, limiter, logger, clock });
  const assistant = instrumentAssistant(guarded, metrics, clock);

  const taught = new TaughtStore(store.db, clock);
  const reingest = createReingestJob(
    async (): Promise<IngestSummary> => {
      const summary = await runIngest(config, { logger, clock, taught: taught.forIngest() });
      // Swap the index in place: requests already running finish on the old one.
      await kb.reload();
      return summary;
    },
    clock,
    logger,
  );

  const teach = createTeachService({
    taught,
    db: store.db,
    retriever: kb,
    questions,
    clock,
    indexedQuestions: () => readIndexedQuestions(config.DATA_DIR),
    // After a teaching action: wait for a console re-ingest in flight, then ingest incrementally and reload.
    refresh: async () => {
      await reingest.idle();
      const summary = await runIngest(config, { logger, clock, taught: taught.forIngest() });
      await kb.reload();
      return summary;
    },
  });

  // The web chat lives in this process: it is ready whenever the server answers.
  const channels: Channel[] = [{ name: 'web', start: async () => {}, stop: async () => {}, status: () => ({ state: 'ready' }) }];
  let closed = false;
  const core: Core = {
    config,
    store,
    kb,
    delivery,
    assistant,
    staff: dialog.staff,
    directory,
    staffStore,
    insights: store,
    search: createLeadSearch(store.db),
    notes: createLeadNotes(store.db, clock),
    feedback: store,
    kv: store,
    index: kb,
    reingest,
    teach,
    web,
    desk,
    metrics,
    channels,
    clock,
    ids,
    logger,
    addChannel(channel, d) {
      channels.push(channel);
      if (d) delivery.register(d.name, d.deliverer);
    },
    tick: () => dialog.tick(),
    flush: () => dialog.flush(),
    start: () => dialog.start(),
    async close() {
      if (closed) return;
      closed = true;
      dialog.stop();
      try {
        await dialog.flush();
      } catch (err) {
        logger.warn('desk flush at shutdown failed', { err });
      }
      web.close();
      desk.close();
      for (const ch of channels) {
        try {
          await ch.stop();
        } catch (err) {
          logger.warn('channel stop failed', { channel: ch.name, err });
        }
      }
      // A re-ingest writes index files; let it finish before the process goes.
      await reingest.idle();
      store.close();
    },
  };
  return core;
}
