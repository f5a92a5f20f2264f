/**
 * In a real browser: an investor starts registering a project, asks a policy question in the middle
 * of it, and gets the answer with its sources — then one short line with a "继续登记" button, not the
 * capture question appended to the answer; the button brings the pending question back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { realCore, type RealCore } from '../web/real-core.js';
import { launchBrowser, sendAndWait, runBrowserTests } from './browser-helpers.js';

const PHONE = { width: 390, height: 844 };

describe.skipIf(!runBrowserTests)('a question asked during lead capture, in a browser', () => {
  let rc: RealCore;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    rc = await realCore({});
    server = await startHttpServer(createHttpApp(rc.core, rc.config), { host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    rc?.core.web.close();
    rc?.core.desk.close();
    await server?.close(2000);
    await rc?.dispose();
  });

  async function say(page: Page, text: string): Promise<void> {
    await sendAndWait(page, text);
  }

  it('answers the question first, then offers to continue with one short line', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(10_000);
    await page.goto(server.url + '/');
    await say(page, '我们公司计划投资2亿元在资兴建一个新材料工厂');
    await expect(page.locator('.msg.bot').last().textContent()).resolves.toContain('公司');

    await say(page, '资兴有哪些优势产业？');
    const bots = page.locator('.msg.bot');
    const count = await bots.count();
    // The answer, with its sources, comes before the resume line.
    let answer = '';
    for (let i = count - 1; i >= 0 && !answer; i--) {
      const t = (await bots.nth(i).textContent()) ?? '';
      if (t.includes('电子信息')) answer = t;
    }
    expect(answer).toContain('新能源');
    expect(answer).not.toContain('贵公司的名称');
    const last = bots.last();
    await expect(last.textContent()).resolves.toContain('继续登记');
    await page.getByRole('button', { name: '继续登记' }).last().click();
    await page.locator('.msg.bot', { hasText: '名称' }).last().waitFor();
    await page.close();
  });
});
