/**
 * Erasing personal data: retention of message bodies and lead contacts, and data-subject requests
 * (PIPL) that remove one person's details from every lead, message and notification. An erasure
 * also tells the desks ('erased' through the outbox), so the Slack card and the console's feed stop
 * showing what was erased; the store then checkpoints the WAL, and with secure_delete on no copy
 * is left in the database file.
 */
import { deleteLeadNoteRows } from './lead-notes.js';
import type Database from 'better-sqlite3';
import { prepared } from './statements.js';
import { PERSONAL_FIELDS, type Lead, type LeadField } from '../leads/lead-schema.js';
import { buildLeadView } from '../leads/lead-view.js';
import type { SqliteStore } from './sqlite-store.js';
import type { ConversationData, ErasureReport } from './types.js';

/** Where the desks an erasure tells are kept (kv), written by `registerDesks`. */
export const ERASURE_DESKS = { namespace: 'store', key: 'erasure-desks' } as const;

function erasureDesks(db: Database.Database): string[] {
  const row = prepared(db, 'SELECT value FROM kv WHERE namespace = ? AND key = ?').get(ERASURE_DESKS.namespace, ERASURE_DESKS.key) as { value: string } | undefined;
  try {
    const names: unknown = row ? JSON.parse(row.value) : [];
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/** Queue an 'erased' event per lead, with what is left of it, for every registered desk. */
function publishErased(store: SqliteStore, ids: string[]): void {
  const desks = erasureDesks(store.db);
  if (desks.length === 0) return;
  for (const id of ids) {
    const lead = store.getLeadSync(id);
    if (!lead) continue;
    // The messages are blank now: the view carries none.
    const view = buildLeadView(lead, { conversation: store.getConversationSync(lead.conversation), recent: [], linkedLeadIds: store.linkedLeadIdsSync(id) });
    store.enqueueSync({ type: 'erased', lead: view }, desks);
  }
}

/** Blank the text of messages created before `cutoff`; returns how many. */
export function purgeMessages(db: Database.Database, cutoff: number): number {
  return prepared(db, "UPDATE messages SET text = '', outbound = NULL, purged = 1 WHERE created_at < ? AND purged = 0").run(cutoff).changes;
}

/** Blank every message of one conversation (a data-subject request with no lead yet); returns how many. */
export function eraseConversationMessages(db: Database.Database, conversation: string): number {
  prepared(db, 'UPDATE conversations SET user_name = NULL WHERE id = ?').run(conversation);
  return prepared(db, "UPDATE messages SET text = '', outbound = NULL, purged = 1 WHERE conversation = ? AND purged = 0").run(conversation).changes;
}

/** Erase the personal fields of leads created before `cutoff`; returns their ids. */
export function purgeLeadContacts(store: SqliteStore, cutoff: number): string[] {
  const rows = prepared(store.db, "SELECT id FROM leads WHERE created_at < ? AND (phone IS NOT NULL OR wechat_id IS NOT NULL OR fields LIKE '%contactName%')").all(cutoff) as { id: string }[];
  store.db.transaction(() => {
    for (const r of rows) eraseLeadFields(store, r.id);
  })();
  return rows.map((r) => r.id);
}

/** Erase everything personal about the person behind `leadId` (their linked leads included). */
export function deletePerson(store: SqliteStore, leadId: string): ErasureReport | undefined {
  if (!store.getLeadSync(leadId)) return undefined;
  const db = store.db;
  return db.transaction((): ErasureReport => {
    const ids = [leadId, ...store.linkedLeadIdsSync(leadId)];
    const fields = new Set<LeadField>();
    const conversations = new Set<string>();
    for (const id of ids) {
      const l = store.getLeadSync(id);
      if (!l) continue;
      conversations.add(l.conversation);
      for (const f of eraseLeadFields(store, id)) fields.add(f);
      store.addLeadEventSync({ leadId: id, type: 'erased' });
    }
    let messagesErased = 0;
    for (const c of conversations) {
      messagesErased += eraseConversationMessages(db, c);
      // The half-filled draft and the display name are personal data too.
      const conv = store.getConversationSync(c);
      if (conv) {
        const data: ConversationData = { ...conv.data };
        delete data.draft;
        prepared(db, "UPDATE conversations SET data = ?, state = CASE WHEN state = 'collecting' THEN 'answering' ELSE state END WHERE id = ?").run(JSON.stringify(data), c);
      }
    }
    const placeholders = ids.map(() => '?').join(',');
    // The IN list varies with the number of leads: prepared per call (erasure is rare), not cached.
    const outboxErased = db.prepare(`DELETE FROM outbox WHERE lead_id IN (${placeholders})`).run(...ids).changes;
    // Staff notes may repeat the person's details.
    deleteLeadNoteRows(db, ids);
    publishErased(store, ids);
    return { leadIds: ids, conversations: [...conversations], fieldsErased: [...fields], messagesErased, outboxErased };
  })();
}

/**
 * A self-service request from a chat: erase only what this conversation supplied — the personal fields
 * of the leads it created, their pending notifications, its messages and its draft. Leads of other
 * conversations are never touched, even when they share a phone number: anyone can type a number.
 */
export function eraseConversation(store: SqliteStore, conversation: string): ErasureReport {
  const db = store.db;
  return db.transaction((): ErasureReport => {
    const ids = (prepared(db, 'SELECT id FROM leads WHERE conversation = ?').all(conversation) as { id: string }[]).map((r) => r.id);
    const fields = new Set<LeadField>();
    for (const id of ids) {
      for (const f of eraseLeadFields(store, id)) fields.add(f);
      store.addLeadEventSync({ leadId: id, type: 'erased' });
    }
    const messagesErased = eraseConversationMessages(db, conversation);
    const conv = store.getConversationSync(conversation);
    if (conv) {
      const data: ConversationData = { ...conv.data };
      delete data.draft;
      prepared(db, "UPDATE conversations SET data = ?, state = CASE WHEN state = 'collecting' THEN 'answering' ELSE state END WHERE id = ?").run(JSON.stringify(data), conversation);
    }
    let outboxErased = 0;
    // Delivered rows go too: their payload is the lead as it was, phone included.
    for (const id of ids) outboxErased += prepared(db, 'DELETE FROM outbox WHERE lead_id = ?').run(id).changes;
    deleteLeadNoteRows(db, ids);
    publishErased(store, ids);
    return { leadIds: ids, conversations: [conversation], fieldsErased: [...fields], messagesErased, outboxErased };
  })();
}

/** Remove personal fields from one lead; returns the fields that had a value. */
function eraseLeadFields(store: SqliteStore, id: string): LeadField[] {
  const l = store.getLeadSync(id);
  if (!l) return [];
  const erased = PERSONAL_FIELDS.filter((f) => l.fields[f] !== undefined);
  const rest: Lead = { ...l.fields };
  for (const f of PERSONAL_FIELDS) delete rest[f];
  // The description is the investor's own words and may carry a phone number.
  if (rest.description && /\d{7,}/.test(rest.description.replace(/[\s-]/g, ''))) {
    delete rest.description;
    erased.push('description');
  }
  store.updateLeadFieldsSync(id, rest);
  return erased;
}
