/**
 * The PostgreSQL connection the per-table functions run against: a pool, or one client inside a
 * transaction. `PgDb.q` is the one query call every table function uses, so a function runs the
 * same way alone (any pooled connection) and inside a composite operation (the transaction's
 * client). BIGINT columns (timestamps in ms, serial ids) come back as JS numbers: every value the
 * store keeps fits in 2^53 (ms timestamps, row counters).
 */
import pg from 'pg';
import { pgIdentifier } from './migrations.js';

/** Something that runs a query: the pool or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** A connection and its clock: what every PostgreSQL table function runs against. */
export interface PgDb {
  readonly c: Queryable;
  now(): number;
}

/** Rows of a query. */
export async function rows<R extends pg.QueryResultRow>(d: PgDb, sql: string, values: unknown[] = []): Promise<R[]> {
  return (await d.c.query<R>(sql, values)).rows;
}

/** The first row of a query, or undefined. */
export async function row<R extends pg.QueryResultRow>(d: PgDb, sql: string, values: unknown[] = []): Promise<R | undefined> {
  return (await d.c.query<R>(sql, values)).rows[0];
}

/** How many rows a statement changed. */
export async function changes(d: PgDb, sql: string, values: unknown[] = []): Promise<number> {
  return (await d.c.query(sql, values)).rowCount ?? 0;
}

const INT8 = 20;
const NUMERIC = 1700;

/** Type parsers of this store's pools only (not pg's global ones): BIGINT and COUNT(*) as numbers. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** Open a pool on `url`; with `schema`, every connection works in that schema (tests, one schema per case). */
export function openPool(url: string, opts: { max?: number; schema?: string } = {}): pg.Pool {
  const config: pg.PoolConfig = { connectionString: url, max: opts.max ?? 10, types };
  if (opts.schema !== undefined) {
    config.options = `-c search_path=${pgIdentifier(opts.schema)}`;
  }
  return new pg.Pool(config);
}

/**
 * Run `fn` in one transaction on one pooled client: BEGIN, `fn`, COMMIT; ROLLBACK on any error.
 * `fn` gets a `PgDb` over that client, so the table functions it calls join the transaction.
 */
export async function inTransaction<T>(pool: pg.Pool, now: () => number, fn: (d: PgDb) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn({ c: client, now });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Parse a JSON text column, tolerating damage (as the SQLite store does). */
export { parseJson } from '../statements.js';
