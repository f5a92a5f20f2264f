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
import { openBackend, type SharedStore } from './store/backend.js';
import { taughtForIngest } from './store/taught-port.js';
import { sharedThrottle } from './guard/auth.js';
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
  store: SharedStore;
  /** 'postgres' when several instances share the database (DATABASE_URL). */
  backend: 'sqlite' | 'postgres';
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
  const backend = await openBackend(config, clock, { logger });
  const { store, signals } = backend;
  let kb: KnowledgeBase;
  try {
    kb = await openKnowledgeBase(config, { logger });
  } catch (err) {
    await backend.close();
    throw err;
  }
  const answerer = createAnswerer(config, logger, { clock });
  const questions = createQuestionService({ config, retriever: kb, answerer, logger, clock });

  const metrics = createMetrics({ defaults: config.NODE_ENV !== 'test' });
  // One instance (SQLite): wake-ups stay in process; several (PostgreSQL): they go to every instance.
  const shared = backend.kind === 'postgres' ? signals : undefined;
  const web = new WebDeliverer(shared);
  const desk = new ConsoleDesk(clock, 200, shared);
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
    coordination: backend.coordination,
  });
  metrics.setLeadSource(() => store.countLeadsByStatus());
  const staffStore = backend.staff;
  const directory = createStaffDirectory(staffStore);

  // Guards once, in front of every channel: text hygiene, per-user rate limit, polite failures.
  const limiter = new RateLimiter({ perKeyPerMinute: config.RATE_LIMIT_PER_USER_PER_MIN, globalPerSecond: config.RATE_LIMIT_GLOBAL_PER_SEC, clock });
  const guarded = withGuards(dialog.assistant, { maxChars: config.MAX_MESSAGE_CHARS, limiter, logger, clock });
  const assistant = instrumentAssistant(guarded, metrics, clock);

  const taught = backend.taught;
  // Ingest what changed (knowledge/ and what staff taught) and swap the index in place: requests
  // already running finish on the old one. Every instance keeps its own index files.
  const ingestAndReload = async (): Promise<IngestSummary> => {
    const summary = await runIngest(config, { logger, clock, taught: taughtForIngest(await taught.active()) });
    await kb.reload();
    return summary;
  };
  // After a re-ingest here, every other instance ingests the same change and reloads its index.
  const announceReindex = () => signals.publish('reindex', '').catch((err: unknown) => logger.warn('re-ingest signal not sent', { err }));
  const reingest = createReingestJob(
    async (): Promise<IngestSummary> => {
      const summary = await ingestAndReload();
      void announceReindex();
      return summary;
    },
    clock,
    logger,
  );
  let followers: Promise<unknown> = Promise.resolve();
  const stopReindex = signals.subscribe('reindex', (_payload, local) => {
    if (local) return;
    followers = followers
      .then(() => reingest.idle())
      .then(ingestAndReload)
      .then(
        (summary) => logger.info('index reloaded after a re-ingest on another instance', { chunks: summary.chunks }),
        (err: unknown) => logger.error('re-ingest after another instance failed', { err }),
      );
  });

  const teach = createTeachService({
    taught,
    gapLog: backend.gapLog,
    retriever: kb,
    questions,
    clock,
    indexedQuestions: () => readIndexedQuestions(config.DATA_DIR),
    // After a teaching action: wait for a console re-ingest in flight, then ingest incrementally and reload.
    refresh: async () => {
      await reingest.idle();
      const summary = await ingestAndReload();
      void announceReindex();
      return summary;
    },
  });

  // The web chat lives in this process: it is ready whenever the server answers.
  const channels: Channel[] = [{ name: 'web', start: async () => {}, stop: async () => {}, status: () => ({ state: 'ready' }) }];
  let closed = false;
  const core: Core = {
    config,
    store,
    backend: backend.kind,
    kb,
    delivery,
    assistant,
    staff: dialog.staff,
    directory,
    staffStore,
    insights: store,
    search: backend.search,
    notes: backend.notes,
    ...(backend.records
      ? { loginThrottles: { address: sharedThrottle(backend.records, 'console:login-failures:address', { clock }), name: sharedThrottle(backend.records, 'console:login-failures:name', { clock }) } }
      : {}),
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
      stopReindex();
      await followers;
      await backend.close();
    },
  };
  return core;
}
