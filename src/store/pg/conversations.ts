/** The `conversations` table over PostgreSQL: the same rows and readers as `../conversations.ts`. */
import type { ChannelName, Lang } from '../../core/types.js';
import type { ConversationData, ConversationRecord } from '../types.js';
import { changes, row, type PgDb } from './db.js';
import { conversationKey, toConversation, type ConversationRow } from '../conversations.js';

/** One conversation by its internal id. */
export async function getConversation(d: PgDb, id: string): Promise<ConversationRecord | undefined> {
  const r = await row<ConversationRow>(d, 'SELECT * FROM conversations WHERE id = $1', [id]);
  return r && toConversation(r);
}

/** Upsert and read back in one statement; `switchLang` changes an existing conversation's language. */
export async function ensureConversation(
  d: PgDb,
  c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang },
  switchLang?: Lang,
): Promise<ConversationRecord> {
  const now = d.now();
  const r = await row<ConversationRow>(
    d,
    `INSERT INTO conversations AS t (id, channel, conversation_id, user_id, user_name, state, data, lang, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'answering', '{}', $6, $7, $7)
       ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, user_name = COALESCE(excluded.user_name, t.user_name), lang = COALESCE($8, t.lang)
       RETURNING *`,
    [conversationKey(c.channel, c.conversationId), c.channel, c.conversationId, c.userId, c.userName ?? null, c.lang, now, switchLang ?? null],
  );
  return toConversation(r!);
}

/** Write a conversation's state, data and language. */
export async function saveConversation(d: PgDb, c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): Promise<void> {
  await changes(d, 'UPDATE conversations SET state = $1, data = $2, lang = $3, updated_at = $4 WHERE id = $5', [c.state, JSON.stringify(c.data), c.lang, d.now(), c.id]);
}

/** Drop the half-filled lead draft (personal data) and leave capture; the rest of the data stays. */
export async function dropDraft(d: PgDb, id: string): Promise<void> {
  const conv = await getConversation(d, id);
  if (!conv) return;
  const data: ConversationData = { ...conv.data };
  delete data.draft;
  await changes(d, "UPDATE conversations SET data = $1, state = CASE WHEN state = 'collecting' THEN 'answering' ELSE state END WHERE id = $2", [JSON.stringify(data), id]);
}

/** Forget the display name a channel gave (erasure). */
export async function forgetUserName(d: PgDb, id: string): Promise<void> {
  await changes(d, 'UPDATE conversations SET user_name = NULL WHERE id = $1', [id]);
}
