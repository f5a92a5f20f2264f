/**
 * New-lead alerts in the console (#17): a lead captured on the web chat while a staff member has
 * the console open puts the count of unseen new leads in the tab title and a banner that stays
 * until someone presses 知道了; with the alerts switch on, a browser notification and a sound.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { realCore, type RealCore } from '../web/real-core.js';
import { launchBrowser, runBrowserTests } from './browser-helpers.js';

// Records what the page asks of the browser's Notification and audio APIs.
const RECORDER = `
  window.__notes = [];
  window.__beeps = 0;
  class FakeNotification { constructor(title, opts) { window.__notes.push({ title, body: opts && opts.body }); } }
  FakeNotification.permission = 'granted';
  FakeNotification.requestPermission = async () => 'granted';
  window.Notification = FakeNotification;
  const Real = window.AudioContext;
  window.AudioContext = class extends Real { createOscillator() { window.__beeps++; return super.createOscillator(); } };
`;

describe.skipIf(!runBrowserTests)('console new-lead alerts', () => {
  let rc: RealCore;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    rc = await realCore();
    await rc.core.directory.add({ name: '王专员', password: 'wang-password-123' });
    server = await startHttpServer(createHttpApp(rc.core, rc.config), { host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    rc?.core.web.close();
    rc?.core.desk.close();
    await server?.close(2000);
    await rc?.dispose();
  });

  async function consolePage(): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript(RECORDER);
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    // The live feed's first answer only sets its position: the page follows it from then on.
    const following = p.waitForResponse((r) => r.url().includes('/api/console/events') && r.status() === 200);
    await p.goto(server.url + '/console');
    await p.fill('#login-name', '王专员');
    await p.fill('#login-password', 'wang-password-123');
    await p.click('#login-form button[type=submit]');
    await p.locator('#me', { hasText: '王专员' }).waitFor();
    await following;
    return p;
  }

  async function captureLead(conversationId: string, company: string): Promise<void> {
    const say = (text: string) => rc.core.assistant.handle({ channel: 'web', conversationId, userId: conversationId, text });
    let [o] = await say(`我们是${company}，计划投资2亿元在资兴建厂，联系人张三，电话13800138000`);
    for (let i = 0; i < 6 && !o!.text.includes('请核对'); i++) [o] = (await say('跳过')).slice(-1);
    expect(o!.text).toContain('请核对');
    await say('确认');
    await rc.core.flush();
  }

  it('counts unseen new leads in the title and a banner that stays until seen; notifies and sounds with the switch on', async () => {
    const p = await consolePage();
    const base = await p.title();
    await p.check('#alerts-on');
    expect(await p.evaluate(() => localStorage.getItem('zx.console.alerts'))).toBe('on');

    await captureLead('alert-1', '长沙市远航新材料有限公司');
    await p.waitForFunction(() => document.title.startsWith('(1) '));
    await p.locator('#lead-alert', { hasText: '有 1 条新线索' }).waitFor();
    await captureLead('alert-2', '郴州市华光电子有限公司');
    await p.waitForFunction(() => document.title.startsWith('(2) '));
    expect(await p.locator('#lead-alert-text').textContent()).toContain('有 2 条新线索');

    const notes = await p.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes);
    expect(notes).toHaveLength(2);
    expect(notes[0]!.title).toContain('新线索');
    // No personal data in a notification another person may see on the screen.
    expect(JSON.stringify(notes)).not.toContain('13800138000');
    expect(await p.evaluate(() => (window as unknown as { __beeps: number }).__beeps)).toBe(2);

    // The banner is not on a timer: it is still there after the old 8 s notice would have gone.
    await p.clock.install();
    await p.clock.fastForward(20_000);
    expect(await p.locator('#lead-alert').isVisible()).toBe(true);
    await p.click('#lead-alert-seen');
    expect(await p.locator('#lead-alert').isVisible()).toBe(false);
    expect(await p.title()).toBe(base);
  }, 90_000);

  it('without the switch: title and banner only, no notification or sound', async () => {
    await context?.close();
    const p = await consolePage();
    expect(await p.isChecked('#alerts-on')).toBe(false);
    await captureLead('alert-3', '衡阳市新城机械有限公司');
    await p.waitForFunction(() => document.title.startsWith('(1) '));
    expect(await p.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes)).toHaveLength(0);
    expect(await p.evaluate(() => (window as unknown as { __beeps: number }).__beeps)).toBe(0);
  }, 90_000);
});
