/**
 * The staff console's JSON API under /api/console: log in, the leads board (through the dialog
 * core's StaffActions), transcripts, knowledge gaps, daily numbers, index status and re-ingest,
 * a live feed of lead events, and the WeChat login QR. Staff accounts are managed by
 * `console-staff-routes.ts`. With accounts, every action is the signed-in account's; in
 * bootstrap and open mode the page still sends a typed name.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { StaffMember } from '../core/ports.js';
import { EN } from '../core/texts/en.js';
import { clientIpResolver } from './client-ip.js';
import { consoleActor, SESSION_COOKIE, type ConsoleAuth, type ConsoleEnv } from './console-auth.js';
import { assignRoutes } from './console-assign-routes.js';
import { worded } from './conversation-words.js';
import { searchRoutes } from './console-search-routes.js';

export { consoleStaff, type ConsoleEnv } from './console-auth.js';
import { staffRoutes } from './console-staff-routes.js';
import { intParam } from './query-params.js';
import type { HttpCore } from './http-core.js';
import { errorResponse, httpError } from './http-errors.js';
import { leadsCsv } from '../leads/lead-csv.js';
import { qrSvg } from './qr-svg.js';
import { readJson } from './read-body.js';
import { teachRoutes } from './teach-routes.js';

// With staff accounts the actor is the session's account and `staff` is ignored.
const staffName = z.string().trim().max(60).optional();
const loginSchema = z.union([
  z.strictObject({ token: z.string().min(1).max(500) }),
  z.strictObject({ name: z.string().trim().min(1, 'name is empty').max(60), password: z.string().min(1, 'password is empty').max(500) }),
]);
const actorSchema = z.strictObject({ staff: staffName });
const replySchema = z.strictObject({ staff: staffName, text: z.string().trim().min(1, 'text is empty').max(4000) });
const closeSchema = z.strictObject({ staff: staffName, outcome: z.string().trim().min(1, 'outcome is empty').max(200) });
const statusSchema = z.enum(['new', 'claimed', 'follow_up', 'closed']);

/** Variables the auth middleware sets for the handlers. */

const REASON_STATUS = { not_found: 'not_found', claimed_by_other: 'conflict', closed: 'conflict', not_owner: 'forbidden' } as const;
// English only, as the console API has said them so far (`core/texts/` has the Chinese beside them).
const REFUSED = EN.leadDesk.refusal;
const REASON_TEXT = {
  not_found: REFUSED.notFound,
  claimed_by_other: REFUSED.claimedByOther,
  closed: REFUSED.closed,
  not_owner: REFUSED.notOwner,
} as const;
const REASON_HTTP = { not_found: 404, conflict: 409, forbidden: 403 } as const;

/** Turn a StaffActions refusal into a 404/409 JSON error. */
function refusal(c: Context, reason: keyof typeof REASON_STATUS, owner?: StaffMember): Response {
  const code = REASON_STATUS[reason];
  return c.json({ error: { code, message: REASON_TEXT[reason], reason, ...(owner ? { owner } : {}) } }, REASON_HTTP[code]);
}

/** The console routes, mounted under /api/console. */
export function consoleRoutes(core: HttpCore, config: Config, auth: ConsoleAuth): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const log = core.logger.child({ component: 'console' });
  const secureCookie = config.PUBLIC_BASE_URL?.startsWith('https://') ?? false;
  const max = config.MAX_BODY_BYTES;
  const clientIp = clientIpResolver(config.TRUSTED_PROXIES);

  app.onError((err, c) => errorResponse(c, err, log));

  const setSession = (c: Context, value: string) => setCookie(c, SESSION_COOKIE, value, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secureCookie, maxAge: auth.sessionSeconds });

  app.get('/session', async (c) => {
    const user = await auth.current(c);
    const mode = await auth.mode();
    const account = user?.account ? { id: user.account.id, name: user.account.name, role: user.account.role } : undefined;
    return c.json({ mode, authenticated: user !== undefined, ...(account ? { account } : {}) });
  });

  app.post('/login', async (c) => {
    const body = await readJson(c, loginSchema, max);
    if ('token' in body) {
      const value = await auth.loginToken(body.token, clientIp(c));
      if (value) setSession(c, value);
      return c.json({ ok: true });
    }
    const { cookie, account } = await auth.loginPassword(body.name, body.password, clientIp(c));
    setSession(c, cookie);
    log.info('console login', { account: account.id });
    return c.json({ ok: true, account: { id: account.id, name: account.name, role: account.role } });
  });

  app.post('/logout', async (c) => {
    await auth.logout(c);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie });
    return c.json({ ok: true });
  });

  // Everything below needs a console session (or the open loopback console).
  app.use('*', async (c, next) => {
    c.set('user', await auth.check(c, clientIp(c)));
    await next();
  });

  app.route('/', staffRoutes(core, config, auth, setSession));
  // Before '/leads/:id', so '/leads/search' is not taken for a lead id.
  app.route('/', searchRoutes(core, config));
  app.route('/', assignRoutes(core, config));

  app.get('/leads', async (c) => {
    const raw = c.req.query('status');
    const status = raw === undefined || raw === '' ? undefined : statusSchema.safeParse(raw).data;
    if (raw && !status) throw httpError('bad_request', REFUSED.badStatus);
    const leads = await core.staff.list(status ? { status } : undefined);
    return c.json({ leads });
  });

  app.get('/leads/export.csv', async (c) => {
    const csv = leadsCsv(await core.staff.list());
    const day = new Date(core.clock.now()).toISOString().slice(0, 10);
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="leads-${day}.csv"` });
  });

  app.get('/leads/:id', async (c) => {
    const lead = await core.staff.get(c.req.param('id'));
    if (!lead) throw httpError('not_found', REFUSED.notFound);
    return c.json({ lead });
  });

  app.post('/leads/:id/claim', async (c) => {
    const body = await readJson(c, actorSchema, max);
    const r = await core.staff.claim(c.req.param('id'), consoleActor(c.get('user'), body.staff));
    return r.ok ? c.json({ ok: true, lead: r.lead }) : refusal(c, r.reason, r.owner);
  });

  app.post('/leads/:id/reply', async (c) => {
    const body = await readJson(c, replySchema, max);
    const r = await core.staff.reply(c.req.param('id'), consoleActor(c.get('user'), body.staff), body.text);
    return r.ok ? c.json({ ok: true }) : refusal(c, r.reason);
  });

  app.post('/leads/:id/release', async (c) => {
    const body = await readJson(c, actorSchema, max);
    const r = await core.staff.release(c.req.param('id'), consoleActor(c.get('user'), body.staff));
    return r.ok ? c.json({ ok: true }) : refusal(c, r.reason);
  });

  app.post('/leads/:id/close', async (c) => {
    const body = await readJson(c, closeSchema, max);
    const r = await core.staff.close(c.req.param('id'), consoleActor(c.get('user'), body.staff), body.outcome);
    return r.ok ? c.json({ ok: true }) : refusal(c, r.reason, 'owner' in r ? r.owner : undefined);
  });

  app.get('/conversations', async (c) => {
    const limit = intParam(c.req.query('limit'), 50, 1, 500);
    const offset = intParam(c.req.query('offset'), 0, 0, 1_000_000);
    return c.json({ conversations: (await core.insights.conversations({ limit, offset })).map(worded) });
  });

  app.get('/conversations/:id/messages', async (c) => {
    const after = intParam(c.req.query('after'), 0, 0, Number.MAX_SAFE_INTEGER);
    return c.json({ messages: await core.insights.messagesSince(c.req.param('id'), after, 1000) });
  });

  app.get('/gaps', async (c) => {
    const days = intParam(c.req.query('days'), 30, 1, 3650);
    const limit = intParam(c.req.query('limit'), 50, 1, 500);
    return c.json({ gaps: await core.insights.knowledgeGaps({ sinceMs: core.clock.now() - days * 86_400_000, limit }) });
  });

  app.get('/stats', async (c) => {
    const days = intParam(c.req.query('days'), 14, 1, 365);
    return c.json({ days: await core.insights.dailyStats(days) });
  });

  app.get('/index', (c) => c.json({ index: core.index.status(), reingest: core.reingest.state() }));

  app.post('/reingest', (c) => {
    if (!core.reingest.start()) throw httpError('conflict', REFUSED.reingestRunning);
    log.info('re-ingest started from the console', { by: c.get('user').member?.id ?? c.get('user').mode });
    return c.json({ ok: true, reingest: core.reingest.state() }, 202);
  });

  app.get('/events', async (c) => {
    const after = intParam(c.req.query('after'), 0, 0, Number.MAX_SAFE_INTEGER);
    const wait = intParam(c.req.query('wait'), 0, 0, 25);
    return c.json(await core.desk.waitSince(after, wait * 1000, c.req.raw.signal));
  });

  app.get('/wechat/qr.svg', (c) => {
    const qr = core.wechatQr?.();
    if (!qr) throw httpError('not_found', REFUSED.noWechatLogin);
    // An SVG opened as a document could run script; this one has none, and the CSP says so.
    return c.body(qrSvg(qr), 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'" });
  });

  app.route('/teach', teachRoutes(core.teach, max));

  app.get('/wechat', (c) => c.json({ qr: core.wechatQr?.() ?? null, channels: core.channels.map((ch) => ({ name: ch.name, ...ch.status() })) }));

  return app;
}
