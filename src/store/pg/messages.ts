/** The `messages` table over PostgreSQL: the same rows as `../messages.ts`. */
import type { Intent, Outbound } from '../../core/types.js';
import { parseOutbound } from '../insights.js';
import type { MessageRecord, MessageRole } from '../types.js';
import { changes, row, rows, type PgDb } from './db.js';

/** Insert the message and touch its conversation (callers run it in a transaction); undefined when `platformId` was seen before. */
export async function addMessage(d: PgDb, m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string }, now = d.now()): Promise<number | undefined> {
  // Sources are large and only useful at reply time; citations already carry the cited passages.
  const stored = m.outbound ? { ...m.outbound, sources: undefined, messageId: undefined } : undefined;
  const r = await row<{ seq: number }>(
    d,
    `INSERT INTO messages (conversation, role, text, outbound, answered, intent, platform_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING seq`,
    [m.conversation, m.role, m.text, stored ? JSON.stringify(stored) : null, m.outbound ? (m.outbound.answered ? 1 : 0) : null, m.outbound?.intent ?? null, m.platformId ?? null, now],
  );
  if (!r) return undefined;
  await changes(d, 'UPDATE conversations SET updated_at = $1 WHERE id = $2', [now, m.conversation]);
  return r.seq;
}

/** The last `limit` messages, oldest first; `withOutbound` false skips the replies' JSON. */
export async function recentMessages(d: PgDb, conversation: string, limit: number, withOutbound: boolean): Promise<MessageRecord[]> {
  if (limit <= 0) return [];
  const columns = `seq, conversation, role, text, ${withOutbound ? 'outbound' : 'NULL AS outbound'}, answered, intent, created_at`;
  const found = await rows<{ seq: number; conversation: string; role: MessageRole; text: string; outbound: string | null; answered: number | null; intent: Intent | null; created_at: number }>(
    d,
    `SELECT ${columns} FROM messages WHERE conversation = $1 ORDER BY seq DESC LIMIT $2`,
    [conversation, limit],
  );
  return found.reverse().map((r) => {
    const rec: MessageRecord = { seq: r.seq, conversation: r.conversation, role: r.role, text: r.text, at: r.created_at };
    const ob = parseOutbound(r.outbound);
    if (ob) rec.outbound = ob;
    if (r.answered !== null) rec.answered = r.answered === 1;
    if (r.intent !== null) rec.intent = r.intent;
    return rec;
  });
}

/** Blank the text of messages created before `cutoff`; returns how many. */
export async function purgeMessages(d: PgDb, cutoff: number): Promise<number> {
  return changes(d, "UPDATE messages SET text = '', outbound = NULL, purged = 1 WHERE created_at < $1 AND purged = 0", [cutoff]);
}

/** Blank every message of one conversation; returns how many. */
export async function blankConversationMessages(d: PgDb, conversation: string): Promise<number> {
  return changes(d, "UPDATE messages SET text = '', outbound = NULL, purged = 1 WHERE conversation = $1 AND purged = 0", [conversation]);
}
