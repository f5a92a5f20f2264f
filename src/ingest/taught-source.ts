/**
 * The taught knowledge an ingest run reads when none is given: with DATABASE_URL the PostgreSQL
 * database, else the SQLite database under DATA_DIR when there is one (an ingest never creates
 * it). So `npm run ingest`, the start-up check and the console's re-ingest all index knowledge/
 * and what staff taught together.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { CodedError } from '../core/errors.js';
import { openStore, PgStore } from '../store/index.js';
import { createPgTaughtLedger } from '../store/pg/taught.js';
import { TaughtStore } from '../store/taught.js';
import { taughtForIngest } from '../store/taught-port.js';
import { NOTHING_TAUGHT, type TaughtKnowledge } from './questions.js';

type Source = Pick<Config, 'DATA_DIR'> & Partial<Pick<Config, 'DATABASE_URL'>>;

/**
 * What staff taught, from `${DATA_DIR}/assistant.db` (synchronous: SQLite only); nothing when
 * there is no database. With DATABASE_URL use `loadTaught`, or pass what was taught.
 */
export function readTaught(config: Source): TaughtKnowledge {
  if (config.DATABASE_URL) throw new CodedError('config_invalid', 'with DATABASE_URL what staff taught is read from PostgreSQL: use loadTaught(config) and pass it on');
  if (!existsSync(join(config.DATA_DIR, 'assistant.db'))) return NOTHING_TAUGHT;
  const store = openStore(config);
  try {
    return new TaughtStore(store.db, systemClock).forIngest();
  } finally {
    store.close();
  }
}

/** What staff taught, from whichever database the configuration names. */
export async function loadTaught(config: Source): Promise<TaughtKnowledge> {
  if (!config.DATABASE_URL) return readTaught(config);
  const pg = await PgStore.open(config.DATABASE_URL, { max: 1 });
  try {
    return taughtForIngest(await createPgTaughtLedger(pg.pool, systemClock).active());
  } finally {
    await pg.close();
  }
}
