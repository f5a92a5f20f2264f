/**
 * The `leads` table: a lead's fields, status and owner, with the contact keys (`phone`,
 * `wechat_id`, `person_key`) that link one person's leads. Synchronous functions over `Db`; the
 * facade commits lead writes with synchronous=FULL.
 */
import type { StaffMember } from '../core/ports.js';
import { contactKeys, parseStoredLead, type Lead } from '../core/lead.js';
import { claimLeadRow, closeLeadRow, releaseLeadRow } from './lead-ownership.js';
import { prepared, type Db } from './statements.js';
import type { LeadRecord, LeadStatus } from './types.js';

/** A row of the `leads` table as both back-ends read it. */
export interface LeadRow {
  id: string;
  conversation: string;
  status: LeadStatus;
  fields: string;
  owner_id: string | null;
  owner_name: string | null;
  outcome: string | null;
  created_at: number;
  updated_at: number;
  claimed_at: number | null;
  escalated_at: number | null;
  closed_at: number | null;
  closed_by_id: string | null;
  closed_by_name: string | null;
}

/** A lead row as the store ports return it. */
export function toLead(r: LeadRow): LeadRecord {
  const rec: LeadRecord = {
    id: r.id,
    conversation: r.conversation,
    status: r.status,
    fields: parseStoredLead(r.fields),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.owner_id) rec.owner = { id: r.owner_id, name: r.owner_name ?? r.owner_id };
  if (r.outcome !== null) rec.outcome = r.outcome;
  if (r.claimed_at !== null) rec.claimedAt = r.claimed_at;
  if (r.escalated_at !== null) rec.escalatedAt = r.escalated_at;
  if (r.closed_at !== null) rec.closedAt = r.closed_at;
  if (r.closed_by_id) rec.closedBy = { id: r.closed_by_id, name: r.closed_by_name ?? r.closed_by_id };
  return rec;
}

/** The key that links one person's leads: the phone, else the WeChat id. */
export function personKey(keys: { phone?: string; wechat?: string }): string | null {
  if (keys.phone) return `p:${keys.phone}`;
  if (keys.wechat) return `w:${keys.wechat}`;
  return null;
}

/** Insert a new lead and read it back. */
export function createLead(d: Db, l: { id: string; conversation: string; fields: Lead }): LeadRecord {
  const now = d.now();
  const keys = contactKeys(l.fields);
  prepared(
    d.db,
    `INSERT INTO leads (id, conversation, status, fields, phone, wechat_id, person_key, created_at, updated_at)
       VALUES (?, ?, 'new', ?, ?, ?, ?, ?, ?)`,
  ).run(l.id, l.conversation, JSON.stringify(l.fields), keys.phone ?? null, keys.wechat ?? null, personKey(keys), now, now);
  return getLead(d, l.id)!;
}

/** Replace a lead's fields (and its contact keys). */
export function updateLeadFields(d: Db, id: string, fields: Lead): LeadRecord | undefined {
  const keys = contactKeys(fields);
  prepared(d.db, 'UPDATE leads SET fields = ?, phone = ?, wechat_id = ?, person_key = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(fields), keys.phone ?? null, keys.wechat ?? null, personKey(keys), d.now(), id);
  return getLead(d, id);
}

/** One lead by id. */
export function getLead(d: Db, id: string): LeadRecord | undefined {
  const r = prepared(d.db, 'SELECT * FROM leads WHERE id = ?').get(id) as LeadRow | undefined;
  return r && toLead(r);
}

/** Leads, newest first, optionally by status and owner. */
export function listLeads(d: Db, filter: { status?: LeadStatus; ownerId?: string; limit?: number } = {}): LeadRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.status) {
    where.push('status = ?');
    args.push(filter.status);
  }
  if (filter.ownerId) {
    where.push('owner_id = ?');
    args.push(filter.ownerId);
  }
  const sql = `SELECT * FROM leads ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`;
  return (prepared(d.db, sql).all(...args, filter.limit ?? 1000) as LeadRow[]).map(toLead);
}

/** The other leads of the same person (same phone or WeChat id). */
export function linkedLeadIds(d: Db, id: string): string[] {
  const r = prepared(d.db, 'SELECT phone, wechat_id FROM leads WHERE id = ?').get(id) as { phone: string | null; wechat_id: string | null } | undefined;
  if (!r || (!r.phone && !r.wechat_id)) return [];
  const rows = prepared(d.db, 'SELECT id FROM leads WHERE id != ? AND ((phone IS NOT NULL AND phone = ?) OR (wechat_id IS NOT NULL AND wechat_id = ?)) ORDER BY created_at, id').all(id, r.phone, r.wechat_id) as { id: string }[];
  return rows.map((x) => x.id);
}

/** The leads that share a contact with `fields` (a lead not stored yet). */
export function leadIdsOfContact(d: Db, fields: Lead): string[] {
  const keys = contactKeys(fields);
  if (!keys.phone && !keys.wechat) return [];
  const rows = prepared(d.db, 'SELECT id FROM leads WHERE (phone IS NOT NULL AND phone = ?) OR (wechat_id IS NOT NULL AND wechat_id = ?) ORDER BY created_at, id').all(keys.phone ?? null, keys.wechat ?? null) as { id: string }[];
  return rows.map((x) => x.id);
}

/** How many leads are in each status. */
export function countLeadsByStatus(d: Db): Record<LeadStatus, number> {
  const counts: Record<LeadStatus, number> = { new: 0, claimed: 0, follow_up: 0, closed: 0 };
  for (const r of prepared(d.db, 'SELECT status, COUNT(*) AS n FROM leads GROUP BY status').all() as { status: LeadStatus; n: number }[]) counts[r.status] = r.n;
  return counts;
}

/** The newest lead of a conversation that is not closed. */
export function openLeadOf(d: Db, conversation: string): LeadRecord | undefined {
  const r = prepared(d.db, "SELECT * FROM leads WHERE conversation = ? AND status != 'closed' ORDER BY created_at DESC, rowid DESC LIMIT 1").get(conversation) as LeadRow | undefined;
  return r && toLead(r);
}

/** Every lead a conversation created, oldest first. */
export function leadsOfConversation(d: Db, conversation: string): LeadRecord[] {
  return (prepared(d.db, 'SELECT * FROM leads WHERE conversation = ? ORDER BY created_at, rowid').all(conversation) as LeadRow[]).map(toLead);
}

/** The ids of a conversation's leads. */
export function leadIdsOfConversation(d: Db, conversation: string): string[] {
  return (prepared(d.db, 'SELECT id FROM leads WHERE conversation = ?').all(conversation) as { id: string }[]).map((r) => r.id);
}

/** The ids of leads created before `cutoff` that still hold contact details. */
export function leadIdsWithContactsBefore(d: Db, cutoff: number): string[] {
  return (prepared(d.db, "SELECT id FROM leads WHERE created_at < ? AND (phone IS NOT NULL OR wechat_id IS NOT NULL OR fields LIKE '%contactName%')").all(cutoff) as { id: string }[]).map((r) => r.id);
}

/** Claim a new lead (or a follow-up one, by its owner or a supervisor); of two simultaneous claims exactly one changes the row. */
export function claimLead(d: Db, id: string, by: StaffMember): { claimed: boolean; lead: LeadRecord | undefined } {
  return { claimed: claimLeadRow(d.db, id, by, d.now()), lead: getLead(d, id) };
}

/** Hand a claimed lead back to the bot; it keeps its owner and waits as 'follow_up' (待跟进). */
export function releaseLead(d: Db, id: string): void {
  releaseLeadRow(d.db, id, d.now());
}

/** Close a lead with its outcome and who closed it. */
export function closeLead(d: Db, id: string, outcome: string, by?: StaffMember): void {
  closeLeadRow(d.db, id, outcome, by, d.now());
}

/** New leads created at or before `createdBefore` and not escalated yet. */
export function dueForEscalation(d: Db, createdBefore: number): LeadRecord[] {
  return (prepared(d.db, "SELECT * FROM leads WHERE status = 'new' AND escalated_at IS NULL AND created_at <= ? ORDER BY created_at").all(createdBefore) as LeadRow[]).map(toLead);
}

/** Mark a lead escalated; true when this call did. */
export function markEscalated(d: Db, id: string): boolean {
  const now = d.now();
  return prepared(d.db, 'UPDATE leads SET escalated_at = ?, updated_at = ? WHERE id = ? AND escalated_at IS NULL').run(now, now, id).changes === 1;
}
