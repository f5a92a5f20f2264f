/**
 * The store boundary: open the SQLite store from the configuration or an explicit path, or, with
 * DATABASE_URL, the PostgreSQL store (`openDialogStore`, `openStaffStore`; the server opens every
 * port at once with `openBackend`, backend.ts). `openStore` is the SQLite handle itself: with
 * DATABASE_URL set it refuses instead of quietly using a local SQLite file beside a shared
 * PostgreSQL (see `SQLITE_ONLY` and docs/postgres.md).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { CodedError } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import { PgStore } from './pg/pg-store.js';
import { createPgStaffStore } from './pg/staff.js';
import { SqliteStore } from './sqlite-store.js';
import { createStaffStore, type StaffStore } from './staff-store.js';
import type { DialogStore, KeyValueLedger } from './types.js';

export { SqliteStore, conversationKey } from './sqlite-store.js';
export { PgStore, type PgStoreOptions } from './pg/pg-store.js';
export { createPgStaffStore } from './pg/staff.js';
export { createStaffStore, type StaffStore } from './staff-store.js';
export type * from './staff-types.js';
export { createLeadSearch } from './lead-search.js';
export { createLeadNotes } from './lead-notes.js';
export type * from './search-types.js';
export { MIGRATIONS, migrate, type Migration } from './migrations.js';
export { PG_MIGRATIONS, migratePg, type PgMigration } from './pg/migrations.js';
export { TaughtStore, type Actor, type TaughtItem, type TaughtKind, type TaughtAuditEntry } from './taught.js';
export type * from './types.js';

/** What still runs on SQLite only: the reason `openStore` refuses DATABASE_URL. */
export const SQLITE_ONLY = 'npm run backup (use pg_dump)';

/** The config's source of the store, as `openStore` takes it. */
type StoreSource = Pick<Config, 'DATA_DIR'> & Partial<Pick<Config, 'DATABASE_URL'>>;

/**
 * Open (and migrate) the SQLite store at `${DATA_DIR}/assistant.db`, or at `path` (':memory:' for
 * tests). With DATABASE_URL set this refuses (config_invalid): the caller is a part that has not
 * moved to PostgreSQL yet, and a local SQLite file would silently split the state.
 */
export function openStore(source: StoreSource | { path: string }, clock?: Clock): SqliteStore {
  let path: string;
  if ('path' in source) path = source.path;
  else {
    if (source.DATABASE_URL) {
      throw new CodedError(
        'config_invalid',
        `DATABASE_URL is set, but this part runs on SQLite only. Not on PostgreSQL: ${SQLITE_ONLY}. Unset DATABASE_URL to use SQLite under DATA_DIR (docs/postgres.md)`,
      );
    }
    mkdirSync(source.DATA_DIR, { recursive: true });
    path = join(source.DATA_DIR, 'assistant.db');
  }
  return new SqliteStore(path, clock);
}

/** A dialog store and how to close it, whichever back-end. */
export type OpenedDialogStore = DialogStore & KeyValueLedger & { close(): void | Promise<void> };

/** The dialog store the configuration names: PostgreSQL with DATABASE_URL (migrated under an advisory lock), else SQLite. */
export async function openDialogStore(config: StoreSource & Partial<Pick<Config, 'DATABASE_POOL_MAX'>>, clock?: Clock): Promise<OpenedDialogStore> {
  if (config.DATABASE_URL) return PgStore.open(config.DATABASE_URL, { ...(clock ? { clock } : {}), ...(config.DATABASE_POOL_MAX ? { max: config.DATABASE_POOL_MAX } : {}) });
  return openStore({ DATA_DIR: config.DATA_DIR }, clock);
}

/** The staff ports (accounts, sessions) over the configured back-end, and how to close them. */
export async function openStaffStore(config: StoreSource, clock: Clock = { now: () => Date.now() }): Promise<{ staff: StaffStore; close(): void | Promise<void> }> {
  if (config.DATABASE_URL) {
    const pg = await PgStore.open(config.DATABASE_URL, { clock, max: 2 });
    return { staff: createPgStaffStore(pg.pool, clock), close: () => pg.close() };
  }
  const store = openStore({ DATA_DIR: config.DATA_DIR }, clock);
  return { staff: createStaffStore(store.db, clock), close: () => store.close() };
}
