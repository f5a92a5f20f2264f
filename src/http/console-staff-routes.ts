/**
 * Staff accounts from the console (under /api/console, behind its auth middleware): the
 * bootstrap (the first supervisor, created from a token or open-console session, which then
 * becomes that supervisor's session), supervisors managing accounts, and anyone changing their
 * own password. Passwords are never logged or returned.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import { MAX_PASSWORD_LENGTH } from '../guard/passwords.js';
import type { StaffAccountRecord } from '../store/staff-types.js';
import type { ConsoleAuth, ConsoleEnv, ConsoleUser } from './console-auth.js';
import type { HttpCore } from './http-core.js';
import { httpError } from './http-errors.js';
import { readJson } from './read-body.js';

const password = z.string().min(1, 'password is empty').max(MAX_PASSWORD_LENGTH);
const role = z.enum(['staff', 'supervisor']);
const addSchema = z.strictObject({ name: z.string().min(1, 'name is empty').max(60), password, role: role.optional() });
const passwordSchema = z.strictObject({ password });
const ownPasswordSchema = z.strictObject({ current: password, password });
const roleSchema = z.strictObject({ role });
const slackSchema = z.strictObject({ slackUserId: z.string().trim().max(30).nullable() });

/** An account as the console shows it. */
function shown(a: StaffAccountRecord) {
  return { id: a.id, name: a.name, role: a.role, disabled: a.disabledAt !== undefined, ...(a.slackUserId ? { slackUserId: a.slackUserId } : {}), createdAt: a.createdAt, ...(a.createdBy ? { createdBy: a.createdBy } : {}) };
}

function supervisor(user: ConsoleUser): StaffAccountRecord {
  if (user.account?.role !== 'supervisor') throw httpError('forbidden', 'Only a supervisor can manage staff accounts');
  return user.account;
}

/** The staff-account routes; `setSession` sets the session cookie (bootstrap). */
export function staffRoutes(core: HttpCore, config: Config, auth: ConsoleAuth, setSession: (c: Context, value: string) => void): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const log = core.logger.child({ component: 'console-staff' });
  const { directory } = core;
  const max = config.MAX_BODY_BYTES;

  /** The account named by the route, refusing changes to oneself that would lock a supervisor out. */
  const target = async (c: Context<ConsoleEnv>, self: StaffAccountRecord): Promise<StaffAccountRecord> => {
    const id = Number(c.req.param('id'));
    const a = Number.isSafeInteger(id) ? await directory.byId(id) : undefined;
    if (!a) throw httpError('not_found', 'No such staff account');
    if (a.id === self.id) throw httpError('conflict', 'You cannot change your own role or disable yourself; ask another supervisor');
    return a;
  };

  app.get('/staff', async (c) => {
    supervisor(c.get('user'));
    return c.json({ accounts: (await directory.list()).map(shown) });
  });

  app.post('/staff', async (c) => {
    const user = c.get('user');
    const body = await readJson(c, addSchema, max);
    if (user.mode !== 'accounts') {
      // Bootstrap: the first account is a supervisor, and this browser is logged in as it.
      const account = await directory.add({ name: body.name, password: body.password, role: 'supervisor', by: user.mode === 'token' ? 'bootstrap:token' : 'bootstrap:open' });
      setSession(c, await auth.openSession(account.id));
      log.info('first supervisor created', { account: account.id, via: user.mode });
      return c.json({ ok: true, account: shown(account), bootstrap: true }, 201);
    }
    const self = supervisor(user);
    const account = await directory.add({ name: body.name, password: body.password, role: body.role ?? 'staff', by: `staff:${self.id}` });
    log.info('staff account added', { account: account.id, role: account.role, by: self.id });
    return c.json({ ok: true, account: shown(account) }, 201);
  });

  app.post('/staff/:id/disable', async (c) => {
    const self = supervisor(c.get('user'));
    const a = await directory.setDisabled((await target(c, self)).name, true);
    log.info('staff account disabled', { account: a.id, by: self.id });
    return c.json({ ok: true, account: shown(a) });
  });

  app.post('/staff/:id/enable', async (c) => {
    const self = supervisor(c.get('user'));
    const a = await directory.setDisabled((await target(c, self)).name, false);
    log.info('staff account enabled', { account: a.id, by: self.id });
    return c.json({ ok: true, account: shown(a) });
  });

  app.post('/staff/:id/role', async (c) => {
    const self = supervisor(c.get('user'));
    const body = await readJson(c, roleSchema, max);
    const a = await directory.setRole((await target(c, self)).name, body.role);
    log.info('staff role changed', { account: a.id, role: a.role, by: self.id });
    return c.json({ ok: true, account: shown(a) });
  });

  app.post('/staff/:id/password', async (c) => {
    const self = supervisor(c.get('user'));
    const body = await readJson(c, passwordSchema, max);
    const id = Number(c.req.param('id'));
    const a = Number.isSafeInteger(id) ? await directory.byId(id) : undefined;
    if (!a) throw httpError('not_found', 'No such staff account');
    // Resetting someone's password ends their sessions (and one's own other sessions).
    const updated = await directory.setPassword(a.name, body.password, a.id === self.id ? c.get('user').sessionHash : undefined);
    log.info('staff password reset', { account: a.id, by: self.id });
    return c.json({ ok: true, account: shown(updated) });
  });

  app.post('/staff/:id/slack', async (c) => {
    const self = supervisor(c.get('user'));
    const body = await readJson(c, slackSchema, max);
    const id = Number(c.req.param('id'));
    const a = Number.isSafeInteger(id) ? await directory.byId(id) : undefined;
    if (!a) throw httpError('not_found', 'No such staff account');
    const updated = await directory.linkSlack(a.name, body.slackUserId || null);
    log.info('staff slack link changed', { account: a.id, linked: Boolean(updated.slackUserId), by: self.id });
    return c.json({ ok: true, account: shown(updated) });
  });

  app.post('/me/password', async (c) => {
    const user = c.get('user');
    if (!user.account) throw httpError('forbidden', 'Log in with a staff account to change its password');
    const body = await readJson(c, ownPasswordSchema, max);
    if (!(await directory.authenticate(user.account.name, body.current))) throw httpError('forbidden', 'The current password is wrong');
    await directory.setPassword(user.account.name, body.password, user.sessionHash);
    log.info('staff changed own password', { account: user.account.id });
    return c.json({ ok: true });
  });

  return app;
}
