/** The `lead_events` table: a lead's history (created, claimed, escalated, erased, …), oldest first. */
import { parseJson, prepared, type Db } from './statements.js';
import type { LeadHistoryEntry } from './types.js';

/** One history entry of a lead as read back. */
export type LeadEventRow = { type: string; actorId?: string; actorName?: string; at: number; data?: unknown };

/** Append to a lead's history. */
export function addLeadEvent(d: Db, e: LeadHistoryEntry): void {
  prepared(d.db, 'INSERT INTO lead_events (lead_id, type, actor_id, actor_name, data, at) VALUES (?, ?, ?, ?, ?, ?)').run(e.leadId, e.type, e.actor?.id ?? null, e.actor?.name ?? null, e.data === undefined ? null : JSON.stringify(e.data), d.now());
}

/** A lead's history, oldest first. */
export function leadEvents(d: Db, leadId: string): LeadEventRow[] {
  const rows = prepared(d.db, 'SELECT type, actor_id, actor_name, data, at FROM lead_events WHERE lead_id = ? ORDER BY id').all(leadId) as {
    type: string;
    actor_id: string | null;
    actor_name: string | null;
    data: string | null;
    at: number;
  }[];
  return rows.map((r) => {
    const e: LeadEventRow = { type: r.type, at: r.at };
    if (r.actor_id) e.actorId = r.actor_id;
    if (r.actor_name) e.actorName = r.actor_name;
    if (r.data) e.data = parseJson(r.data, undefined);
    return e;
  });
}
