/** Read-side queries and votes over PostgreSQL (as `../insights.ts`; grouping and day filling are shared). */
import { CodedError } from '../../core/errors.js';
import type { StoredMessage } from '../../core/ports.js';
import { fillDays, groupGaps, parseOutbound, toSummary, type ConversationSummary, type SummaryRow } from '../insights.js';
import { changes, row, rows, type PgDb } from './db.js';

/** Resolve a conversation id: the internal id, else a channel's own id (web sessions poll with theirs). */
export async function resolveConversationId(d: PgDb, id: string): Promise<string | undefined> {
  const direct = await row<{ id: string }>(d, 'SELECT id FROM conversations WHERE id = $1 OR id = $2 ORDER BY (id = $1) DESC LIMIT 1', [id, `web:${id}`]);
  if (direct) return direct.id;
  const byChannelId = await row<{ id: string }>(d, "SELECT id FROM conversations WHERE conversation_id = $1 ORDER BY (channel = 'web') DESC, updated_at DESC LIMIT 1", [id]);
  return byChannelId?.id;
}

/** Messages after `after`, oldest first. */
export async function messagesSince(d: PgDb, conversationId: string, after: number, limit = 200): Promise<StoredMessage[]> {
  const id = await resolveConversationId(d, conversationId);
  if (!id) return [];
  const found = await rows<{ seq: number; conversation: string; role: StoredMessage['role']; text: string; outbound: string | null; created_at: number }>(
    d,
    'SELECT seq, conversation, role, text, outbound, created_at FROM messages WHERE conversation = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [id, after, Math.max(1, Math.min(limit, 1000))],
  );
  return found.map((r) => {
    const outbound = parseOutbound(r.outbound);
    const m: StoredMessage = { seq: r.seq, conversationId: r.conversation, role: r.role, text: r.text, at: r.created_at };
    if (outbound) m.outbound = { ...outbound, text: r.text };
    return m;
  });
}

/** Conversations, most recently active first. */
export async function listConversations(d: PgDb, limit = 50, offset = 0): Promise<ConversationSummary[]> {
  const found = await rows<SummaryRow>(
    d,
    `SELECT c.id, c.channel, c.state, c.updated_at AS "lastAt", c.user_name AS "userName",
            (SELECT COUNT(*) FROM messages m WHERE m.conversation = c.id) AS "messageCount",
            (SELECT m.text FROM messages m WHERE m.conversation = c.id AND m.role = 'user' AND m.text != '' ORDER BY m.seq LIMIT 1) AS "firstQuestion",
            (SELECT l.fields FROM leads l WHERE l.conversation = c.id ORDER BY l.created_at DESC LIMIT 1) AS "leadFields"
       FROM conversations c ORDER BY c.updated_at DESC, c.id LIMIT $1 OFFSET $2`,
    [Math.max(1, Math.min(limit, 1000)), Math.max(0, offset)],
  );
  return found.map(toSummary);
}

/** Questions whose reply was unanswered or voted down, redacted and grouped (see `../insights.ts`). */
export async function knowledgeGaps(d: PgDb, sinceMs: number, limit: number): Promise<{ question: string; count: number; lastAt: number; reason: 'unanswered' | 'downvoted' }[]> {
  const found = await rows<{ seq: number; at: number; reason: 'unanswered' | 'downvoted'; question: string | null }>(
    d,
    `SELECT a.seq, a.created_at AS at,
            CASE WHEN EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1) THEN 'downvoted' ELSE 'unanswered' END AS reason,
            (SELECT u.text FROM messages u WHERE u.conversation = a.conversation AND u.seq < a.seq AND u.role = 'user' ORDER BY u.seq DESC LIMIT 1) AS question
       FROM messages a
      WHERE a.role = 'assistant' AND a.created_at >= $1
        AND ((a.answered = 0 AND a.intent = 'question')
             OR EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1))
      ORDER BY a.seq`,
    [sinceMs],
  );
  return groupGaps(found, limit);
}

/** Questions per UTC day and how many were answered, oldest first. */
export async function dailyStats(d: PgDb, now: number, days: number): Promise<{ day: string; questions: number; answered: number }[]> {
  const dayMs = 86_400_000;
  const n = Math.max(1, Math.min(days, 3660));
  const startDay = Math.floor(now / dayMs) - (n - 1);
  const found = await rows<{ d: number; questions: number; answered: number }>(
    d,
    `SELECT created_at / ${dayMs} AS d, COUNT(*) AS questions, SUM(CASE WHEN answered = 1 THEN 1 ELSE 0 END) AS answered
       FROM messages WHERE role = 'assistant' AND intent = 'question' AND created_at >= $1 GROUP BY 1`,
    [startDay * dayMs],
  );
  return fillDays(found, startDay, n);
}

/** Record a vote on a stored bot message; one vote per voter, within `conversation` when given. Throws `not_found` otherwise. */
export async function vote(d: PgDb, messageId: string, value: 1 | -1, by: string | undefined, conversation: string | undefined): Promise<void> {
  const seq = /^\d+$/.test(messageId) ? Number(messageId) : NaN;
  // PostgreSQL text holds no NUL, so an unknown conversation is not_found here rather than a sentinel id.
  const within = conversation === undefined ? undefined : await resolveConversationId(d, conversation);
  const exists =
    Number.isSafeInteger(seq) &&
    (conversation === undefined || within !== undefined) &&
    (within === undefined
      ? await row(d, "SELECT 1 FROM messages WHERE seq = $1 AND role IN ('assistant','staff')", [seq])
      : await row(d, "SELECT 1 FROM messages WHERE seq = $1 AND conversation = $2 AND role IN ('assistant','staff')", [seq, within]));
  if (!exists) throw new CodedError('not_found', `no bot message ${messageId}`);
  await changes(d, 'INSERT INTO votes (message_seq, voter, value, at) VALUES ($1, $2, $3, $4) ON CONFLICT (message_seq, voter) DO UPDATE SET value = excluded.value, at = excluded.at', [seq, by ?? '', value, d.now()]);
}
