/** The `kv` table over PostgreSQL: small JSON values by namespace and key (as `../kv.ts`). */
import { changes, parseJson, row, rows, type PgDb } from './db.js';

/** The value at `namespace`/`key`, or undefined. */
export async function kvGet<T = unknown>(d: PgDb, namespace: string, key: string): Promise<T | undefined> {
  const r = await row<{ value: string }>(d, 'SELECT value FROM kv WHERE namespace = $1 AND key = $2', [namespace, key]);
  return r ? parseJson<T | undefined>(r.value, undefined) : undefined;
}

/** Write (insert or replace) a value. */
export async function kvSet(d: PgDb, namespace: string, key: string, value: unknown): Promise<void> {
  await changes(
    d,
    'INSERT INTO kv (namespace, key, value, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    [namespace, key, JSON.stringify(value ?? null), d.now()],
  );
}

/** Delete a value. */
export async function kvDelete(d: PgDb, namespace: string, key: string): Promise<void> {
  await changes(d, 'DELETE FROM kv WHERE namespace = $1 AND key = $2', [namespace, key]);
}

/** Write only when the key is absent; true when this call wrote it (one winner across instances). */
export async function kvSetIfAbsent(d: PgDb, namespace: string, key: string, value: unknown): Promise<boolean> {
  return (await changes(d, 'INSERT INTO kv (namespace, key, value, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (namespace, key) DO NOTHING', [namespace, key, JSON.stringify(value ?? null), d.now()])) === 1;
}

/** Delete the entries of a namespace last written before `cutoff`; returns how many. */
export async function kvDeleteBefore(d: PgDb, namespace: string, cutoff: number): Promise<number> {
  return changes(d, 'DELETE FROM kv WHERE namespace = $1 AND updated_at < $2', [namespace, cutoff]);
}

/** Every entry of a namespace, by key. */
export async function kvEntries<T = unknown>(d: PgDb, namespace: string): Promise<[string, T][]> {
  // COLLATE "C": byte order, as SQLite's BINARY sorts the keys.
  const found = await rows<{ key: string; value: string }>(d, 'SELECT key, value FROM kv WHERE namespace = $1 ORDER BY key COLLATE "C"', [namespace]);
  return found.map((r) => [r.key, parseJson<T>(r.value, undefined as T)]);
}

/**
 * Read-modify-write of one value inside the caller's transaction: the row is created when missing
 * (so there is a row to lock), locked `FOR UPDATE`, and replaced or deleted. Two instances
 * updating one key queue on the row lock, so no update is lost.
 */
export async function kvUpdate<T>(d: PgDb, namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
  await changes(d, "INSERT INTO kv (namespace, key, value, updated_at) VALUES ($1, $2, 'null', $3) ON CONFLICT (namespace, key) DO NOTHING", [namespace, key, d.now()]);
  const r = await row<{ value: string }>(d, 'SELECT value FROM kv WHERE namespace = $1 AND key = $2 FOR UPDATE', [namespace, key]);
  const current = r ? parseJson<T | null>(r.value, null) : null;
  const next = fn(current ?? undefined);
  if (next === undefined) await kvDelete(d, namespace, key);
  else await kvSet(d, namespace, key, next);
  return next;
}
