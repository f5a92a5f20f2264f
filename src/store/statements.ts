/**
 * Prepared statements, cached per database by their SQL text. better-sqlite3's `prepare()` parses
 * and plans the SQL on every call (about 5% of the CPU of a question under load); a statement
 * prepared once can be run any number of times. Only fixed SQL belongs here: text that varies with
 * the data (an `IN (?, ?, …)` list of any length) would grow the cache without bound. Also the
 * context the per-table functions share (`Db`) and the tolerant JSON column reader.
 */
import type Database from 'better-sqlite3';

type Statement = Database.Statement<unknown[], unknown>;

const caches = new WeakMap<Database.Database, Map<string, Statement>>();

/** The statement for `sql` on `db`, prepared on first use. */
export function prepared(db: Database.Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** A database and its clock: what every table function (conversations.ts, leads.ts, …) runs against. */
export interface Db {
  readonly db: Database.Database;
  now(): number;
}

/** Parse a JSON column, tolerating damage: a bad row reads as `fallback` instead of failing the read. */
export function parseJson<T>(json: string | null | undefined, fallback: T): T {
  if (!json) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}
