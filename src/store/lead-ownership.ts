/**
 * Who holds a lead, as single conditional updates (so of two racing callers exactly one wins):
 * claim, release and close. A released lead keeps its owner ('follow_up', 待跟进): only that
 * owner or a supervisor may claim it again, and it does not escalate (escalation looks at 'new').
 */
import type Database from 'better-sqlite3';
import type { StaffMember } from '../core/ports.js';
import { prepared } from './statements.js';

/**
 * Claim an unowned lead, or a follow-up lead when `by` is its owner or a supervisor (who then
 * becomes the owner). True when this call changed the row.
 */
export function claimLeadRow(db: Database.Database, id: string, by: StaffMember, now: number): boolean {
  return (
    prepared(
      db,
      `UPDATE leads SET status = 'claimed', owner_id = ?, owner_name = ?, claimed_at = ?, updated_at = ?
       WHERE id = ? AND (status = 'new' OR (status = 'follow_up' AND (owner_id = ? OR ? = 1)))`,
    ).run(by.id, by.name, now, now, id, by.id, by.supervisor ? 1 : 0).changes === 1
  );
}

/** Hand a claimed lead back to the bot, keeping its owner: it waits for them as 'follow_up'. */
export function releaseLeadRow(db: Database.Database, id: string, now: number): boolean {
  return prepared(db, "UPDATE leads SET status = 'follow_up', updated_at = ? WHERE id = ? AND status = 'claimed'").run(now, id).changes === 1;
}

/** Hand the open leads of one staff identity to another (a Slack user linked to an account); returns how many. */
export function reassignOwnerRows(db: Database.Database, fromId: string, to: StaffMember, now: number): number {
  return prepared(db, "UPDATE leads SET owner_id = ?, owner_name = ?, updated_at = ? WHERE owner_id = ? AND status != 'closed'").run(to.id, to.name, now, fromId).changes;
}

/** Close an open lead with its outcome and who closed it. */
export function closeLeadRow(db: Database.Database, id: string, outcome: string, by: StaffMember | undefined, now: number): boolean {
  return (
    prepared(db, "UPDATE leads SET status = 'closed', outcome = ?, closed_at = ?, closed_by_id = ?, closed_by_name = ?, updated_at = ? WHERE id = ? AND status != 'closed'").run(
      outcome,
      now,
      by?.id ?? null,
      by?.name ?? null,
      now,
      id,
    ).changes === 1
  );
}
