/** The `kv` table: small JSON values by namespace and key (channel cursors, de-duplication marks, settings). */
import { parseJson, prepared, type Db } from './statements.js';

/** The value at `namespace`/`key`, or undefined. */
export function kvGet<T = unknown>(d: Db, namespace: string, key: string): T | undefined {
  const r = prepared(d.db, 'SELECT value FROM kv WHERE namespace = ? AND key = ?').get(namespace, key) as { value: string } | undefined;
  return r ? parseJson<T | undefined>(r.value, undefined) : undefined;
}

/** Write (insert or replace) a value. */
export function kvSet(d: Db, namespace: string, key: string, value: unknown): void {
  prepared(d.db, 'INSERT INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(namespace, key, JSON.stringify(value ?? null), d.now());
}

/** Delete a value. */
export function kvDelete(d: Db, namespace: string, key: string): void {
  prepared(d.db, 'DELETE FROM kv WHERE namespace = ? AND key = ?').run(namespace, key);
}

/** Write only when the key is absent; true when this call wrote it. */
export function kvSetIfAbsent(d: Db, namespace: string, key: string, value: unknown): boolean {
  return prepared(d.db, 'INSERT INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(namespace, key) DO NOTHING').run(namespace, key, JSON.stringify(value ?? null), d.now()).changes === 1;
}

/** Delete the entries of a namespace last written before `cutoff`; returns how many. */
export function kvDeleteBefore(d: Db, namespace: string, cutoff: number): number {
  return prepared(d.db, 'DELETE FROM kv WHERE namespace = ? AND updated_at < ?').run(namespace, cutoff).changes;
}

/** Every entry of a namespace, by key. */
export function kvEntries<T = unknown>(d: Db, namespace: string): [string, T][] {
  const rows = prepared(d.db, 'SELECT key, value FROM kv WHERE namespace = ? ORDER BY key').all(namespace) as { key: string; value: string }[];
  return rows.map((r) => [r.key, parseJson<T>(r.value, undefined as T)]);
}
