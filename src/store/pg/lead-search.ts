/**
 * Search over every lead and transcript, and staff notes on leads, over PostgreSQL: the same
 * filters and order as `../lead-search.ts` and `../lead-notes.ts`. SQLite's LIKE ignores ASCII
 * case, so these use ILIKE; the JSON fields (TEXT, as in SQLite) are read with `::jsonb ->>`.
 */
import type pg from 'pg';
import type { Clock } from '../../core/ports.js';
import type { LeadNote, LeadNotes, LeadQuery, LeadSearch, TranscriptHit } from '../search-types.js';
import type { LeadRecord } from '../types.js';
import { row, rows, type PgDb } from './db.js';
import { getLead } from './leads.js';
import { conversationWho } from '../insights.js';
import { toNote, type NoteRow } from '../lead-notes.js';

/** An ILIKE pattern that finds `s` anywhere, with its wildcards taken literally. */
const contains = (s: string) => `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
const words = (text: string | undefined) => (text ?? '').normalize('NFKC').trim().split(/\s+/).filter(Boolean).slice(0, 8);
const TEXT_FIELDS = ['company', 'contactName', 'wechatId', 'industry', 'description', 'timeline'];

/** Numbered placeholders: `p(value)` adds a value and returns its `$n`. */
function params(): { args: unknown[]; p(v: unknown): string } {
  const args: unknown[] = [];
  return { args, p: (v) => `$${args.push(v)}` };
}

function leadWhere(q: Omit<LeadQuery, 'limit' | 'offset'>, p: (v: unknown) => string): string {
  const where: string[] = [];
  for (const w of words(q.text)) {
    const pat = contains(w);
    const ors = [
      ...TEXT_FIELDS.map((f) => `(l.fields::jsonb ->> '${f}') ILIKE ${p(pat)}`),
      `l.id ILIKE ${p(pat)}`,
      `EXISTS (SELECT 1 FROM lead_notes n WHERE n.lead_id = l.id AND n.text ILIKE ${p(pat)})`,
    ];
    // Phone numbers are stored as digits: "138 0013" or "138-0013" finds 13800138000.
    const digits = w.replace(/[\s\-+()]/g, '');
    if (/^\d{3,}$/.test(digits)) ors.push(`l.phone LIKE ${p(`%${digits}%`)}`);
    where.push(`(${ors.join(' OR ')})`);
  }
  if (q.status) where.push(`l.status = ${p(q.status)}`);
  if (q.channel) where.push(`c.channel = ${p(q.channel)}`);
  if (q.owner === 'none') where.push('l.owner_id IS NULL');
  else if (q.owner) where.push(`(l.owner_id = ${p(q.owner)} OR l.owner_name = ${p(q.owner)})`);
  if (q.industry) where.push(`(l.fields::jsonb ->> 'industry') ILIKE ${p(contains(q.industry.trim()))}`);
  if (q.from !== undefined) where.push(`l.created_at >= ${p(q.from)}`);
  if (q.to !== undefined) where.push(`l.created_at < ${p(q.to)}`);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** A snippet of `text` around the first occurrence of `word` (about 120 characters). */
function snippet(text: string, word: string): string {
  const at = text.toLowerCase().indexOf(word.toLowerCase());
  if (text.length <= 120 || at < 0) return text.length <= 120 ? text : `${text.slice(0, 120)}…`;
  const start = Math.max(0, at - 40);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 120)}${start + 120 < text.length ? '…' : ''}`;
}

/** The search port over a PostgreSQL pool. */
export function createPgLeadSearch(pool: pg.Pool): LeadSearch {
  const d: PgDb = { c: pool, now: () => Date.now() };
  return {
    async searchLeads(q) {
      const { args, p } = params();
      const where = leadWhere(q, p);
      const from = 'FROM leads l LEFT JOIN conversations c ON c.id = l.conversation';
      const total = (await row<{ n: number }>(d, `SELECT COUNT(*) AS n ${from} ${where}`, args))!.n;
      const ids = await rows<{ id: string }>(d, `SELECT l.id ${from} ${where} ORDER BY l.created_at DESC, l.id COLLATE "C" LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`, args);
      const leads: LeadRecord[] = [];
      for (const { id } of ids) {
        const lead = await getLead(d, id);
        if (lead) leads.push(lead);
      }
      return { leads, total };
    },
    async searchTranscripts(q) {
      const word = q.text.normalize('NFKC').trim();
      if (!word) return { conversations: [], total: 0 };
      const { args, p } = params();
      const where = ['m.purged = 0', "m.role <> 'system'", `m.text ILIKE ${p(contains(word))}`];
      if (q.channel) where.push(`c.channel = ${p(q.channel)}`);
      if (q.from !== undefined) where.push(`m.created_at >= ${p(q.from)}`);
      if (q.to !== undefined) where.push(`m.created_at < ${p(q.to)}`);
      const cond = where.join(' AND ');
      const total = (await row<{ n: number }>(d, `SELECT COUNT(DISTINCT m.conversation) AS n FROM messages m JOIN conversations c ON c.id = m.conversation WHERE ${cond}`, args))!.n;
      const found = await rows<Omit<TranscriptHit, 'match' | 'who'> & { lastSeq: number; userName: string | null; leadFields: string | null }>(
        d,
        `SELECT c.id, c.channel, c.state, c.updated_at AS "lastAt", c.user_name AS "userName",
                (SELECT COUNT(*) FROM messages m2 WHERE m2.conversation = c.id) AS "messageCount",
                (SELECT l.fields FROM leads l WHERE l.conversation = c.id ORDER BY l.created_at DESC LIMIT 1) AS "leadFields",
                COUNT(*) AS hits, MAX(m.seq) AS "lastSeq"
           FROM messages m JOIN conversations c ON c.id = m.conversation
          WHERE ${cond}
          GROUP BY c.id ORDER BY c.updated_at DESC, c.id COLLATE "C" LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`,
        args,
      );
      const conversations: TranscriptHit[] = [];
      for (const { lastSeq, userName, leadFields, ...r } of found) {
        const m = (await row<TranscriptHit['match']>(d, 'SELECT seq, role, text, created_at AS at FROM messages WHERE seq = $1', [lastSeq]))!;
        const who = conversationWho(leadFields, userName);
        conversations.push({ ...r, ...(who ? { who } : {}), match: { ...m, text: snippet(m.text, word) } });
      }
      return { conversations, total };
    },
    async leadIdsByPrefix(prefix, limit) {
      if (prefix === '') return [];
      return (await rows<{ id: string }>(d, 'SELECT id FROM leads WHERE substr(id, 1, $1) = $2 ORDER BY id = $2 DESC, created_at, id COLLATE "C" LIMIT $3', [prefix.length, prefix, limit])).map((r) => r.id);
    },
  };
}


/** The notes port over a PostgreSQL pool. */
export function createPgLeadNotes(pool: pg.Pool, clock: Clock): LeadNotes {
  const d: PgDb = { c: pool, now: () => clock.now() };
  return {
    async add(leadId, author, text) {
      // One statement: a lead deleted meanwhile leaves no orphan note (the FK would refuse it anyway).
      const r = await row<NoteRow>(
        d,
        'INSERT INTO lead_notes (lead_id, author_id, author_name, text, created_at) SELECT id, $2, $3, $4, $5 FROM leads WHERE id = $1 RETURNING *',
        [leadId, author.id, author.name, text, clock.now()],
      );
      return r ? toNote(r) : undefined;
    },
    async list(leadId) {
      return (await rows<NoteRow>(d, 'SELECT * FROM lead_notes WHERE lead_id = $1 ORDER BY id', [leadId])).map(toNote);
    },
  };
}
