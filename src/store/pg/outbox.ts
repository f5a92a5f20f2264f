/**
 * The `outbox` table over PostgreSQL (as `../outbox.ts`), plus the cross-instance drain:
 * `claimDue` leases due rows with `FOR UPDATE SKIP LOCKED`, so two instances draining at once
 * never take the same row (each skips the rows the other has locked, and a leased row is not due
 * again until its lease ends or it is marked).
 */
import type { LeadEvent } from '../../core/ports.js';
import type { OutboxItem } from '../types.js';
import { changes, rows, type PgDb } from './db.js';
import { toOutboxItem, type OutboxRow } from '../outbox.js';

/** Write one outbox row per desk for `event`, in one statement (inside the caller's transaction). */
export async function enqueue(d: PgDb, event: LeadEvent, desks: string[]): Promise<number[]> {
  if (desks.length === 0) return [];
  const now = d.now();
  const found = await rows<{ id: number }>(
    d,
    'INSERT INTO outbox (desk, lead_id, event, next_attempt_at, created_at) SELECT desk, $2, $3, $4, $4 FROM unnest($1::text[]) WITH ORDINALITY AS u(desk, n) ORDER BY n RETURNING id',
    [desks, event.lead.id, JSON.stringify(event), now],
  );
  return found.map((r) => r.id).sort((a, b) => a - b);
}

/** Undelivered rows due at `now`, oldest first (a read: see `claimDue` for draining). */
export async function dueOutbox(d: PgDb, now: number, limit = 100): Promise<OutboxItem[]> {
  return (await rows<OutboxRow>(d, 'SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2', [now, limit])).map(toOutboxItem);
}

/**
 * Take up to `limit` due rows for delivery by this caller: their next attempt moves to
 * `now + leaseMs`, so no other drainer gets them meanwhile; rows another transaction has locked
 * are skipped, not waited for. Returns them oldest first, as they were before the lease.
 */
export async function claimDue(d: PgDb, now: number, leaseMs: number, limit = 100): Promise<OutboxItem[]> {
  const found = await rows<OutboxRow & { prev_attempt_at: number }>(
    d,
    `WITH due AS (
       SELECT id, next_attempt_at FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
     )
     UPDATE outbox o SET next_attempt_at = $1 + $2 FROM due WHERE o.id = due.id
     RETURNING o.*, due.next_attempt_at AS prev_attempt_at`,
    [now, leaseMs, limit],
  );
  return found.map((r) => toOutboxItem({ ...r, next_attempt_at: r.prev_attempt_at })).sort((a, b) => a.id - b.id);
}

/** The desk took the row. */
export async function markDelivered(d: PgDb, id: number): Promise<void> {
  await changes(d, 'UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2', [d.now(), id]);
}

/** The desk failed; try again at `nextAttemptAt`. */
export async function markFailed(d: PgDb, id: number, error: string, nextAttemptAt: number): Promise<void> {
  await changes(d, 'UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3', [error.slice(0, 500), nextAttemptAt, id]);
}

/** Every row (or only the undelivered ones), oldest first. */
export async function outboxItems(d: PgDb, opts: { pendingOnly?: boolean } = {}): Promise<OutboxItem[]> {
  return (await rows<OutboxRow>(d, `SELECT * FROM outbox ${opts.pendingOnly ? 'WHERE delivered_at IS NULL' : ''} ORDER BY id`)).map(toOutboxItem);
}

/** Delete rows delivered before `cutoff`; returns how many. */
export async function pruneDelivered(d: PgDb, cutoff: number): Promise<number> {
  return changes(d, 'DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < $1', [cutoff]);
}

/** Delete every row (delivered or not) of these leads; returns how many. */
export async function deleteOfLeads(d: PgDb, leadIds: string[]): Promise<number> {
  if (leadIds.length === 0) return 0;
  return changes(d, 'DELETE FROM outbox WHERE lead_id = ANY($1::text[])', [leadIds]);
}
