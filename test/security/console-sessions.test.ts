/**
 * Red-team finding #16.11: console sessions lived in memory (a cookie derived from the token,
 * the same for everyone and forever), logout only asked the browser to forget it, and nothing
 * survived a restart. Now a login is a row in the store (only a hash of the random cookie value)
 * with an expiry. Each test performs the attack and sees it refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/log.js';
import { createHttpApp } from '../../src/http/app.js';
import { createStaffDirectory } from '../../src/leads/staff-directory.js';
import { createStaffStore, openStore, type SqliteStore } from '../../src/store/index.js';
import { addLead, fakeCore, type FakeCore } from '../web/fake-core.js';

const TOKEN = 'console-bootstrap-token-0123456789';
const HOST = { Host: 'localhost:3000' };
const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...HOST, 'x-zx-console': '1', ...headers },
  body: JSON.stringify(body),
});
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** The fake core with its staff accounts over `store` (a file, to restart over). */
function withStore(core: FakeCore, store: SqliteStore): FakeCore {
  core.staffStore = createStaffStore(store.db, core.clock);
  core.directory = createStaffDirectory(core.staffStore);
  return core;
}

async function setup(opts: { token?: boolean; logLines?: string[] } = {}) {
  const core = fakeCore();
  if (opts.logLines) core.logger = createLogger('debug', {}, (l) => opts.logLines!.push(l));
  const app = createHttpApp(core, testConfig(opts.token === false ? {} : { CONSOLE_TOKEN: TOKEN }));
  await core.directory.add({ name: '李专员', password: 'li-password-123' });
  await core.directory.add({ name: '陈主管', password: 'boss-password-1', role: 'supervisor' });
  const login = async (name: string, password: string) => app.request('/api/console/login', post({ name, password }));
  return { core, app, login };
}

describe('console sessions (#16.11)', () => {
  it('logout ends the session server-side: the replayed cookie is refused', async () => {
    const { app, login } = await setup();
    const res = await login('李专员', 'li-password-123');
    expect(res.status).toBe(200);
    const cookie = cookieOf(res);
    expect((await app.request('/api/console/leads', { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await app.request('/api/console/logout', post({}, { Cookie: cookie }))).status).toBe(200);
    // The attacker kept a copy of the cookie: it no longer opens anything.
    const replay = await app.request('/api/console/leads', { headers: { Cookie: cookie } });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/ended|not valid/);
    expect(((await (await app.request('/api/console/session', { headers: { Cookie: cookie } })).json()) as { authenticated: boolean }).authenticated).toBe(false);
  });

  it('each login is its own random session; the store keeps only a hash of it', async () => {
    const { core, login } = await setup();
    const a = cookieOf(await login('李专员', 'li-password-123'));
    const b = cookieOf(await login('李专员', 'li-password-123'));
    expect(a).not.toBe(b);
    const value = a.split('=')[1]!;
    expect(value.length).toBeGreaterThanOrEqual(40);
    const rows = core.sqlite.db.prepare('SELECT token_hash FROM console_sessions').all() as { token_hash: string }[];
    expect(rows).toHaveLength(2);
    // A stolen copy of the database hands out no live session.
    expect(JSON.stringify(rows)).not.toContain(value);
  });

  it('a session survives a restart (a new app over the same database file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zx-sess-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'assistant.db');
    const config = testConfig({ CONSOLE_TOKEN: TOKEN });
    const first = openStore({ path });
    const core1 = withStore(fakeCore(), first);
    await core1.directory.add({ name: '李专员', password: 'li-password-123' });
    const cookie = cookieOf(await createHttpApp(core1, config).request('/api/console/login', post({ name: '李专员', password: 'li-password-123' })));
    first.close();

    const second = openStore({ path });
    cleanups.push(() => second.close());
    const app2 = createHttpApp(withStore(fakeCore(), second), config);
    const session = (await (await app2.request('/api/console/session', { headers: { Cookie: cookie } })).json()) as { authenticated: boolean; account: { name: string } };
    expect(session).toMatchObject({ authenticated: true, account: { name: '李专员' } });
    expect((await app2.request('/api/console/leads', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('a session expires after CONSOLE_SESSION_HOURS', async () => {
    const core = fakeCore();
    const app = createHttpApp(core, testConfig({ CONSOLE_TOKEN: TOKEN, CONSOLE_SESSION_HOURS: '2' }));
    await core.directory.add({ name: '李专员', password: 'li-password-123' });
    const res = await app.request('/api/console/login', post({ name: '李专员', password: 'li-password-123' }));
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=7200/);
    const cookie = cookieOf(res);
    core.clock.advance(2 * 3_600_000 - 1000);
    expect((await app.request('/api/console/leads', { headers: { Cookie: cookie } })).status).toBe(200);
    core.clock.advance(1000);
    // The browser might ignore Max-Age (or the cookie was copied): the server refuses it anyway.
    expect((await app.request('/api/console/leads', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('disabling an account ends its sessions at once', async () => {
    const { app, core, login } = await setup();
    const li = cookieOf(await login('李专员', 'li-password-123'));
    const boss = cookieOf(await login('陈主管', 'boss-password-1'));
    const liId = (await core.directory.get('李专员'))!.id;
    expect((await app.request(`/api/console/staff/${liId}/disable`, post({}, { Cookie: boss }))).status).toBe(200);
    expect((await app.request('/api/console/leads', { headers: { Cookie: li } })).status).toBe(401);
    expect((await login('李专员', 'li-password-123')).status).toBe(401);
  });

  it('once an account exists the shared token opens nothing, and the bootstrap session it opened has ended', async () => {
    const core = fakeCore();
    const app = createHttpApp(core, testConfig({ CONSOLE_TOKEN: TOKEN }));
    const boot = cookieOf(await app.request('/api/console/login', post({ token: TOKEN })));
    expect((await app.request('/api/console/leads', { headers: { Cookie: boot } })).status).toBe(200);
    const created = await app.request('/api/console/staff', post({ name: '陈主管', password: 'boss-password-1' }, { Cookie: boot }));
    expect(created.status).toBe(201);
    expect(((await created.json()) as { account: { role: string } }).account.role).toBe('supervisor');
    const bossCookie = cookieOf(created);
    expect((await app.request('/api/console/leads', { headers: { Cookie: bossCookie } })).status).toBe(200);
    // The old token session, a new token login, the Bearer token, a second "first supervisor": all refused.
    expect((await app.request('/api/console/leads', { headers: { Cookie: boot } })).status).toBe(401);
    expect((await app.request('/api/console/login', post({ token: TOKEN }))).status).toBe(401);
    expect((await app.request('/api/console/leads', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
    expect((await app.request('/api/console/staff', post({ name: 'mallory', password: 'mallory-pass-1' }, { Authorization: `Bearer ${TOKEN}` }))).status).toBe(401);
    expect((await core.directory.list()).map((a) => a.name)).toEqual(['陈主管']);
  });

  it('a staff member cannot manage accounts or make themselves supervisor', async () => {
    const { app, core, login } = await setup();
    const li = cookieOf(await login('李专员', 'li-password-123'));
    const liId = (await core.directory.get('李专员'))!.id;
    const bossId = (await core.directory.get('陈主管'))!.id;
    expect((await app.request('/api/console/staff', { headers: { Cookie: li } })).status).toBe(403);
    expect((await app.request('/api/console/staff', post({ name: 'mallory', password: 'mallory-pass-1', role: 'supervisor' }, { Cookie: li }))).status).toBe(403);
    expect((await app.request(`/api/console/staff/${liId}/role`, post({ role: 'supervisor' }, { Cookie: li }))).status).toBe(403);
    expect((await app.request(`/api/console/staff/${bossId}/password`, post({ password: 'taken-over-123' }, { Cookie: li }))).status).toBe(403);
    expect((await core.directory.get('李专员'))!.role).toBe('staff');
    expect(await core.directory.authenticate('陈主管', 'boss-password-1')).toBeDefined();
  });

  it('a lead action names the account of the session, whatever name the body claims', async () => {
    const { app, core, login } = await setup();
    addLead(core, 'L1', 'web-c1');
    const li = cookieOf(await login('李专员', 'li-password-123'));
    const res = await app.request('/api/console/leads/L1/claim', post({ staff: '陈主管' }, { Cookie: li }));
    expect(((await res.json()) as { lead: { owner: { name: string; supervisor?: boolean } } }).lead.owner).toMatchObject({ name: '李专员' });
    expect(core.leads.get('L1')!.owner!.supervisor).toBeUndefined();
  });

  it('guessing one account\'s password is stopped by a lock-out on its name (the right password then waits too); passwords are never logged', async () => {
    const logLines: string[] = [];
    const { login } = await setup({ logLines });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login('李专员', `guess-number-${i}`)).status);
    // A few free attempts, then the name is locked.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    // Locked: not even the right password is tried, so further guesses learn nothing.
    expect((await login('李专员', 'li-password-123')).status).toBe(429);
    expect((await login('李专员', 'guess-number-9')).status).toBe(429);
    // Another colleague on the same address is not locked out.
    expect((await login('陈主管', 'boss-password-1')).status).toBe(200);
    const logged = logLines.join('\n');
    expect(logged).toContain('console login');
    expect(logged).not.toMatch(/guess-number|li-password|boss-password/);
  });
});
