/**
 * Assigning a lead to a colleague from the console (under /api/console, behind its auth
 * middleware): the colleagues one may assign to (active accounts), the assignment itself, and a
 * lead's history in words (where the assignment shows, with who made it). The account named is
 * resolved here (unknown and disabled accounts are refused with a clear error); who may assign is
 * the dialog core's rule (`src/dialog/staff-assign.ts`).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import { leadEventText } from '../core/lead-labels.js';
import type { StaffMember } from '../core/ports.js';
import { both } from '../core/texts/both.js';
import { EN } from '../core/texts/en.js';
import { accountMember } from '../leads/staff-directory.js';
import { consoleActor, type ConsoleEnv } from './console-auth.js';
import type { HttpCore } from './http-core.js';
import { httpError } from './http-errors.js';
import { readJson } from './read-body.js';

const assignSchema = z.strictObject({ staff: z.string().trim().max(60).optional(), to: z.number().int().positive() });

// "中文 English", as the console shows them.
const REFUSALS = {
  not_found: { status: 404, code: 'not_found', message: both((t) => t.leadDesk.assign.notFound, ' ') },
  closed: { status: 409, code: 'conflict', message: both((t) => t.leadDesk.assign.closed, ' ') },
  not_owner: { status: 403, code: 'forbidden', message: both((t) => t.leadDesk.assign.notOwner, ' ') },
  already_owner: { status: 409, code: 'conflict', message: both((t) => t.leadDesk.assign.alreadyOwner, ' ') },
} as const;

function refusal(c: Context, reason: keyof typeof REFUSALS, owner?: StaffMember): Response {
  const r = REFUSALS[reason];
  return c.json({ error: { code: r.code, message: r.message, reason, ...(owner ? { owner } : {}) } }, r.status);
}

/** The assignment routes. */
export function assignRoutes(core: HttpCore, config: Config): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const log = core.logger.child({ component: 'console-assign' });

  // Any signed-in staff member may see whom they could hand a lead to: the active accounts.
  app.get('/colleagues', async (c) => {
    const accounts = (await core.directory.list()).filter((a) => a.disabledAt === undefined);
    return c.json({ colleagues: accounts.map((a) => ({ id: a.id, name: a.name, role: a.role })) });
  });

  app.post('/leads/:id/assign', async (c) => {
    const body = await readJson(c, assignSchema, config.MAX_BODY_BYTES);
    const by = consoleActor(c.get('user'), body.staff);
    const account = await core.directory.byId(body.to);
    if (!account) throw httpError('not_found', both((t) => t.leadDesk.assign.noAccount, ' '));
    if (account.disabledAt !== undefined) throw httpError('conflict', both((t) => t.leadDesk.assign.accountDisabled(account.name), ' '));
    const r = await core.staff.assign(c.req.param('id'), by, accountMember(account));
    if (!r.ok) return refusal(c, r.reason, r.owner);
    log.info('lead assigned', { leadId: r.lead.id, by: by.id, to: `staff:${account.id}` });
    return c.json({ ok: true, lead: r.lead });
  });

  app.get('/leads/:id/history', async (c) => {
    const id = c.req.param('id');
    if (!(await core.staff.get(id))) throw httpError('not_found', EN.leadDesk.refusal.notFound);
    const events = await core.staff.history(id);
    return c.json({ history: events.map((e) => ({ type: e.type, at: e.at, ...(e.actorName ? { actorName: e.actorName } : {}), text: leadEventText(e) })) });
  });

  return app;
}
