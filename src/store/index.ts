/** The store boundary: open the SQLite store from the configuration or an explicit path. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Clock } from '../core/ports.js';
import { SqliteStore } from './sqlite-store.js';

export { SqliteStore, conversationKey } from './sqlite-store.js';
export { createStaffStore, type StaffStore } from './staff-store.js';
export type * from './staff-types.js';
export { createLeadSearch } from './lead-search.js';
export { createLeadNotes } from './lead-notes.js';
export type * from './search-types.js';
export { MIGRATIONS, migrate, type Migration } from './migrations.js';
export { TaughtStore, type Actor, type TaughtItem, type TaughtKind, type TaughtAuditEntry } from './taught.js';
export type * from './types.js';

/** Open (and migrate) the store at `${DATA_DIR}/assistant.db`, or at `path` (':memory:' for tests). */
export function openStore(source: Pick<Config, 'DATA_DIR'> | { path: string }, clock?: Clock): SqliteStore {
  let path: string;
  if ('path' in source) path = source.path;
  else {
    mkdirSync(source.DATA_DIR, { recursive: true });
    path = join(source.DATA_DIR, 'assistant.db');
  }
  return new SqliteStore(path, clock);
}
