/**
 * Erasing personal data over PostgreSQL: the same rules as `../erasure.ts` (retention of lead
 * contacts, a person's data-subject request across linked leads, a chat's own request), built
 * from the PostgreSQL table functions. The facade runs each in one transaction. PostgreSQL
 * overwrites nothing in place: an erased row's old version stays in the table file until VACUUM
 * reclaims it (docs/postgres.md).
 */
import type { LeadField } from '../../core/lead.js';
import { ERASURE_DESKS, withoutPersonalFields } from '../erasure.js';
import { buildLeadView } from '../lead-view.js';
import type { ErasureReport } from '../types.js';
import { dropDraft, forgetUserName, getConversation } from './conversations.js';
import { kvGet } from './kv.js';
import { addLeadEvent } from './lead-events.js';
import { getLead, leadIdsOfConversation, leadIdsWithContactsBefore, linkedLeadIds, updateLeadFields } from './leads.js';
import { blankConversationMessages } from './messages.js';
import { deleteOfLeads, enqueue } from './outbox.js';
import { changes, type PgDb } from './db.js';

async function erasureDesks(d: PgDb): Promise<string[]> {
  const names = (await kvGet<unknown>(d, ERASURE_DESKS.namespace, ERASURE_DESKS.key)) ?? [];
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

/** Queue an 'erased' event per lead, with what is left of it, for every registered desk. */
async function publishErased(d: PgDb, ids: string[]): Promise<void> {
  const desks = await erasureDesks(d);
  if (desks.length === 0) return;
  for (const id of ids) {
    const lead = await getLead(d, id);
    if (!lead) continue;
    const view = buildLeadView(lead, { conversation: await getConversation(d, lead.conversation), recent: [], linkedLeadIds: await linkedLeadIds(d, id) });
    await enqueue(d, { type: 'erased', lead: view }, desks);
  }
}

/** Blank every message of one conversation and forget the user's name; returns how many messages. */
export async function eraseConversationMessages(d: PgDb, conversation: string): Promise<number> {
  await forgetUserName(d, conversation);
  return blankConversationMessages(d, conversation);
}

/** Erase the personal fields of leads created before `cutoff`; returns their ids. */
export async function purgeLeadContacts(d: PgDb, cutoff: number): Promise<string[]> {
  const ids = await leadIdsWithContactsBefore(d, cutoff);
  for (const id of ids) await eraseLeadFields(d, id);
  return ids;
}

/** Erase everything personal about the person behind `leadId` (their linked leads included). */
export async function deletePerson(d: PgDb, leadId: string): Promise<ErasureReport | undefined> {
  if (!(await getLead(d, leadId))) return undefined;
  const ids = [leadId, ...(await linkedLeadIds(d, leadId))];
  const fields = new Set<LeadField>();
  const conversations = new Set<string>();
  for (const id of ids) {
    const l = await getLead(d, id);
    if (!l) continue;
    conversations.add(l.conversation);
    for (const f of await eraseLeadFields(d, id)) fields.add(f);
    await addLeadEvent(d, { leadId: id, type: 'erased' });
  }
  let messagesErased = 0;
  for (const c of conversations) {
    messagesErased += await eraseConversationMessages(d, c);
    await dropDraft(d, c);
  }
  const outboxErased = await deleteOfLeads(d, ids);
  // Staff notes may repeat the person's details.
  if (ids.length) await changes(d, 'DELETE FROM lead_notes WHERE lead_id = ANY($1::text[])', [ids]);
  await publishErased(d, ids);
  return { leadIds: ids, conversations: [...conversations], fieldsErased: [...fields], messagesErased, outboxErased };
}

/** A chat's own erasure request: only what this conversation supplied (see `../erasure.ts`). */
export async function eraseConversation(d: PgDb, conversation: string): Promise<ErasureReport> {
  const ids = await leadIdsOfConversation(d, conversation);
  const fields = new Set<LeadField>();
  for (const id of ids) {
    for (const f of await eraseLeadFields(d, id)) fields.add(f);
    await addLeadEvent(d, { leadId: id, type: 'erased' });
  }
  const messagesErased = await eraseConversationMessages(d, conversation);
  await dropDraft(d, conversation);
  const outboxErased = await deleteOfLeads(d, ids);
  // Staff notes may repeat the person's details.
  if (ids.length) await changes(d, 'DELETE FROM lead_notes WHERE lead_id = ANY($1::text[])', [ids]);
  await publishErased(d, ids);
  return { leadIds: ids, conversations: [conversation], fieldsErased: [...fields], messagesErased, outboxErased };
}

/** Remove personal fields from one lead; returns the fields that had a value. */
async function eraseLeadFields(d: PgDb, id: string): Promise<LeadField[]> {
  const l = await getLead(d, id);
  if (!l) return [];
  const { rest, erased } = withoutPersonalFields(l.fields);
  await updateLeadFields(d, id, rest);
  return erased;
}
