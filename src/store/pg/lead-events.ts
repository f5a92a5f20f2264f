/** The `lead_events` table over PostgreSQL: a lead's history, oldest first (as `../lead-events.ts`). */
import type { LeadEventRow } from '../lead-events.js';
import type { LeadHistoryEntry } from '../types.js';
import { changes, parseJson, rows, type PgDb } from './db.js';

/** Append to a lead's history. */
export async function addLeadEvent(d: PgDb, e: LeadHistoryEntry): Promise<void> {
  await changes(d, 'INSERT INTO lead_events (lead_id, type, actor_id, actor_name, data, at) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.leadId,
    e.type,
    e.actor?.id ?? null,
    e.actor?.name ?? null,
    e.data === undefined ? null : JSON.stringify(e.data),
    d.now(),
  ]);
}

/** A lead's history, oldest first. */
export async function leadEvents(d: PgDb, leadId: string): Promise<LeadEventRow[]> {
  const found = await rows<{ type: string; actor_id: string | null; actor_name: string | null; data: string | null; at: number }>(
    d,
    'SELECT type, actor_id, actor_name, data, at FROM lead_events WHERE lead_id = $1 ORDER BY id',
    [leadId],
  );
  return found.map((r) => {
    const e: LeadEventRow = { type: r.type, at: r.at };
    if (r.actor_id) e.actorId = r.actor_id;
    if (r.actor_name) e.actorName = r.actor_name;
    if (r.data) e.data = parseJson(r.data, undefined);
    return e;
  });
}
