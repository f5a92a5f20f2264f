/**
 * The `outbox` table: one row per desk per lead event, retried until the desk takes it. Rows are
 * written in the transaction of the change they announce. Synchronous functions over `Db`.
 */
import type { LeadEvent } from '../core/ports.js';
import { prepared, type Db } from './statements.js';
import type { OutboxItem } from './types.js';

/** A row of the table as both back-ends read it. */
export interface OutboxRow {
  id: number;
  desk: string;
  lead_id: string | null;
  event: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

/** The row as the store ports return it (both back-ends). */
export function toOutboxItem(r: OutboxRow): OutboxItem {
  const item: OutboxItem = { id: r.id, desk: r.desk, event: JSON.parse(r.event) as LeadEvent, attempts: r.attempts, nextAttemptAt: r.next_attempt_at };
  if (r.lead_id !== null) item.leadId = r.lead_id;
  if (r.delivered_at !== null) item.deliveredAt = r.delivered_at;
  if (r.last_error !== null) item.lastError = r.last_error;
  return item;
}

/** Write one outbox row per desk for `event` (inside the caller's transaction, so the rows of all desks commit together). */
export function enqueue(d: Db, event: LeadEvent, desks: string[]): number[] {
  const now = d.now();
  const stmt = prepared(d.db, 'INSERT INTO outbox (desk, lead_id, event, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)');
  const json = JSON.stringify(event);
  return desks.map((desk) => Number(stmt.run(desk, event.lead.id, json, now, now).lastInsertRowid));
}

/** Undelivered rows due at `now`, oldest first. */
export function dueOutbox(d: Db, now: number, limit = 100): OutboxItem[] {
  return (prepared(d.db, 'SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?').all(now, limit) as OutboxRow[]).map(toOutboxItem);
}

/** Lease up to `limit` due rows to the caller until `now + leaseMs` (inside the caller's transaction); returns them as they were, oldest first. */
export function claimDue(d: Db, now: number, leaseMs: number, limit = 100): OutboxItem[] {
  const due = dueOutbox(d, now, limit);
  const lease = prepared(d.db, 'UPDATE outbox SET next_attempt_at = ? WHERE id = ?');
  for (const item of due) lease.run(now + leaseMs, item.id);
  return due;
}

/** The desk took the row. */
export function markDelivered(d: Db, id: number): void {
  prepared(d.db, 'UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?').run(d.now(), id);
}

/** The desk failed; try again at `nextAttemptAt`. */
export function markFailed(d: Db, id: number, error: string, nextAttemptAt: number): void {
  prepared(d.db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?').run(error.slice(0, 500), nextAttemptAt, id);
}

/** Every row (or only the undelivered ones), oldest first. */
export function outboxItems(d: Db, opts: { pendingOnly?: boolean } = {}): OutboxItem[] {
  const sql = `SELECT * FROM outbox ${opts.pendingOnly ? 'WHERE delivered_at IS NULL' : ''} ORDER BY id`;
  return (prepared(d.db, sql).all() as OutboxRow[]).map(toOutboxItem);
}

/** Delete rows delivered before `cutoff`; returns how many. */
export function pruneDelivered(d: Db, cutoff: number): number {
  return prepared(d.db, 'DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?').run(cutoff).changes;
}

/** Delete every row (delivered or not) of one lead; returns how many. */
export function deleteOfLead(d: Db, leadId: string): number {
  return prepared(d.db, 'DELETE FROM outbox WHERE lead_id = ?').run(leadId).changes;
}

/** Delete every row of these leads in one statement; returns how many. */
export function deleteOfLeads(d: Db, leadIds: string[]): number {
  const placeholders = leadIds.map(() => '?').join(',');
  // The IN list varies with the number of leads: prepared per call (erasure is rare), not cached.
  return d.db.prepare(`DELETE FROM outbox WHERE lead_id IN (${placeholders})`).run(...leadIds).changes;
}
