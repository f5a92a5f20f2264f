/** Read-side queries for the console and web chat (transcripts, knowledge gaps, daily numbers), and the votes that feed the gaps. */
import type Database from 'better-sqlite3';
import { CodedError } from '../core/errors.js';
import { prepared, type Db } from './statements.js';
import type { StoredMessage } from '../core/ports.js';
import type { Outbound } from '../core/types.js';
import { redactPersonalData } from '../core/privacy.js';

interface MessageRow {
  seq: number;
  conversation: string;
  role: StoredMessage['role'];
  text: string;
  outbound: string | null;
  created_at: number;
}

/** Parse an outbound JSON column, tolerating damage. */
export function parseOutbound(json: string | null): Outbound | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as Outbound;
  } catch {
    return undefined;
  }
}

/** Resolve a conversation id: the internal id, else a channel's own id (web sessions poll with theirs). */
export function resolveConversationId(db: Database.Database, id: string): string | undefined {
  const byId = prepared(db, 'SELECT id FROM conversations WHERE id = ?');
  const direct = (byId.get(id) ?? byId.get(`web:${id}`)) as { id: string } | undefined;
  if (direct) return direct.id;
  // No index serves conversation_id alone (the unique index leads with channel): this scans, so the
  // web id, the one every /api/chat reply and poll uses, is looked up by primary key just above.
  const byChannelId = prepared(db, "SELECT id FROM conversations WHERE conversation_id = ? ORDER BY (channel = 'web') DESC, updated_at DESC LIMIT 1").get(id) as { id: string } | undefined;
  return byChannelId?.id;
}

/** Messages after `after`, oldest first. */
export function messagesSince(db: Database.Database, conversationId: string, after: number, limit = 200): StoredMessage[] {
  const id = resolveConversationId(db, conversationId);
  if (!id) return [];
  const rows = prepared(db, 'SELECT seq, conversation, role, text, outbound, created_at FROM messages WHERE conversation = ? AND seq > ? ORDER BY seq LIMIT ?').all(id, after, Math.max(1, Math.min(limit, 1000))) as MessageRow[];
  return rows.map((r) => {
    const outbound = parseOutbound(r.outbound);
    const m: StoredMessage = { seq: r.seq, conversationId: r.conversation, role: r.role, text: r.text, at: r.created_at };
    if (outbound) m.outbound = { ...outbound, text: r.text };
    return m;
  });
}

/** Conversations, most recently active first. */
export function listConversations(db: Database.Database, limit = 50, offset = 0): ConversationSummary[] {
  const found = prepared(
    db,
    `SELECT c.id, c.channel, c.state, c.updated_at AS lastAt, c.user_name AS userName,
              (SELECT COUNT(*) FROM messages m WHERE m.conversation = c.id) AS messageCount,
              (SELECT m.text FROM messages m WHERE m.conversation = c.id AND m.role = 'user' AND m.text != '' ORDER BY m.seq LIMIT 1) AS firstQuestion,
              (SELECT l.fields FROM leads l WHERE l.conversation = c.id ORDER BY l.created_at DESC LIMIT 1) AS leadFields
       FROM conversations c ORDER BY c.updated_at DESC, c.id LIMIT ? OFFSET ?`,
  ).all(Math.max(1, Math.min(limit, 1000)), Math.max(0, offset)) as SummaryRow[];
  return found.map(toSummary);
}

/** One conversation as the console lists it: who (company, else contact, else the platform's name), its first question. */
export interface ConversationSummary {
  id: string;
  channel: string;
  state: string;
  lastAt: number;
  messageCount: number;
  who?: string;
  firstQuestion?: string;
}

/** A row of the conversation list query (both back-ends). */
export interface SummaryRow {
  id: string;
  channel: string;
  state: string;
  lastAt: number;
  messageCount: number;
  userName: string | null;
  firstQuestion: string | null;
  leadFields: string | null;
}

/** Who a conversation is: its latest lead's company, else contact, else the platform's name (`leadFields`: that lead's stored JSON). */
export function conversationWho(leadFields: string | null | undefined, userName: string | null | undefined): string | undefined {
  let fields: { company?: unknown; contactName?: unknown } = {};
  try {
    fields = leadFields ? (JSON.parse(leadFields) as typeof fields) : {};
  } catch {
    fields = {};
  }
  return [fields.company, fields.contactName, userName].find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** The list row as the console shows it. */
export function toSummary(r: SummaryRow): ConversationSummary {
  const name = conversationWho(r.leadFields, r.userName);
  const q = r.firstQuestion?.replace(/\s+/g, ' ').trim();
  return {
    id: r.id,
    channel: r.channel,
    state: r.state,
    lastAt: Number(r.lastAt),
    messageCount: Number(r.messageCount),
    ...(name ? { who: name } : {}),
    ...(q ? { firstQuestion: q.length > 80 ? `${q.slice(0, 80)}…` : q } : {}),
  };
}

/** Normalise a question for grouping: NFKC, lower case, no white space or trailing punctuation. */
export function gapKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[?？!！。.,，]+$/u, '');
}

/**
 * Questions whose reply was unanswered or voted down. The question is the user message just
 * before the reply, redacted (gaps are read as knowledge work, and may end up in a Q&A document);
 * purged (blank) questions are skipped.
 */
export function knowledgeGaps(
  db: Database.Database,
  sinceMs: number,
  limit: number,
): { question: string; count: number; lastAt: number; reason: 'unanswered' | 'downvoted' }[] {
  const rows = prepared(
    db,
    `SELECT a.seq, a.created_at AS at,
              CASE WHEN EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1) THEN 'downvoted' ELSE 'unanswered' END AS reason,
              (SELECT u.text FROM messages u WHERE u.conversation = a.conversation AND u.seq < a.seq AND u.role = 'user' ORDER BY u.seq DESC LIMIT 1) AS question
       FROM messages a
       WHERE a.role = 'assistant' AND a.created_at >= ?
         AND ((a.answered = 0 AND a.intent = 'question')
              OR EXISTS (SELECT 1 FROM votes v WHERE v.message_seq = a.seq AND v.value = -1))`,
  ).all(sinceMs) as { seq: number; at: number; reason: 'unanswered' | 'downvoted'; question: string | null }[];
  return groupGaps(rows, limit);
}

/** Redact and group gap rows by reason and normalised question, most frequent first (shared by both back-ends). */
export function groupGaps(rows: { at: number; reason: 'unanswered' | 'downvoted'; question: string | null }[], limit: number): { question: string; count: number; lastAt: number; reason: 'unanswered' | 'downvoted' }[] {
  const groups = new Map<string, { question: string; count: number; lastAt: number; reason: 'unanswered' | 'downvoted' }>();
  for (const row of rows) {
    if (!row.question || !row.question.trim()) continue;
    const r = { ...row, question: redactPersonalData(row.question) };
    const key = `${r.reason}\u0000${gapKey(r.question)}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      if (r.at >= g.lastAt) {
        g.lastAt = r.at;
        g.question = r.question;
      }
    } else groups.set(key, { question: r.question, count: 1, lastAt: r.at, reason: r.reason });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt).slice(0, limit);
}

/** Questions per UTC day (user messages on non-staff channels answered by the bot), oldest first. */
export function dailyStats(db: Database.Database, now: number, days: number): { day: string; questions: number; answered: number }[] {
  const dayMs = 86_400_000;
  const n = Math.max(1, Math.min(days, 3660));
  const startDay = Math.floor(now / dayMs) - (n - 1);
  const rows = prepared(
    db,
    `SELECT (created_at / ${dayMs}) AS d, COUNT(*) AS questions, SUM(CASE WHEN answered = 1 THEN 1 ELSE 0 END) AS answered
       FROM messages WHERE role = 'assistant' AND intent = 'question' AND created_at >= ? GROUP BY d`,
  ).all(startDay * dayMs) as { d: number; questions: number; answered: number }[];
  return fillDays(rows, startDay, n);
}

/** One entry per UTC day from `startDay` for `n` days, zero where `rows` has none (shared by both back-ends). */
export function fillDays(rows: { d: number; questions: number; answered: number }[], startDay: number, n: number): { day: string; questions: number; answered: number }[] {
  const dayMs = 86_400_000;
  const byDay = new Map(rows.map((r) => [Math.floor(r.d), r]));
  const out: { day: string; questions: number; answered: number }[] = [];
  for (let d = startDay; d < startDay + n; d++) {
    const r = byDay.get(d);
    out.push({ day: new Date(d * dayMs).toISOString().slice(0, 10), questions: r?.questions ?? 0, answered: r?.answered ?? 0 });
  }
  return out;
}

/**
 * Record a vote on a stored bot message (`messageId` is the message's seq); one vote per voter,
 * within `conversation` when given. Throws `not_found` for anything but a bot message.
 */
export function vote(d: Db, messageId: string, value: 1 | -1, by: string | undefined, conversation: string | undefined): void {
  const seq = /^\d+$/.test(messageId) ? Number(messageId) : NaN;
  const within = conversation === undefined ? undefined : (resolveConversationId(d.db, conversation) ?? '\u0000none');
  const exists =
    Number.isSafeInteger(seq) &&
    (within === undefined
      ? prepared(d.db, "SELECT 1 FROM messages WHERE seq = ? AND role IN ('assistant','staff')").get(seq)
      : prepared(d.db, "SELECT 1 FROM messages WHERE seq = ? AND conversation = ? AND role IN ('assistant','staff')").get(seq, within));
  if (!exists) throw new CodedError('not_found', `no bot message ${messageId}`);
  prepared(d.db, 'INSERT INTO votes (message_seq, voter, value, at) VALUES (?, ?, ?, ?) ON CONFLICT(message_seq, voter) DO UPDATE SET value = excluded.value, at = excluded.at').run(seq, by ?? '', value, d.now());
}
