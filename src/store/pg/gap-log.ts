/** The knowledge-gap log over PostgreSQL: the same query and reading as `../gap-log.ts`. */
import type pg from 'pg';
import { parseOutbound } from '../insights.js';
import type { GapLog, GapOccurrence } from '../taught-port.js';
import { rows, type PgDb } from './db.js';

/** The gap-log port over a PostgreSQL pool. */
export function createPgGapLog(pool: pg.Pool): GapLog {
  const d: PgDb = { c: pool, now: () => Date.now() };
  return {
    async gapOccurrences(sinceMs, limit = 5000) {
      const found = await rows<{ seq: number; conversation: string; at: number; reply: string; outbound: string | null; down: boolean; question: string; previous: string | null }>(
        d,
        `SELECT a.seq, a.conversation, a.created_at AS at, a.text AS reply, a.outbound,
                EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1) AS down,
                u.text AS question,
                (SELECT p.intent FROM messages p WHERE p.conversation = a.conversation AND p.seq < u.seq AND p.role = 'assistant' ORDER BY p.seq DESC LIMIT 1) AS previous
           FROM messages a
           JOIN messages u ON u.seq = (SELECT m.seq FROM messages m WHERE m.conversation = a.conversation AND m.seq < a.seq AND m.role = 'user' ORDER BY m.seq DESC LIMIT 1)
          WHERE a.role = 'assistant' AND a.intent = 'question' AND a.created_at >= $1
            AND (a.answered = 0 OR EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1))
          ORDER BY a.seq LIMIT $2`,
        [sinceMs, Math.max(1, limit)],
      );
      return found
        .filter((r) => r.question && r.question.trim())
        .map((r): GapOccurrence => {
          const citations = (parseOutbound(r.outbound)?.citations ?? []).map((c) => ({ title: c.title, path: c.path }));
          const reason: GapOccurrence['reason'] = r.down ? 'downvoted' : citations.length ? 'partial' : 'unanswered';
          return { seq: r.seq, conversation: r.conversation, at: r.at, question: r.question, reply: r.reply, reason, citations, ...(r.previous ? { previousIntent: r.previous } : {}) };
        });
    },
  };
}
