/**
 * Assigning a lead to a colleague (#17), over SQLite: one conditional UPDATE decides, so a racing
 * claim, close or second assignment either wins or loses whole, and only the call that changed the
 * lead writes its 'assigned' history entry and queues the desk event, in the same transaction
 * (the caller runs this inside `durable`). The PostgreSQL twin is `pg/lead-assign.ts`.
 *
 * Who may: the lead's owner, or a supervisor (also for an unowned lead). What it becomes: a
 * claimed lead stays claimed, so the live conversation with the investor passes to the assignee
 * (claimed_at restarts); a new or follow-up lead becomes 'follow_up' (待跟进) for the assignee, so
 * the bot keeps answering until they claim it, and it no longer escalates (someone named has it).
 */
import type { StaffMember } from '../core/ports.js';
import { addLeadEvent } from './lead-events.js';
import { getLead } from './leads.js';
import * as outbox from './outbox.js';
import { prepared, type Db } from './statements.js';
import type { LeadEventBuilder, LeadRecord } from './types.js';

/** The status an assignment leaves (SQL both back-ends run: `pg/lead-assign.ts` uses it too). */
export const ASSIGN_STATUS = "CASE WHEN status = 'claimed' THEN 'claimed' ELSE 'follow_up' END";

/** What an assignment returns: whether this call made it, the lead after it, the owner it was taken from. */
export type AssignResult = { assigned: boolean; lead: LeadRecord | undefined; from?: StaffMember };

/** The history entry's data: whom the lead was taken from and given to. */
export function assignData(from: StaffMember | undefined, to: StaffMember): { from?: { id: string; name: string }; to: { id: string; name: string } } {
  return { ...(from ? { from: { id: from.id, name: from.name } } : {}), to: { id: to.id, name: to.name } };
}

/** Assign lead `id` to `to` on behalf of `by`; history and outbox rows only when this call changed it. */
export function assignLead(d: Db, id: string, to: StaffMember, by: StaffMember, event: LeadEventBuilder, desks: string[]): AssignResult {
  const before = getLead(d, id);
  if (!before) return { assigned: false, lead: undefined };
  const now = d.now();
  const changed =
    prepared(
      d.db,
      `UPDATE leads SET owner_id = ?, owner_name = ?, status = ${ASSIGN_STATUS},
         claimed_at = CASE WHEN status = 'claimed' THEN ? ELSE claimed_at END, updated_at = ?
       WHERE id = ? AND status != 'closed' AND (owner_id IS NULL OR owner_id != ?) AND (owner_id = ? OR ? = 1)`,
    ).run(to.id, to.name, now, now, id, to.id, by.id, by.supervisor ? 1 : 0).changes === 1;
  const lead = getLead(d, id);
  if (!changed || !lead) return { assigned: false, lead };
  addLeadEvent(d, { leadId: id, type: 'assigned', actor: by, data: assignData(before.owner, to) });
  outbox.enqueue(d, event(lead), desks);
  return { assigned: true, lead, ...(before.owner ? { from: before.owner } : {}) };
}
