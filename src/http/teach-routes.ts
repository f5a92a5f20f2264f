/**
 * The console's teaching API under /api/console/teach (behind the console's session check): real
 * knowledge gaps, knowledge-base search, link / answer / not-our-business / ignore, undo, the
 * audit log, FAQ spreadsheet preview and import, and "ask it now".
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { TeachService } from '../teach/teach-service.js';
import { intParam } from './query-params.js';
import { consoleActor, type ConsoleEnv } from './console-auth.js';
import { httpError } from './http-errors.js';
import { readJson } from './read-body.js';
import { both } from '../core/texts/both.js';

// The typed name counts only without staff accounts (bootstrap, open console); else the signed-in account acts.
const staff = z.string().trim().min(1, 'staff name is empty').max(60).optional();
const question = z.string().trim().min(1).max(300);
const questions = z.array(question).min(1).max(50);
const linkSchema = z.strictObject({ staff, questions, passage: z.strictObject({ id: z.string().min(1).max(100), path: z.string().min(1).max(500), headingPath: z.array(z.string().max(300)).max(20) }) });
const answerSchema = z.strictObject({ staff, question, similar: z.array(question).max(50).optional(), answer: z.string().trim().min(1, both((t) => t.console.answerEmpty)).max(4000), source: z.string().trim().max(200).optional(), tags: z.array(z.string().trim().min(1).max(40)).max(20).optional() });
const dismissSchema = z.strictObject({ staff, questions });
const undoSchema = z.strictObject({ staff });
const askSchema = z.strictObject({ question });
/** An uploaded spreadsheet: its name and bytes (base64), at most 4 MB. */
const FILE_BYTES = 4 * 1024 * 1024;
const faqSchema = z.strictObject({ staff, name: z.string().trim().min(1).max(200), data: z.string().max(Math.ceil((FILE_BYTES * 4) / 3) + 8) });

/** The teaching routes; 404 everywhere when the core has no teaching service. */
export function teachRoutes(teach: TeachService | undefined, maxBody: number): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const need = (): TeachService => {
    if (!teach) throw httpError('not_found', 'Teaching is not available');
    return teach;
  };
  const big = Math.max(maxBody, FILE_BYTES * 2);

  app.get('/gaps', async (c) => {
    const days = intParam(c.req.query('days'), 90, 1, 3650);
    return c.json({ gaps: await need().gaps({ days, limit: intParam(c.req.query('limit'), 100, 1, 500) }) });
  });
  app.get('/search', async (c) => c.json({ passages: await need().search(c.req.query('q') ?? '') }));
  app.post('/link', async (c) => {
    const b = await readJson(c, linkSchema, maxBody);
    return c.json(await need().link({ questions: b.questions, passage: b.passage }, consoleActor(c.get('user'), b.staff)));
  });
  app.post('/answer', async (c) => {
    const b = await readJson(c, answerSchema, maxBody);
    return c.json(await need().answer({ question: b.question, answer: b.answer, ...(b.similar ? { similar: b.similar } : {}), ...(b.source ? { source: b.source } : {}), ...(b.tags ? { tags: b.tags } : {}) }, consoleActor(c.get('user'), b.staff)));
  });
  app.post('/off-topic', async (c) => {
    const b = await readJson(c, dismissSchema, maxBody);
    return c.json(await need().dismiss('off_topic', b.questions, consoleActor(c.get('user'), b.staff)));
  });
  app.post('/ignore', async (c) => {
    const b = await readJson(c, dismissSchema, maxBody);
    return c.json(await need().dismiss('ignore', b.questions, consoleActor(c.get('user'), b.staff)));
  });
  app.post('/items/:id/undo', async (c) => {
    const b = await readJson(c, undoSchema, maxBody);
    return c.json(await need().undo(c.req.param('id'), consoleActor(c.get('user'), b.staff)));
  });
  app.get('/audit', async (c) => c.json({ audit: await need().audit(intParam(c.req.query('limit'), 200, 1, 1000)) }));
  app.post('/ask', async (c) => c.json(await need().ask((await readJson(c, askSchema, maxBody)).question)));
  app.post('/faq/preview', async (c) => {
    const b = await readJson(c, faqSchema, big);
    return c.json(await need().previewFaq(b.name, decode(b.data)));
  });
  app.post('/faq/import', async (c) => {
    const b = await readJson(c, faqSchema, big);
    if (!b.staff) throw httpError('bad_request', 'Invalid body: staff: staff name is empty');
    return c.json(await need().importFaq(b.name, decode(b.data), consoleActor(c.get('user'), b.staff)));
  });
  return app;
}

function decode(base64: string): Buffer {
  const buf = Buffer.from(base64, 'base64');
  if (buf.length === 0) throw httpError('bad_request', both((t) => t.console.fileEmpty));
  if (buf.length > FILE_BYTES) throw httpError('payload_too_large', both((t) => t.console.fileTooLarge(FILE_BYTES)));
  return buf;
}
