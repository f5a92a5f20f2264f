/**
 * Search over every lead and transcript in SQLite, for the console and the leads CLI: the board
 * and the transcripts tab load one page, so finding an old lead must not depend on what the
 * browser holds. Synchronous functions over the better-sqlite3 handle, plus `createLeadSearch`,
 * the async port over them. The WHERE clause varies with the filters and the number of words, so
 * these statements are prepared per call rather than cached (see statements.ts).
 */
import { conversationWho } from './insights.js';
import { getLead as leadRow } from './leads.js';
import type Database from 'better-sqlite3';
import type { LeadRecord } from './types.js';
import type { LeadPage, LeadQuery, LeadSearch, TranscriptHit, TranscriptQuery } from './search-types.js';

/** A LIKE pattern that finds `s` anywhere, with LIKE's wildcards taken literally. */
function contains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const TEXT_COLUMNS = ['company', 'contactName', 'wechatId', 'industry', 'description', 'timeline'].map((k) => `json_extract(l.fields, '$.${k}')`);

/** The words of a search box, at most 8 (each must match). */
function words(text: string | undefined): string[] {
  return (text ?? '').normalize('NFKC').trim().split(/\s+/).filter(Boolean).slice(0, 8);
}

function leadWhere(q: Omit<LeadQuery, 'limit' | 'offset'>): { sql: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  for (const w of words(q.text)) {
    const p = contains(w);
    const ors = [...TEXT_COLUMNS.map((c) => `${c} LIKE ? ESCAPE '\\'`), `l.id LIKE ? ESCAPE '\\'`, `EXISTS (SELECT 1 FROM lead_notes n WHERE n.lead_id = l.id AND n.text LIKE ? ESCAPE '\\')`];
    args.push(...TEXT_COLUMNS.map(() => p), p, p);
    // Phone numbers are stored as digits: "138 0013" or "138-0013" finds 13800138000.
    const digits = w.replace(/[\s\-+()]/g, '');
    if (/^\d{3,}$/.test(digits)) {
      ors.push(`l.phone LIKE ?`);
      args.push(`%${digits}%`);
    }
    where.push(`(${ors.join(' OR ')})`);
  }
  if (q.status) {
    where.push('l.status = ?');
    args.push(q.status);
  }
  if (q.channel) {
    where.push('c.channel = ?');
    args.push(q.channel);
  }
  if (q.owner === 'none') where.push('l.owner_id IS NULL');
  else if (q.owner) {
    where.push('(l.owner_id = ? OR l.owner_name = ?)');
    args.push(q.owner, q.owner);
  }
  if (q.industry) {
    where.push(`json_extract(l.fields, '$.industry') LIKE ? ESCAPE '\\'`);
    args.push(contains(q.industry.trim()));
  }
  if (q.from !== undefined) {
    where.push('l.created_at >= ?');
    args.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('l.created_at < ?');
    args.push(q.to);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

/** Ids of one page of matching leads, newest first, and the number of matches. */
export function searchLeadIds(db: Database.Database, q: LeadQuery): { ids: string[]; total: number } {
  const { sql, args } = leadWhere(q);
  const from = 'FROM leads l LEFT JOIN conversations c ON c.id = l.conversation';
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from} ${sql}`).get(...args) as { n: number }).n;
  const rows = db.prepare(`SELECT l.id ${from} ${sql} ORDER BY l.created_at DESC, l.id LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as { id: string }[];
  return { ids: rows.map((r) => r.id), total };
}

/** Lead ids starting with `prefix`, the exact id first, then oldest first. */
export function leadIdsByPrefix(db: Database.Database, prefix: string, limit: number): string[] {
  if (prefix === '') return [];
  const rows = db.prepare('SELECT id FROM leads WHERE substr(id, 1, ?) = ? ORDER BY id = ? DESC, created_at, id LIMIT ?').all(prefix.length, prefix, prefix, limit) as { id: string }[];
  return rows.map((r) => r.id);
}

/** A snippet of `text` around the first occurrence of `word` (about 120 characters). */
function snippet(text: string, word: string): string {
  const at = text.toLowerCase().indexOf(word.toLowerCase());
  if (text.length <= 120 || at < 0) return text.length <= 120 ? text : `${text.slice(0, 120)}…`;
  const start = Math.max(0, at - 40);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 120)}${start + 120 < text.length ? '…' : ''}`;
}

/** Conversations with a message containing the word (blanked messages excluded), most recently active first. */
export function searchTranscripts(db: Database.Database, q: TranscriptQuery): { conversations: TranscriptHit[]; total: number } {
  const word = q.text.normalize('NFKC').trim();
  if (!word) return { conversations: [], total: 0 };
  const where = [`m.purged = 0`, `m.role != 'system'`, `m.text LIKE ? ESCAPE '\\'`];
  const args: unknown[] = [contains(word)];
  if (q.channel) {
    where.push('c.channel = ?');
    args.push(q.channel);
  }
  if (q.from !== undefined) {
    where.push('m.created_at >= ?');
    args.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('m.created_at < ?');
    args.push(q.to);
  }
  const cond = where.join(' AND ');
  const total = (db.prepare(`SELECT COUNT(DISTINCT m.conversation) AS n FROM messages m JOIN conversations c ON c.id = m.conversation WHERE ${cond}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT c.id, c.channel, c.state, c.updated_at AS lastAt, c.user_name AS userName,
              (SELECT COUNT(*) FROM messages m2 WHERE m2.conversation = c.id) AS messageCount,
              (SELECT l.fields FROM leads l WHERE l.conversation = c.id ORDER BY l.created_at DESC LIMIT 1) AS leadFields,
              COUNT(*) AS hits, MAX(m.seq) AS lastSeq
         FROM messages m JOIN conversations c ON c.id = m.conversation
        WHERE ${cond}
        GROUP BY c.id ORDER BY c.updated_at DESC, c.id LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit, q.offset) as (Omit<TranscriptHit, 'match' | 'who'> & { lastSeq: number; userName: string | null; leadFields: string | null })[];
  const msg = db.prepare('SELECT seq, role, text, created_at AS at FROM messages WHERE seq = ?');
  const conversations = rows.map(({ lastSeq, userName, leadFields, ...r }) => {
    const m = msg.get(lastSeq) as TranscriptHit['match'];
    const who = conversationWho(leadFields, userName);
    return { ...r, ...(who ? { who } : {}), match: { ...m, text: snippet(m.text, word) } };
  });
  return { conversations, total };
}

/** The search port over a SQLite database; `getLead` reads one lead by id (the store's). */
export function createLeadSearch(db: Database.Database): LeadSearch {
  const d = { db, now: Date.now };
  const getLead = (id: string): LeadRecord | undefined => leadRow(d, id);
  return {
    async searchLeads(q: LeadQuery): Promise<LeadPage> {
      const { ids, total } = searchLeadIds(db, q);
      return { leads: ids.map(getLead).filter((l): l is LeadRecord => l !== undefined), total };
    },
    async searchTranscripts(q) {
      return searchTranscripts(db, q);
    },
    async leadIdsByPrefix(prefix, limit) {
      return leadIdsByPrefix(db, prefix, limit);
    },
  };
}
