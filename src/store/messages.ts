/**
 * The `messages` table: every message of a conversation in order (`seq`), with the reply's
 * outbound JSON; and their retention and erasure. Synchronous functions over `Db`.
 */
import type { Intent, Outbound } from '../core/types.js';
import { parseOutbound } from './insights.js';
import { prepared, type Db } from './statements.js';
import type { MessageRecord, MessageRole } from './types.js';

/** Insert the message and touch its conversation (callers run it in a transaction); undefined when `platformId` was seen before. */
export function addMessage(d: Db, m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string }, now = d.now()): number | undefined {
  // Sources are large and only useful at reply time; citations already carry the cited passages.
  const stored = m.outbound ? { ...m.outbound, sources: undefined, messageId: undefined } : undefined;
  const res = prepared(
    d.db,
    `INSERT INTO messages (conversation, role, text, outbound, answered, intent, platform_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(
    m.conversation,
    m.role,
    m.text,
    stored ? JSON.stringify(stored) : null,
    m.outbound ? (m.outbound.answered ? 1 : 0) : null,
    m.outbound?.intent ?? null,
    m.platformId ?? null,
    now,
  );
  if (res.changes === 0) return undefined;
  prepared(d.db, 'UPDATE conversations SET updated_at = ? WHERE id = ?').run(now, m.conversation);
  return Number(res.lastInsertRowid);
}

/** The last `limit` messages, oldest first; `withOutbound` false skips the replies' JSON. */
export function recentMessages(d: Db, conversation: string, limit: number, withOutbound: boolean): MessageRecord[] {
  if (limit <= 0) return [];
  // A stored reply's outbound JSON carries its citations: kilobytes to read and parse per row.
  const columns = `seq, conversation, role, text, ${withOutbound ? 'outbound' : 'NULL AS outbound'}, answered, intent, created_at`;
  const rows = prepared(d.db, `SELECT ${columns} FROM messages WHERE conversation = ? ORDER BY seq DESC LIMIT ?`).all(conversation, limit) as {
    seq: number;
    conversation: string;
    role: MessageRole;
    text: string;
    outbound: string | null;
    answered: number | null;
    intent: Intent | null;
    created_at: number;
  }[];
  return rows.reverse().map((r) => {
    const rec: MessageRecord = { seq: r.seq, conversation: r.conversation, role: r.role, text: r.text, at: r.created_at };
    const ob = parseOutbound(r.outbound);
    if (ob) rec.outbound = ob;
    if (r.answered !== null) rec.answered = r.answered === 1;
    if (r.intent !== null) rec.intent = r.intent;
    return rec;
  });
}

/** Blank the text of messages created before `cutoff`; returns how many. */
export function purgeMessages(d: Db, cutoff: number): number {
  return prepared(d.db, "UPDATE messages SET text = '', outbound = NULL, purged = 1 WHERE created_at < ? AND purged = 0").run(cutoff).changes;
}

/** Blank every message of one conversation; returns how many. */
export function blankConversationMessages(d: Db, conversation: string): number {
  return prepared(d.db, "UPDATE messages SET text = '', outbound = NULL, purged = 1 WHERE conversation = ? AND purged = 0").run(conversation).changes;
}
