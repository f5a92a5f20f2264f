/**
 * The `leads` table over PostgreSQL: the same rows and rules as `../leads.ts` and
 * `../lead-ownership.ts`. Claim, release, close and escalate are single conditional UPDATEs: under
 * READ COMMITTED a second racing UPDATE waits for the first's row lock, re-checks its WHERE on the
 * committed row and changes nothing, so of two instances claiming one lead exactly one wins.
 */
import type { StaffMember } from '../../core/ports.js';
import { contactKeys, type Lead } from '../../core/lead.js';
import { personKey, toLead, type LeadRow } from '../leads.js';
import type { LeadRecord, LeadStatus } from '../types.js';
import { changes, row, rows, type PgDb } from './db.js';

/** Insert a new lead and return it. */
export async function createLead(d: PgDb, l: { id: string; conversation: string; fields: Lead }): Promise<LeadRecord> {
  const now = d.now();
  const keys = contactKeys(l.fields);
  const r = await row<LeadRow>(
    d,
    `INSERT INTO leads (id, conversation, status, fields, phone, wechat_id, person_key, created_at, updated_at)
       VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $7) RETURNING *`,
    [l.id, l.conversation, JSON.stringify(l.fields), keys.phone ?? null, keys.wechat ?? null, personKey(keys), now],
  );
  return toLead(r!);
}

/** Replace a lead's fields (and its contact keys). */
export async function updateLeadFields(d: PgDb, id: string, fields: Lead): Promise<LeadRecord | undefined> {
  const keys = contactKeys(fields);
  const r = await row<LeadRow>(d, 'UPDATE leads SET fields = $1, phone = $2, wechat_id = $3, person_key = $4, updated_at = $5 WHERE id = $6 RETURNING *', [
    JSON.stringify(fields),
    keys.phone ?? null,
    keys.wechat ?? null,
    personKey(keys),
    d.now(),
    id,
  ]);
  return r && toLead(r);
}

/** One lead by id. */
export async function getLead(d: PgDb, id: string): Promise<LeadRecord | undefined> {
  const r = await row<LeadRow>(d, 'SELECT * FROM leads WHERE id = $1', [id]);
  return r && toLead(r);
}

/** Leads, newest first, optionally by status and owner. */
export async function listLeads(d: PgDb, filter: { status?: LeadStatus; ownerId?: string; limit?: number } = {}): Promise<LeadRecord[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.status) where.push(`status = $${args.push(filter.status)}`);
  if (filter.ownerId) where.push(`owner_id = $${args.push(filter.ownerId)}`);
  const sql = `SELECT * FROM leads ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT $${args.push(filter.limit ?? 1000)}`;
  return (await rows<LeadRow>(d, sql, args)).map(toLead);
}

/** The other leads of the same person (same phone or WeChat id). */
export async function linkedLeadIds(d: PgDb, id: string): Promise<string[]> {
  const r = await row<{ phone: string | null; wechat_id: string | null }>(d, 'SELECT phone, wechat_id FROM leads WHERE id = $1', [id]);
  if (!r || (!r.phone && !r.wechat_id)) return [];
  const found = await rows<{ id: string }>(d, 'SELECT id FROM leads WHERE id <> $1 AND ((phone IS NOT NULL AND phone = $2) OR (wechat_id IS NOT NULL AND wechat_id = $3)) ORDER BY created_at, id', [id, r.phone, r.wechat_id]);
  return found.map((x) => x.id);
}

/** The leads that share a contact with `fields` (a lead not stored yet). */
export async function leadIdsOfContact(d: PgDb, fields: Lead): Promise<string[]> {
  const keys = contactKeys(fields);
  if (!keys.phone && !keys.wechat) return [];
  const found = await rows<{ id: string }>(d, 'SELECT id FROM leads WHERE (phone IS NOT NULL AND phone = $1) OR (wechat_id IS NOT NULL AND wechat_id = $2) ORDER BY created_at, id', [keys.phone ?? null, keys.wechat ?? null]);
  return found.map((x) => x.id);
}

/** How many leads are in each status. */
export async function countLeadsByStatus(d: PgDb): Promise<Record<LeadStatus, number>> {
  const counts: Record<LeadStatus, number> = { new: 0, claimed: 0, follow_up: 0, closed: 0 };
  for (const r of await rows<{ status: LeadStatus; n: number }>(d, 'SELECT status, COUNT(*) AS n FROM leads GROUP BY status')) counts[r.status] = r.n;
  return counts;
}

// SQLite breaks ties of equal created_at by rowid (insertion order); PostgreSQL has no rowid, so
// ties break by id: leads created in the same millisecond may list in another order here.

/** The newest lead of a conversation that is not closed. */
export async function openLeadOf(d: PgDb, conversation: string): Promise<LeadRecord | undefined> {
  const r = await row<LeadRow>(d, "SELECT * FROM leads WHERE conversation = $1 AND status <> 'closed' ORDER BY created_at DESC, id DESC LIMIT 1", [conversation]);
  return r && toLead(r);
}

/** Every lead a conversation created, oldest first. */
export async function leadsOfConversation(d: PgDb, conversation: string): Promise<LeadRecord[]> {
  return (await rows<LeadRow>(d, 'SELECT * FROM leads WHERE conversation = $1 ORDER BY created_at, id', [conversation])).map(toLead);
}

/** The ids of a conversation's leads. */
export async function leadIdsOfConversation(d: PgDb, conversation: string): Promise<string[]> {
  return (await rows<{ id: string }>(d, 'SELECT id FROM leads WHERE conversation = $1', [conversation])).map((r) => r.id);
}

/** The ids of leads created before `cutoff` that still hold contact details. */
export async function leadIdsWithContactsBefore(d: PgDb, cutoff: number): Promise<string[]> {
  return (await rows<{ id: string }>(d, "SELECT id FROM leads WHERE created_at < $1 AND (phone IS NOT NULL OR wechat_id IS NOT NULL OR fields LIKE '%contactName%')", [cutoff])).map((r) => r.id);
}

/** Claim a new lead (or a follow-up one, by its owner or a supervisor); of two simultaneous claims exactly one changes the row. */
export async function claimLead(d: PgDb, id: string, by: StaffMember): Promise<{ claimed: boolean; lead: LeadRecord | undefined }> {
  const now = d.now();
  const won = await row<LeadRow>(
    d,
    `UPDATE leads SET status = 'claimed', owner_id = $1, owner_name = $2, claimed_at = $3, updated_at = $3
       WHERE id = $4 AND (status = 'new' OR (status = 'follow_up' AND (owner_id = $1 OR $5)))
       RETURNING *`,
    [by.id, by.name, now, id, by.supervisor === true],
  );
  if (won) return { claimed: true, lead: toLead(won) };
  return { claimed: false, lead: await getLead(d, id) };
}

/** Hand a claimed lead back to the bot; it keeps its owner and waits as 'follow_up' (待跟进). */
export async function releaseLead(d: PgDb, id: string): Promise<boolean> {
  return (await changes(d, "UPDATE leads SET status = 'follow_up', updated_at = $1 WHERE id = $2 AND status = 'claimed'", [d.now(), id])) === 1;
}

/** Close an open lead with its outcome and who closed it. */
export async function closeLead(d: PgDb, id: string, outcome: string, by?: StaffMember): Promise<boolean> {
  const now = d.now();
  return (
    (await changes(d, "UPDATE leads SET status = 'closed', outcome = $1, closed_at = $2, closed_by_id = $3, closed_by_name = $4, updated_at = $2 WHERE id = $5 AND status <> 'closed'", [
      outcome,
      now,
      by?.id ?? null,
      by?.name ?? null,
      id,
    ])) === 1
  );
}

/** Hand the open leads of one staff identity to another (a Slack user linked to an account); returns how many. */
export async function reassignOwner(d: PgDb, fromId: string, to: StaffMember): Promise<number> {
  return changes(d, "UPDATE leads SET owner_id = $1, owner_name = $2, updated_at = $3 WHERE owner_id = $4 AND status <> 'closed'", [to.id, to.name, d.now(), fromId]);
}

/** New leads created at or before `createdBefore` and not escalated yet. */
export async function dueForEscalation(d: PgDb, createdBefore: number): Promise<LeadRecord[]> {
  return (await rows<LeadRow>(d, "SELECT * FROM leads WHERE status = 'new' AND escalated_at IS NULL AND created_at <= $1 ORDER BY created_at, id", [createdBefore])).map(toLead);
}

/** Mark a lead escalated; the lead when this call did, else undefined. */
export async function markEscalated(d: PgDb, id: string): Promise<LeadRecord | undefined> {
  const now = d.now();
  const r = await row<LeadRow>(d, 'UPDATE leads SET escalated_at = $1, updated_at = $1 WHERE id = $2 AND escalated_at IS NULL RETURNING *', [now, id]);
  return r && toLead(r);
}
