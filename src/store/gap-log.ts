/**
 * The raw material of knowledge gaps: every bot reply to a question that was not answered, only
 * partly answered (the documents touch the topic, citations but no answer) or voted down, with the
 * user message it replied to, the bot's own reply before that message (a capture prompt means the
 * message answered the capture, not a question), and the reply's citations. Filtering, redaction and
 * grouping happen above the store (src/teach/gaps.ts).
 */
import type Database from 'better-sqlite3';
import { parseOutbound } from './insights.js';
import { prepared } from './statements.js';
import type { GapLog, GapOccurrence } from './taught-port.js';

export type { GapOccurrence } from './taught-port.js';

/** Gap candidates since `sinceMs`, oldest first (at most `limit`). */
export function gapOccurrences(db: Database.Database, sinceMs: number, limit = 5000): GapOccurrence[] {
  const rows = prepared(
    db,
    `SELECT a.seq, a.conversation, a.created_at AS at, a.text AS reply, a.answered, a.outbound,
            EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1) AS down,
            u.text AS question,
            (SELECT p.intent FROM messages p WHERE p.conversation = a.conversation AND p.seq < u.seq AND p.role = 'assistant' ORDER BY p.seq DESC LIMIT 1) AS previous
       FROM messages a
       JOIN messages u ON u.seq = (SELECT m.seq FROM messages m WHERE m.conversation = a.conversation AND m.seq < a.seq AND m.role = 'user' ORDER BY m.seq DESC LIMIT 1)
      WHERE a.role = 'assistant' AND a.intent = 'question' AND a.created_at >= ?
        AND (a.answered = 0 OR EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1))
      ORDER BY a.seq LIMIT ?`,
  ).all(sinceMs, Math.max(1, limit)) as { seq: number; conversation: string; at: number; reply: string; answered: number | null; outbound: string | null; down: number; question: string; previous: string | null }[];
  return rows
    .filter((r) => r.question && r.question.trim())
    .map((r) => {
      const citations = (parseOutbound(r.outbound)?.citations ?? []).map((c) => ({ title: c.title, path: c.path }));
      const reason: GapOccurrence['reason'] = r.down ? 'downvoted' : citations.length ? 'partial' : 'unanswered';
      return { seq: r.seq, conversation: r.conversation, at: r.at, question: r.question, reply: r.reply, reason, citations, ...(r.previous ? { previousIntent: r.previous } : {}) };
    });
}

/** The gap-log port over a SQLite database. */
export function sqliteGapLog(db: Database.Database): GapLog {
  return { gapOccurrences: async (sinceMs, limit) => gapOccurrences(db, sinceMs, limit) };
}
