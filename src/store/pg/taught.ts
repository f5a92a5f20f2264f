/**
 * Taught items and their audit log over PostgreSQL (as `../taught.ts`): each create and undo
 * writes its audit row in the same transaction, and an undo is a conditional UPDATE, so of two
 * instances undoing one item at once exactly one succeeds and the other gets `conflict`.
 */
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { CodedError } from '../../core/errors.js';
import type { Clock } from '../../core/ports.js';
import { toItem, type ItemRow } from '../taught.js';
import type { TaughtAuditEntry, TaughtKind, TaughtLedger } from '../taught-port.js';
import { inTransaction, row, rows, type PgDb } from './db.js';

/** The taught-items port over a PostgreSQL pool. */
export function createPgTaughtLedger(pool: pg.Pool, clock: Clock, newId: () => string = () => `t_${randomUUID().slice(0, 12)}`): TaughtLedger {
  const d: PgDb = { c: pool, now: () => clock.now() };
  const get = async (id: string) => {
    const r = await row<ItemRow>(d, 'SELECT * FROM taught_items WHERE id = $1', [id]);
    return r ? toItem(r) : undefined;
  };
  return {
    async add(item, summary) {
      if (item.questions.length === 0 || item.questions.some((q) => !q.trim())) throw new CodedError('bad_request', 'a taught item needs at least one non-empty question');
      const id = newId();
      const at = clock.now();
      await inTransaction(pool, d.now, async (t) => {
        await t.c.query('INSERT INTO taught_items (id, kind, questions, path, chunk_id, heading_path, document, actor_id, actor_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
          id, item.kind, JSON.stringify(item.questions), item.path ?? null, item.chunkId ?? null, item.headingPath ? JSON.stringify(item.headingPath) : null, item.document ?? null, item.actor.id, item.actor.name, at,
        ]);
        await t.c.query("INSERT INTO taught_audit (item_id, action, actor_id, actor_name, summary, at) VALUES ($1, 'create', $2, $3, $4, $5)", [id, item.actor.id, item.actor.name, summary, at]);
      });
      return { ...item, id, createdAt: at };
    },
    async undo(id, actor) {
      const at = clock.now();
      const undone = await inTransaction(pool, d.now, async (t) => {
        const r = await row<ItemRow>(t, 'UPDATE taught_items SET undone_at = $1, undone_by = $2 WHERE id = $3 AND undone_at IS NULL RETURNING *', [at, actor.id, id]);
        if (r) await t.c.query("INSERT INTO taught_audit (item_id, action, actor_id, actor_name, summary, at) VALUES ($1, 'undo', $2, $3, $4, $5)", [id, actor.id, actor.name, `撤销 · undo ${r.kind}`, at]);
        return r;
      });
      if (undone) return toItem(undone);
      if (await get(id)) throw new CodedError('conflict', `taught item ${id} is already undone`);
      throw new CodedError('not_found', `no taught item ${id}`);
    },
    async active() {
      return (await rows<ItemRow>(d, 'SELECT * FROM taught_items WHERE undone_at IS NULL ORDER BY created_at, id COLLATE "C"')).map(toItem);
    },
    get,
    async audit(limit = 200): Promise<TaughtAuditEntry[]> {
      const found = await rows<{ id: number; item_id: string; action: 'create' | 'undo'; actor_id: string; actor_name: string; summary: string; at: number; kind: TaughtKind; undone_at: number | null }>(
        d,
        `SELECT a.id, a.item_id, a.action, a.actor_id, a.actor_name, a.summary, a.at, i.kind, i.undone_at
           FROM taught_audit a JOIN taught_items i ON i.id = a.item_id ORDER BY a.id DESC LIMIT $1`,
        [Math.max(1, Math.min(limit, 1000))],
      );
      return found.map((r) => ({ id: r.id, itemId: r.item_id, action: r.action, actor: { id: r.actor_id, name: r.actor_name }, summary: r.summary, at: r.at, kind: r.kind, undone: r.undone_at !== null }));
    },
  };
}
