/** Build the index when it is missing or older than `knowledge/`, before anything opens it. */
import type { Config } from '../config.js';
import type { Logger } from '../core/ports.js';
import { runIngest, type IngestSummary } from './run-ingest.js';
import { isIndexStale } from './stale.js';

/** Re-ingest only when needed; returns the summary when it ran. */
export async function ensureIndex(config: Config, logger: Logger): Promise<IngestSummary | undefined> {
  if (!isIndexStale(config)) return undefined;
  logger.info('index missing or stale: ingesting', { knowledge: config.KNOWLEDGE_DIR });
  return runIngest(config, { logger });
}
