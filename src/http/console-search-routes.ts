/**
 * Console search and notes (under /api/console, behind its auth middleware): leads and transcripts
 * searched in the database over every row, one page at a time (the board holds only a page), and
 * staff notes on a lead, attributed to the signed-in account. Query parameters are zod-validated.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { LeadView } from '../core/ports.js';
import { EN } from '../core/texts/en.js';
import { consoleActor, type ConsoleEnv } from './console-auth.js';
import { worded } from './conversation-words.js';
import type { HttpCore } from './http-core.js';
import { httpError } from './http-errors.js';
import { readJson } from './read-body.js';

const BEIJING_MS = 8 * 3_600_000;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a date');
const channel = z.enum(['web', 'slack', 'wechat', 'cli', 'api']);
const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const leadQuerySchema = z.strictObject({
  q: z.string().max(200).optional(),
  status: z.enum(['new', 'claimed', 'follow_up', 'closed']).optional(),
  channel: channel.optional(),
  owner: z.string().trim().max(60).optional(),
  industry: z.string().trim().max(60).optional(),
  from: day.optional(),
  to: day.optional(),
  ...paging,
});
const transcriptQuerySchema = z.strictObject({ q: z.string().trim().min(1, 'enter a word to search for').max(200), channel: channel.optional(), from: day.optional(), to: day.optional(), ...paging });
const noteSchema = z.strictObject({ staff: z.string().trim().max(60).optional(), text: z.string().trim().min(1, 'text is empty').max(4000) });

/** Validate the query string (empty parameters count as absent); 400 naming the first problem. */
function query<S extends z.ZodType>(raw: Record<string, string>, schema: S): z.infer<S> {
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    const keys = issue && issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw httpError('bad_request', `Invalid query: ${where}${issue?.message ?? 'invalid'}${keys}`);
  }
  return parsed.data;
}

/** A Beijing calendar day range as epoch ms: from its first moment, to the end of `to`. */
function dayRange(from: string | undefined, to: string | undefined): { from?: number; to?: number } {
  const start = (d: string) => Date.parse(`${d}T00:00:00Z`) - BEIJING_MS;
  return { ...(from ? { from: start(from) } : {}), ...(to ? { to: start(to) + 86_400_000 } : {}) };
}

/** The search and notes routes; without the ports (a test core) they answer 404. */
export function searchRoutes(core: HttpCore, config: Config): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const need = <T>(port: T | undefined): T => {
    if (!port) throw httpError('not_found', 'Search is not available on this server');
    return port;
  };

  app.get('/leads/search', async (c) => {
    const q = query(c.req.query(), leadQuerySchema);
    const page = await need(core.search).searchLeads({
      ...(q.q ? { text: q.q } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.owner ? { owner: q.owner } : {}),
      ...(q.industry ? { industry: q.industry } : {}),
      ...dayRange(q.from, q.to),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const leads = (await Promise.all(page.leads.map((l) => core.staff.get(l.id)))).filter((l): l is LeadView => l !== undefined);
    return c.json({ leads, total: page.total, page: q.page, pageSize: q.pageSize });
  });

  app.get('/conversations/search', async (c) => {
    const q = query(c.req.query(), transcriptQuerySchema);
    const r = await need(core.search).searchTranscripts({ text: q.q, ...(q.channel ? { channel: q.channel } : {}), ...dayRange(q.from, q.to), limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return c.json({ ...r, conversations: r.conversations.map(worded), page: q.page, pageSize: q.pageSize });
  });

  app.get('/leads/:id/notes', async (c) => {
    return c.json({ notes: await need(core.notes).list(c.req.param('id')) });
  });

  app.post('/leads/:id/notes', async (c) => {
    const body = await readJson(c, noteSchema, config.MAX_BODY_BYTES);
    const note = await need(core.notes).add(c.req.param('id'), consoleActor(c.get('user'), body.staff), body.text);
    if (!note) throw httpError('not_found', EN.leadDesk.refusal.notFound);
    return c.json({ ok: true, note }, 201);
  });

  return app;
}
