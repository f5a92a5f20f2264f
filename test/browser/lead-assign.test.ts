/**
 * Assigning a lead to a colleague in a real browser (#17): a supervisor assigns a new lead to a
 * colleague from the lead detail; the colleague, logged in on another computer, is told at once
 * through the live feed, sees the lead as theirs (待跟进 under their name) and claims it; a third
 * colleague, neither owner nor supervisor, is offered no assignment and the server refuses a
 * forged one; assigning to a disabled or unknown account is refused with a clear message. The
 * detail names the channel in words and the history says who assigned it to whom.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { realCore, type RealCore } from '../web/real-core.js';
import { launchBrowser, runBrowserTests, screenshotsDir } from './browser-helpers.js';

const TOKEN = 'browser-assign-bootstrap-token';
const VIEW = { width: 1366, height: 900 };

describe.skipIf(!runBrowserTests)('assigning a lead to a colleague in the console', () => {
  let rc: RealCore;
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    rc = await realCore({ CONSOLE_TOKEN: TOKEN });
    server = await startHttpServer(createHttpApp(rc.core, rc.config), { host: '127.0.0.1', port: 0, consoleToken: TOKEN });
    browser = await launchBrowser();
    await rc.core.directory.add({ name: '陈主管', password: 'supervisor-pass-1', role: 'supervisor' });
    for (const name of ['李专员', '王专员', '赵专员']) await rc.core.directory.add({ name, password: `${name}-password-1` });
    await rc.core.directory.setDisabled('赵专员', true);
  });
  afterAll(async () => {
    await browser?.close();
    rc?.core.web.close();
    rc?.core.desk.close();
    await server?.close(2000);
    await rc?.dispose();
  });

  async function loggedIn(name: string, password: string): Promise<Page> {
    // Each page is its own browser context: its own cookie jar, as on another person's computer.
    const p = await browser.newPage({ viewport: VIEW });
    p.setDefaultTimeout(10_000);
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      // The refusals this test provokes on purpose log as resource errors.
      if (m.type() === 'error' && !/status of (403|404|409)\b/.test(m.text())) errors.push(m.text());
    });
    await p.goto(server.url + '/console');
    await p.locator('#login-name').waitFor();
    await p.fill('#login-name', name);
    await p.fill('#login-password', password);
    await p.click('#login-form button[type=submit]');
    await p.locator('#me', { hasText: name }).waitFor();
    return p;
  }

  async function openLead(p: Page, column: string, leadId: string): Promise<void> {
    const card = p.locator(`.column[data-status="${column}"] .card[data-lead="${leadId}"]`);
    await card.waitFor();
    await card.click();
    await p.locator('#detail-history li').first().waitFor();
  }

  const post = (p: Page, leadId: string, body: unknown) =>
    p.evaluate(
      async ([id, b]) => {
        const r = await fetch(`/api/console/leads/${id}/assign`, { method: 'POST', headers: { 'x-zx-console': '1', 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
        return { status: r.status, message: ((await r.json()) as { error?: { message: string } }).error?.message ?? '' };
      },
      [leadId, body] as const,
    );

  it('a supervisor assigns, the colleague sees it as theirs and claims it, a third colleague cannot assign', async () => {
    const say = (text: string) => rc.core.assistant.handle({ channel: 'web', conversationId: 'inv-assign', userId: 'visitor-a', text });
    await say('转人工');
    await say('我是湘南锂电的周经理，电话13800138000');
    await rc.core.flush();
    const [lead] = await rc.core.staff.list({ status: 'new' });
    expect(lead).toBeDefined();
    const accounts = await rc.core.directory.list();
    const idOf = (name: string) => accounts.find((a) => a.name === name)!.id;

    // 李专员 is at their desk before the assignment: the live feed will tell them.
    const li = await loggedIn('李专员', '李专员-password-1');
    await li.locator(`.column[data-status="new"] .card[data-lead="${lead!.id}"]`).waitFor();
    const boss = await loggedIn('陈主管', 'supervisor-pass-1');
    await openLead(boss, 'new', lead!.id);
    // The detail names the channel in words, not its key.
    const channelRow = boss.locator('#detail-fields dt', { hasText: '渠道 Channel' });
    await expect(channelRow.locator('xpath=following-sibling::dd[1]').textContent()).resolves.toBe('网页');
    // Active colleagues only: the disabled account is not offered.
    const options = await boss.locator('#assign-to option').allTextContents();
    expect(options).toContain('李专员');
    expect(options).toContain('王专员');
    expect(options.join()).not.toContain('赵专员');
    await boss.selectOption('#assign-to', String(idOf('李专员')));
    await boss.click('#act-assign');
    await boss.locator(`.column[data-status="follow_up"] .card[data-lead="${lead!.id}"]`, { hasText: '李专员' }).waitFor();
    await boss.locator('#detail-history li', { hasText: '指派 Assigned → 李专员（陈主管）' }).waitFor();
    const shots = screenshotsDir();
    await boss.screenshot({ path: join(shots.dir, 'console-assign-desktop.png'), fullPage: true });
    shots.dispose();
    expect(await rc.core.staff.get(lead!.id)).toMatchObject({ status: 'follow_up', owner: { id: `staff:${idOf('李专员')}`, name: '李专员' } });

    // 李专员's console says so at once, shows the lead as theirs, and lets them claim it.
    await li.locator('#notice', { hasText: '新指派给您的线索' }).waitFor();
    await openLead(li, 'follow_up', lead!.id);
    await expect(li.locator('#detail-fields').textContent()).resolves.toContain('待跟进 Follow-up · 李专员');
    await li.locator('#act-claim:not([disabled])').waitFor();
    await li.click('#act-claim');
    await li.locator(`.column[data-status="claimed"] .card[data-lead="${lead!.id}"]`, { hasText: '李专员' }).waitFor();
    // As its owner now, 李专员 could hand it on.
    await li.locator('#act-assign:not([disabled])').waitFor();

    // 王专员 is neither the owner nor a supervisor: no assignment offered, and a forged one is refused.
    const wang = await loggedIn('王专员', '王专员-password-1');
    await openLead(wang, 'claimed', lead!.id);
    await expect(wang.locator('#act-assign').isDisabled()).resolves.toBe(true);
    const forged = await post(wang, lead!.id, { to: idOf('王专员') });
    expect(forged).toEqual({ status: 403, message: expect.stringContaining('只有线索的跟进人或主管可以指派') });
    expect((await rc.core.staff.get(lead!.id))!.owner!.name).toBe('李专员');

    // A disabled or unknown account is refused with a clear message.
    await expect(post(boss, lead!.id, { to: idOf('赵专员') })).resolves.toEqual({ status: 409, message: expect.stringContaining('赵专员 的账号已停用') });
    await expect(post(boss, lead!.id, { to: 99_999 })).resolves.toEqual({ status: 404, message: expect.stringContaining('没有这个工作人员账号') });

    const history = (await rc.core.store.leadEvents(lead!.id)).filter((e) => e.actorId).map((e) => [e.type, e.actorName]);
    expect(history).toEqual([
      ['assigned', '陈主管'],
      ['claimed', '李专员'],
    ]);
    expect(errors).toEqual([]);
  }, 120_000);
});
