/**
 * Erasing personal data: retention of lead contacts, and data-subject requests (PIPL) that remove
 * one person's details from every lead, message and notification. An erasure also tells the desks
 * ('erased' through the outbox), so the Slack card and the console's feed stop showing what was
 * erased; the store then checkpoints the WAL, and with secure_delete on no copy is left in the
 * database file. Synchronous functions over `Db`, built from the per-table ones; the facade runs
 * each in one durable transaction.
 */
import { PERSONAL_FIELDS, type Lead, type LeadField } from '../core/lead.js';
import { dropDraft, forgetUserName, getConversation } from './conversations.js';
import { kvGet } from './kv.js';
import { addLeadEvent } from './lead-events.js';
import { buildLeadView } from './lead-view.js';
import { getLead, leadIdsOfConversation, leadIdsWithContactsBefore, linkedLeadIds, updateLeadFields } from './leads.js';
import { deleteLeadNoteRows } from './lead-notes.js';
import { blankConversationMessages } from './messages.js';
import { deleteOfLead, deleteOfLeads, enqueue } from './outbox.js';
import type { Db } from './statements.js';
import type { ErasureReport } from './types.js';

/** Where the desks an erasure tells are kept (kv), written by `registerDesks`. */
export const ERASURE_DESKS = { namespace: 'store', key: 'erasure-desks' } as const;

function erasureDesks(d: Db): string[] {
  const names = kvGet<unknown>(d, ERASURE_DESKS.namespace, ERASURE_DESKS.key) ?? [];
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

/** Queue an 'erased' event per lead, with what is left of it, for every registered desk. */
function publishErased(d: Db, ids: string[]): void {
  const desks = erasureDesks(d);
  if (desks.length === 0) return;
  for (const id of ids) {
    const lead = getLead(d, id);
    if (!lead) continue;
    // The messages are blank now: the view carries none.
    const view = buildLeadView(lead, { conversation: getConversation(d, lead.conversation), recent: [], linkedLeadIds: linkedLeadIds(d, id) });
    enqueue(d, { type: 'erased', lead: view }, desks);
  }
}

/** Blank every message of one conversation and forget the user's name (a request with no lead yet); returns how many messages. */
export function eraseConversationMessages(d: Db, conversation: string): number {
  forgetUserName(d, conversation);
  return blankConversationMessages(d, conversation);
}

/** Erase the personal fields of leads created before `cutoff`; returns their ids. */
export function purgeLeadContacts(d: Db, cutoff: number): string[] {
  const ids = leadIdsWithContactsBefore(d, cutoff);
  d.db.transaction(() => {
    for (const id of ids) eraseLeadFields(d, id);
  })();
  return ids;
}

/** Erase everything personal about the person behind `leadId` (their linked leads included). */
export function deletePerson(d: Db, leadId: string): ErasureReport | undefined {
  if (!getLead(d, leadId)) return undefined;
  return d.db.transaction((): ErasureReport => {
    const ids = [leadId, ...linkedLeadIds(d, leadId)];
    const fields = new Set<LeadField>();
    const conversations = new Set<string>();
    for (const id of ids) {
      const l = getLead(d, id);
      if (!l) continue;
      conversations.add(l.conversation);
      for (const f of eraseLeadFields(d, id)) fields.add(f);
      addLeadEvent(d, { leadId: id, type: 'erased' });
    }
    let messagesErased = 0;
    for (const c of conversations) {
      messagesErased += eraseConversationMessages(d, c);
      // The half-filled draft and the display name are personal data too.
      dropDraft(d, c);
    }
    const outboxErased = deleteOfLeads(d, ids);
    // Staff notes may repeat the person's details.
    deleteLeadNoteRows(d.db, ids);
    publishErased(d, ids);
    return { leadIds: ids, conversations: [...conversations], fieldsErased: [...fields], messagesErased, outboxErased };
  })();
}

/**
 * A self-service request from a chat: erase only what this conversation supplied — the personal fields
 * of the leads it created, their pending notifications, its messages and its draft. Leads of other
 * conversations are never touched, even when they share a phone number: anyone can type a number.
 */
export function eraseConversation(d: Db, conversation: string): ErasureReport {
  return d.db.transaction((): ErasureReport => {
    const ids = leadIdsOfConversation(d, conversation);
    const fields = new Set<LeadField>();
    for (const id of ids) {
      for (const f of eraseLeadFields(d, id)) fields.add(f);
      addLeadEvent(d, { leadId: id, type: 'erased' });
    }
    const messagesErased = eraseConversationMessages(d, conversation);
    dropDraft(d, conversation);
    let outboxErased = 0;
    // Delivered rows go too: their payload is the lead as it was, phone included.
    for (const id of ids) outboxErased += deleteOfLead(d, id);
    deleteLeadNoteRows(d.db, ids);
    publishErased(d, ids);
    return { leadIds: ids, conversations: [conversation], fieldsErased: [...fields], messagesErased, outboxErased };
  })();
}

/** Remove personal fields from one lead; returns the fields that had a value. */
function eraseLeadFields(d: Db, id: string): LeadField[] {
  const l = getLead(d, id);
  if (!l) return [];
  const { rest, erased } = withoutPersonalFields(l.fields);
  updateLeadFields(d, id, rest);
  return erased;
}

/** A lead's fields without the personal ones, and which had a value (pure: both back-ends erase with it). */
export function withoutPersonalFields(fields: Lead): { rest: Lead; erased: LeadField[] } {
  const erased = PERSONAL_FIELDS.filter((f) => fields[f] !== undefined);
  const rest: Lead = { ...fields };
  for (const f of PERSONAL_FIELDS) delete rest[f];
  // The description is the investor's own words and may carry a phone number.
  if (rest.description && /\d{7,}/.test(rest.description.replace(/[\s-]/g, ''))) {
    delete rest.description;
    erased.push('description');
  }
  return { rest, erased };
}
