/**
 * `npm start`: check the configuration, build the index when it is missing or stale, build the
 * core, serve the web chat, console and API, and shut down gracefully on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { systemClock, uuidIds } from './core/clock.js';
import { asCodedError, CodedError } from './core/errors.js';
import type { Logger } from './core/ports.js';
import { attachChannels, preChannelDesks } from './attach-channels.js';
import { createLogger } from './core/log.js';
import { indexDamage, isIndexStale } from './ingest/stale.js';
import { runIngest } from './ingest/run-ingest.js';
import { loadTaught } from './ingest/taught-source.js';
import { buildCore, createHttpApp, startHttpServer, type Core, type CoreDeps } from './server.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

/** Load the configuration or print every problem and exit 1. */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Start everything; resolves once the server listens. */
async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  // Backstop: a rejection a library fails to handle (e.g. inside an SDK's request handler) is logged,
  // not allowed to take down the server and every conversation with it. Adapters still catch their own.
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { code: asCodedError(reason).code, err: reason }));

  // A damaged index (missing or corrupt files, another embedder) is rebuilt in full, a stale one incrementally.
  const damage = indexDamage(config);
  // What staff taught is indexed too; with DATABASE_URL it is read from PostgreSQL.
  const taught = await loadTaught(config);
  if (damage || isIndexStale(config, taught)) {
    process.stdout.write(`Building the knowledge index from ${config.KNOWLEDGE_DIR}/${damage ? ` (${damage.code}: ${damage.reason})` : ''} …\n`);
    const summary = await runIngest(config, { logger, clock: systemClock, full: Boolean(damage), taught });
    process.stdout.write(`Indexed ${summary.documents} documents, ${summary.chunks} chunks${summary.errors.length ? `, ${summary.errors.length} files skipped` : ''}.\n`);
  }

  const { desks, slackDesk, kfDesk } = preChannelDesks(config);
  const core = await buildCoreRebuildingIndex(config, { logger, clock: systemClock, ids: uuidIds, desks }, logger);
  const channels = attachChannels(core, config, { logger, clock: systemClock, slackDesk, kfDesk });
  const app = createHttpApp(core, config);
  const server = await startHttpServer(app, { port: config.PORT, host: config.HOST, consoleToken: config.CONSOLE_TOKEN, rawRoutes: channels.rawRoutes });
  core.start();

  const base = config.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? server.url;
  process.stdout.write(
    [
      '',
      '资兴招商助手 — Zixing Investment Assistant is running',
      `  web chat      ${base}/`,
      `  staff console ${base}/console${config.CONSOLE_TOKEN ? ' (CONSOLE_TOKEN required)' : ' (open: no CONSOLE_TOKEN, loopback only)'}`,
      `  health        ${base}/healthz`,
      `  metrics       ${base}/metrics`,
      ...(channels.rawRoutes['/slack/events'] ? [`  slack events  ${base}/slack/events`] : []),
      ...core.channels.filter((c) => c.name !== 'web').map((c) => `  ${c.name.padEnd(13)} ${c.status().state}`),
      '',
    ].join('\n') + '\n',
  );
  // Channels connect in the background (Slack's auth check, WeChat's login); /healthz shows their state.
  void channels.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second signal means "now": skip the graceful wait.
      process.exit(1);
    }
    stopping = true;
    logger.info('shutting down', { signal });
    // Stop accepting first; end long polls so in-flight replies are what the deadline waits for.
    const closing = server.close(SHUTDOWN_DEADLINE_MS);
    core.web.close();
    core.desk.close();
    await closing;
    await core.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * Open the core; when the index files are missing, corrupt or built by another embedder, rebuild
 * them once from knowledge/ instead of exiting (which a supervisor would turn into a crash loop).
 */
async function buildCoreRebuildingIndex(config: Config, deps: CoreDeps, logger: Logger): Promise<Core> {
  try {
    return await buildCore(config, deps);
  } catch (err) {
    if (!(err instanceof CodedError) || !['index_missing', 'index_corrupt', 'index_mismatch'].includes(err.code)) throw err;
    process.stdout.write(`The knowledge index cannot be used (${err.code}: ${err.message}); rebuilding it from ${config.KNOWLEDGE_DIR}/ …\n`);
    const summary = await runIngest(config, { logger, clock: systemClock, full: true });
    process.stdout.write(`Indexed ${summary.documents} documents, ${summary.chunks} chunks.\n`);
    return buildCore(config, deps);
  }
}

main().catch((err: unknown) => {
  const coded = asCodedError(err);
  process.stderr.write(`Failed to start (${coded.code}): ${coded.message}\n`);
  process.exit(1);
});
