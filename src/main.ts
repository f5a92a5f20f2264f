/**
 * `npm start`: check the configuration, build the index when it is missing or stale, build the
 * core, serve the web chat, console and API, and shut down gracefully on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { systemClock, uuidIds } from './core/clock.js';
import { asCodedError } from './core/errors.js';
import { createLogger } from './core/log.js';
import { isIndexStale, runIngest } from './ingest/index.js';
import { buildCore, createHttpApp, startHttpServer } from './server.js';

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

  if (isIndexStale(config)) {
    process.stdout.write(`Building the knowledge index from ${config.KNOWLEDGE_DIR}/ …\n`);
    const summary = await runIngest(config, { logger, clock: systemClock });
    process.stdout.write(`Indexed ${summary.documents} documents, ${summary.chunks} chunks${summary.errors.length ? `, ${summary.errors.length} files skipped` : ''}.\n`);
  }

  const core = await buildCore(config, { logger, clock: systemClock, ids: uuidIds });
  const app = createHttpApp(core, config);
  const server = await startHttpServer(app, { port: config.PORT, host: config.HOST, consoleToken: config.CONSOLE_TOKEN });
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
      '',
    ].join('\n') + '\n',
  );

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

main().catch((err: unknown) => {
  const coded = asCodedError(err);
  process.stderr.write(`Failed to start (${coded.code}): ${coded.message}\n`);
  process.exit(1);
});
