/**
 * Order across instances on one PostgreSQL: `serial` takes the in-process per-key lock first (so
 * one instance queues its own work without holding a connection per waiter), then a session
 * advisory lock on the key (`pg_advisory_lock(hashtext(…))`) on a connection of a pool of its
 * own, held while the work runs. The work's queries use the store's pool, never the lock pool, so
 * a full lock pool makes conversations wait, not deadlock. An instance that dies drops its
 * connection and PostgreSQL frees its locks. `exclusive` is the same with `pg_try_advisory_lock`:
 * a job another instance runs is skipped, not waited for.
 */
import type pg from 'pg';
import { KeyedLock } from '../../core/keyed-lock.js';
import type { Coordination } from '../../core/ports.js';
import { openPool } from './db.js';

/** Coordination over PostgreSQL advisory locks, and how to stop it. */
export interface PgCoordination extends Coordination {
  close(): Promise<void>;
}

/**
 * Open the lock pool on `url`. `scope` (the schema, when one is used) is part of every lock key,
 * so stores in different schemas of one database (tests) never wait for each other.
 */
export function createPgCoordination(url: string, opts: { max?: number; scope?: string } = {}): PgCoordination {
  const pool: pg.Pool = openPool(url, { max: opts.max ?? 10 });
  // An idle lock connection that breaks (server restart) must not crash the process.
  pool.on('error', () => {});
  const local = new KeyedLock();
  const scope = opts.scope ?? '';

  /** Hold the advisory lock `lockKey` (blocking or trying) around `fn`. */
  const withLock = async <T>(lockKey: string, blocking: boolean, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      let got: boolean;
      try {
        if (blocking) got = (await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]), true);
        else got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockKey])).rows[0]?.ok === true;
      } catch (err) {
        broken = err as Error;
        throw err;
      }
      if (!got) return { ran: false };
      try {
        return { ran: true, value: await fn() };
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch((err: unknown) => {
          // The connection is gone (and with it the lock): do not give it back to the pool.
          broken = err as Error;
        });
      }
    } finally {
      client.release(broken);
    }
  };

  return {
    serial: (key, fn) =>
      local.run(key, async () => {
        const r = await withLock(`zixing:conv:${scope}:${key}`, true, fn);
        return (r as { value: Awaited<ReturnType<typeof fn>> }).value;
      }),
    async exclusive(name, fn) {
      return (await withLock(`zixing:job:${scope}:${name}`, false, fn)).ran;
    },
    close: () => pool.end(),
  };
}
