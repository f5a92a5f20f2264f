/**
 * Staff accounts in a real browser (#17): the console token bootstraps the first supervisor;
 * the supervisor adds two colleagues; two of them are logged in at once, each acting as their own
 * account; release keeps the owner (待跟进); a colleague who does not own the lead can neither
 * claim it again nor close it (buttons off, and the server refuses a forged request); the
 * supervisor closes it; the lead's history names each account.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { realCore, type RealCore } from '../web/real-core.js';
import { launchBrowser, runBrowserTests } from './browser-helpers.js';

const TOKEN = 'browser-staff-bootstrap-token';
const VIEW = { width: 1280, height: 900 };

describe.skipIf(!runBrowserTests)('staff accounts in the console', () => {
  let rc: RealCore;
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    rc = await realCore({ CONSOLE_TOKEN: TOKEN });
    server = await startHttpServer(createHttpApp(rc.core, rc.config), { host: '127.0.0.1', port: 0, consoleToken: TOKEN });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    rc?.core.web.close();
    rc?.core.desk.close();
    await server?.close(2000);
    await rc?.dispose();
  });

  async function page(): Promise<Page> {
    // Each page is its own browser context: its own cookie jar, as on another person's computer.
    const p = await browser.newPage({ viewport: VIEW });
    p.setDefaultTimeout(10_000);
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      // The refusals this test provokes on purpose (forged requests, a request after logout) log as resource errors.
      if (m.type() === 'error' && !/status of (401|403|409)\b/.test(m.text())) errors.push(m.text());
    });
    await p.goto(server.url + '/console');
    return p;
  }

  async function logIn(p: Page, name: string, password: string): Promise<void> {
    await p.locator('#login-name').waitFor();
    await p.fill('#login-name', name);
    await p.fill('#login-password', password);
    await p.click('#login-form button[type=submit]');
    await p.locator('#me', { hasText: name }).waitFor();
  }

  async function openLead(p: Page, column: string, leadId: string): Promise<void> {
    await p.click('[data-tab="leads"]');
    const card = p.locator(`.column[data-status="${column}"] .card[data-lead="${leadId}"]`);
    await card.waitFor();
    await card.click();
    await p.locator('#detail-fields dd').first().waitFor();
  }

  it('bootstrap, two accounts at once, release keeps the owner, only owner or supervisor closes', async () => {
    // The first visit: the token opens the console only to create the first supervisor.
    const boss = await page();
    await boss.fill('#token', TOKEN);
    await boss.click('#login-form button[type=submit]');
    await boss.locator('#bootstrap-banner').waitFor();
    await boss.click('[data-tab="staff"]');
    await boss.fill('#boot-name', '陈主管');
    await boss.fill('#boot-password', 'supervisor-pass-1');
    await boss.click('#bootstrap-form button[type=submit]');
    await boss.locator('#me', { hasText: '陈主管 · 主管 Supervisor' }).waitFor();
    // From now on the token opens nothing.
    const byToken = await fetch(server.url + '/api/console/leads', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(byToken.status).toBe(401);

    // The supervisor adds two colleagues.
    await boss.click('[data-tab="staff"]');
    for (const name of ['李专员', '王专员']) {
      await boss.fill('#new-name', name);
      await boss.fill('#new-password', `${name}-password-1`);
      await boss.click('#staff-add-form button[type=submit]');
      await boss.locator(`#staff-rows tr[data-account="${name}"]`).waitFor();
    }
    await expect(boss.locator('#staff-rows tr').count()).resolves.toBe(3);

    // An investor asks for a person and leaves a phone number.
    const say = (text: string) => rc.core.assistant.handle({ channel: 'web', conversationId: 'inv-1', userId: 'visitor-1', text });
    await say('转人工');
    await say('我是张经理，电话13800138000');
    await rc.core.flush();
    const [lead] = await rc.core.staff.list({ status: 'new' });
    expect(lead).toBeDefined();

    // 李专员 logs in on another computer (the supervisor stays logged in) and claims the lead.
    const li = await page();
    await logIn(li, '李专员', '李专员-password-1');
    await expect(li.locator('#name-box').isHidden()).resolves.toBe(true);
    await openLead(li, 'new', lead!.id);
    await li.click('#act-claim');
    await li.locator(`.column[data-status="claimed"] .card[data-lead="${lead!.id}"]`, { hasText: '李专员' }).waitFor();
    await li.locator('#act-release:not([disabled])').waitFor();
    await li.click('#act-release');
    // Released: 待跟进, still 李专员's.
    await li.locator(`.column[data-status="follow_up"] .card[data-lead="${lead!.id}"]`, { hasText: '李专员' }).waitFor();
    await expect(li.locator('#detail-fields').textContent()).resolves.toContain('待跟进');
    expect(await rc.core.staff.get(lead!.id)).toMatchObject({ status: 'follow_up', owner: { name: '李专员' } });

    // 王专员 sees it waiting for 李专员: neither claim nor close is offered…
    const wang = await page();
    await logIn(wang, '王专员', '王专员-password-1');
    await openLead(wang, 'follow_up', lead!.id);
    await expect(wang.locator('#act-claim').isDisabled()).resolves.toBe(true);
    await expect(wang.locator('#act-close').isDisabled()).resolves.toBe(true);
    // …and the server refuses them when forged from 王专员's own session.
    const forged = await wang.evaluate(async (id) => {
      const post = (path: string, body: unknown) => fetch(`/api/console/leads/${id}/${path}`, { method: 'POST', headers: { 'x-zx-console': '1', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { close: (await post('close', { outcome: 'duplicate' })).status, claim: (await post('claim', {})).status, asOther: (await post('close', { staff: '李专员', outcome: 'x' })).status };
    }, lead!.id);
    expect(forged).toEqual({ close: 403, claim: 409, asOther: 403 });
    expect((await rc.core.staff.get(lead!.id))!.status).toBe('follow_up');

    // The supervisor may close it; the console says who closed.
    await openLead(boss, 'follow_up', lead!.id);
    await boss.locator('#act-close:not([disabled])').waitFor();
    await boss.fill('#outcome', '重复线索');
    await boss.click('#act-close');
    await boss.locator(`.column[data-status="closed"] .card[data-lead="${lead!.id}"]`).waitFor();
    await boss.locator('#detail-fields', { hasText: '结案人 Closed by陈主管' }).waitFor();

    // Every action is the account's, by its id.
    const accounts = await rc.core.directory.list();
    const idOf = (name: string) => `staff:${accounts.find((a) => a.name === name)!.id}`;
    const history = (await rc.core.store.leadEvents(lead!.id)).filter((e) => e.actorId).map((e) => [e.type, e.actorId, e.actorName]);
    expect(history).toEqual([
      ['claimed', idOf('李专员'), '李专员'],
      ['released', idOf('李专员'), '李专员'],
      ['closed', idOf('陈主管'), '陈主管'],
    ]);
    expect((await rc.core.store.getLead(lead!.id))!.closedBy).toEqual({ id: idOf('陈主管'), name: '陈主管' });

    // Logging out ends 李专员's session; 王专员 stays logged in.
    await li.click('#logout');
    await li.locator('#login-name').waitFor();
    await expect(wang.evaluate(async () => (await fetch('/api/console/leads')).status)).resolves.toBe(200);
    await expect(li.evaluate(async () => (await fetch('/api/console/leads')).status)).resolves.toBe(401);
    expect(errors).toEqual([]);
  }, 120_000);
});
