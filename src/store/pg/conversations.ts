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

/**
 * Insert, or update and read back; `switchLang` changes an existing conversation's language.
 * Two statements, not one upsert: the table has two equivalent unique keys (the id is made of the
 * channel and its conversation id), and an upsert arbitrates on one only, so two instances storing
 * the first message of one conversation at once made the slower fail on the other key. An insert
 * that does nothing on any conflict waits for the faster one, then the update finds its row.
 */
export async function ensureConversation(
  d: PgDb,
  c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang },
  switchLang?: Lang,
): Promise<ConversationRecord> {
  const now = d.now();
  const id = conversationKey(c.channel, c.conversationId);
  const inserted = await row<ConversationRow>(
    d,
    `INSERT INTO conversations (id, channel, conversation_id, user_id, user_name, state, data, lang, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'answering', '{}', $6, $7, $7)
       ON CONFLICT DO NOTHING
       RETURNING *`,
    [id, c.channel, c.conversationId, c.userId, c.userName ?? null, c.lang, now],
  );
  if (inserted) return toConversation(inserted);
  const updated = await row<ConversationRow>(
    d,
    `UPDATE conversations SET user_id = $2, user_name = COALESCE($3, user_name), lang = COALESCE($4, lang) WHERE id = $1 RETURNING *`,
    [id, c.userId, c.userName ?? null, switchLang ?? null],
  );
  // Erased between the two statements: it is a new conversation again.
  return updated ? toConversation(updated) : ensureConversation(d, c, switchLang);
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
