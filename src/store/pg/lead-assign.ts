/**
 * Assigning a lead to a colleague over PostgreSQL, with the rules of `../lead-assign.ts`. Runs
 * inside the caller's transaction: the lead's row is locked first (`FOR UPDATE`), so the owner it
 * is taken from is the one the conditional UPDATE replaces; a racing claim or close waits for this
 * transaction and then re-checks its own WHERE.
 */
import type { StaffMember } from '../../core/ports.js';
import { ASSIGN_STATUS, assignData, type AssignResult } from '../lead-assign.js';
import { toLead, type LeadRow } from '../leads.js';
import type { LeadEventBuilder } from '../types.js';
import { row, type PgDb } from './db.js';
import { addLeadEvent } from './lead-events.js';
import * as outbox from './outbox.js';

/** Assign lead `id` to `to` on behalf of `by`; history and outbox rows only when this call changed it. */
export async function assignLead(d: PgDb, id: string, to: StaffMember, by: StaffMember, event: LeadEventBuilder, desks: string[]): Promise<AssignResult> {
  const locked = await row<LeadRow>(d, 'SELECT * FROM leads WHERE id = $1 FOR UPDATE', [id]);
  if (!locked) return { assigned: false, lead: undefined };
  const before = toLead(locked);
  const now = d.now();
  const updated = await row<LeadRow>(
    d,
    `UPDATE leads SET owner_id = $1, owner_name = $2, status = ${ASSIGN_STATUS},
       claimed_at = CASE WHEN status = 'claimed' THEN $3 ELSE claimed_at END, updated_at = $3
     WHERE id = $4 AND status <> 'closed' AND (owner_id IS NULL OR owner_id <> $1) AND (owner_id = $5 OR $6)
     RETURNING *`,
    [to.id, to.name, now, id, by.id, by.supervisor === true],
  );
  if (!updated) return { assigned: false, lead: before };
  const lead = toLead(updated);
  await addLeadEvent(d, { leadId: id, type: 'assigned', actor: by, data: assignData(before.owner, to) });
  await outbox.enqueue(d, event(lead), desks);
  return { assigned: true, lead, ...(before.owner ? { from: before.owner } : {}) };
}
