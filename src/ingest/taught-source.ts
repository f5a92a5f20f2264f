/**
 * The taught knowledge an ingest run reads when none is given: the database under DATA_DIR, when
 * there is one (an ingest never creates it). So `npm run ingest`, the start-up check and the
 * console's re-ingest all index knowledge/ and what staff taught together.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { openStore } from '../store/index.js';
import { TaughtStore } from '../store/taught.js';
import { NOTHING_TAUGHT, type TaughtKnowledge } from './questions.js';

/** What staff taught, from `${DATA_DIR}/assistant.db`; nothing when there is no database. */
export function readTaught(config: Pick<Config, 'DATA_DIR'>): TaughtKnowledge {
  if (!existsSync(join(config.DATA_DIR, 'assistant.db'))) return NOTHING_TAUGHT;
  const store = openStore(config);
  try {
    return new TaughtStore(store.db, systemClock).forIngest();
  } finally {
    store.close();
  }
}
