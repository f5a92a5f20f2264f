/**
 * The `conversations` table: one row per channel conversation, with its dialog state and data.
 * Synchronous functions over `Db`; the facade (`sqlite-store.ts`) decides the transactions.
 */
import type { ChannelName, Lang } from '../core/types.js';
import { parseJson, prepared, type Db } from './statements.js';
import type { ConversationData, ConversationRecord, ConversationState } from './types.js';

/** A row of the table as both back-ends read it. */
export interface ConversationRow {
  id: string;
  channel: ChannelName;
  conversation_id: string;
  user_id: string;
  user_name: string | null;
  state: ConversationState;
  data: string;
  lang: Lang;
  created_at: number;
  updated_at: number;
}

/** The internal conversation id for a channel's conversation. */
export function conversationKey(channel: ChannelName, conversationId: string): string {
  return `${channel}:${conversationId}`;
}

/** The row as the store ports return it (both back-ends). */
export function toConversation(r: ConversationRow): ConversationRecord {
  const c: ConversationRecord = {
    id: r.id,
    channel: r.channel,
    conversationId: r.conversation_id,
    userId: r.user_id,
    state: r.state,
    data: parseJson<ConversationData>(r.data, {}),
    lang: r.lang,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.user_name) c.userName = r.user_name;
  return c;
}

/** One conversation by its internal id. */
export function getConversation(d: Db, id: string): ConversationRecord | undefined {
  const r = prepared(d.db, 'SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined;
  return r && toConversation(r);
}

/** Upsert and read back in one statement; `switchLang` changes an existing conversation's language. */
export function ensureConversation(d: Db, c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang }, switchLang?: Lang): ConversationRecord {
  const id = conversationKey(c.channel, c.conversationId);
  const now = d.now();
  const row = prepared(
    d.db,
    `INSERT INTO conversations (id, channel, conversation_id, user_id, user_name, state, data, lang, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'answering', '{}', ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, user_name = COALESCE(excluded.user_name, user_name), lang = COALESCE(?, lang)
       RETURNING *`,
  ).get(id, c.channel, c.conversationId, c.userId, c.userName ?? null, c.lang, now, now, switchLang ?? null) as ConversationRow;
  return toConversation(row);
}

/** Write a conversation's state, data and language. */
export function saveConversation(d: Db, c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): void {
  prepared(d.db, 'UPDATE conversations SET state = ?, data = ?, lang = ?, updated_at = ? WHERE id = ?').run(c.state, JSON.stringify(c.data), c.lang, d.now(), c.id);
}

/** Drop the half-filled lead draft (personal data) and leave capture; the rest of the data stays. */
export function dropDraft(d: Db, id: string): void {
  const conv = getConversation(d, id);
  if (!conv) return;
  const data: ConversationData = { ...conv.data };
  delete data.draft;
  prepared(d.db, "UPDATE conversations SET data = ?, state = CASE WHEN state = 'collecting' THEN 'answering' ELSE state END WHERE id = ?").run(JSON.stringify(data), id);
}

/** Forget the display name a channel gave (erasure). */
export function forgetUserName(d: Db, id: string): void {
  prepared(d.db, 'UPDATE conversations SET user_name = NULL WHERE id = ?').run(id);
}
