/** Build the index when it is missing, damaged or older than `knowledge/`, before anything opens it. */
import type { Config } from '../config.js';
import type { Logger } from '../core/ports.js';
import { runIngest, type IngestSummary } from './run-ingest.js';
import { indexDamage, isIndexStale } from './stale.js';
import { loadTaught } from './taught-source.js';

/**
 * Re-ingest only when needed; returns the summary when it ran. An index that opening would refuse
 * (index_missing / index_corrupt / index_mismatch) is rebuilt in full; a merely stale one incrementally.
 */
export async function ensureIndex(config: Config, logger: Logger): Promise<IngestSummary | undefined> {
  const damage = indexDamage(config);
  if (damage) {
    logger.info('index cannot be opened: rebuilding it', { code: damage.code, reason: damage.reason, knowledge: config.KNOWLEDGE_DIR });
    return runIngest(config, { logger, full: true });
  }
  const taught = await loadTaught(config);
  if (!isIndexStale(config, taught)) return undefined;
  logger.info('index stale: ingesting', { knowledge: config.KNOWLEDGE_DIR });
  return runIngest(config, { logger, taught });
}
