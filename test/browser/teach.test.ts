/**
 * Staff teach the assistant, end to end in a real browser: an investor asks what the knowledge
 * base cannot answer → it appears among the console's gaps → staff link it to a passage found by
 * searching → the question and a paraphrase are answered citing that passage; staff write an
 * answer for another gap → answered; undo from the audit log → unanswered again. Then a FAQ
 * spreadsheet (the LibreOffice fixture) is previewed and imported through the console's upload.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { realCore, type RealCore } from '../web/real-core.js';
import { launchBrowser, runBrowserTests, sendAndWait } from './browser-helpers.js';

const TOKEN = 'browser-test-teach-token';
const XLSX = fileURLToPath(new URL('../fixtures/faq/faq.xlsx', import.meta.url));
// Not answered by knowledge/ as shipped; the passage below answers it.
const Q1 = '厂子搬过去以后通水通电的杂事有人管吗';
const Q1_PARAPHRASE = '厂子搬过去后通水通电这些杂事有人管不';
const PASSAGE_PATH = 'knowledge/service/full-process-nanny-service.md';
const Q2 = '资兴有没有直飞的机场？';
// A fixture answer, kept in the test's temp database only.
const A2 = '测试夹具答案：这是浏览器测试写入的示例答案。';

describe.skipIf(!runBrowserTests)('staff teach the assistant in the console', () => {
  let rc: RealCore;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    rc = await realCore({ CONSOLE_TOKEN: TOKEN });
    server = await startHttpServer(createHttpApp(rc.core, rc.config), { host: '127.0.0.1', port: 0, consoleToken: TOKEN });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rc?.core.web.close();
    rc?.core.desk.close();
    await server?.close(2000);
    await rc?.dispose();
  });

  // Each question in a new chat, so one question's lead capture does not shape the next reply.
  let investor: Page;
  async function askIn(_: Page | undefined, text: string): Promise<string> {
    await investor?.close();
    investor = await browser.newPage();
    investor.setDefaultTimeout(20_000);
    await investor.goto(server.url + '/');
    await sendAndWait(investor, text);
    return (await investor.locator('.msg.bot').allTextContents()).join('\n');
  }
  const lastBot = () => investor.locator('.msg.bot', { hasText: '根据资兴市招商资料' }).last();

  it('gap → link to a passage → answered (and a paraphrase); write an answer → answered; undo → unanswered; FAQ upload', async () => {
    const before = await askIn(undefined, Q1);
    expect(before).not.toContain('根据资兴市招商资料');
    expect(await askIn(undefined, Q2)).not.toContain('根据资兴市招商资料');

    const staff = await browser.newPage();
    staff.setDefaultTimeout(30_000);
    const errors: string[] = [];
    staff.on('pageerror', (e) => errors.push(e.message));
    await staff.goto(server.url + '/console');
    await staff.fill('#token', TOKEN);
    await staff.click('#login-form button[type="submit"]');
    await staff.locator('#main').waitFor();
    await staff.fill('#staff-name', '李专员');
    await staff.locator('#staff-name').dispatchEvent('change');
    await staff.click('[data-tab="gaps"]');
    const gap1 = staff.locator('#teach-gaps li.gap', { hasText: Q1 });
    await gap1.waitFor();

    // Link: search the knowledge base, pick the passage.
    await gap1.locator('[data-act="link"]').click();
    await staff.fill('#teach-search', '用水 用电 装修 设备安装 招工 小事');
    await staff.click('#teach-search-go');
    const pick = staff.locator('#teach-results li', { hasText: PASSAGE_PATH }).first();
    await pick.waitFor();
    await pick.locator('[data-act="pick"]').click();
    await staff.locator('#teach-now pre[data-answered="true"]').waitFor();
    await expect(staff.locator('#teach-gaps li.gap', { hasText: Q1 }).count()).resolves.toBe(0);

    for (const q of [Q1, Q1_PARAPHRASE]) {
      expect(await askIn(undefined, q)).toContain('根据资兴市招商资料');
      const reply = lastBot();
      await expect(reply.textContent()).resolves.toContain('用水、用电');
      await expect(reply.locator('.sources').textContent()).resolves.toContain('《资兴对落户企业的全过程、精细化、保姆式服务》');
    }

    // Write an answer for the other gap.
    const gap2 = staff.locator('#teach-gaps li.gap', { hasText: Q2 });
    await gap2.locator('[data-act="answer"]').click();
    await staff.fill('#answer-text', A2);
    await staff.click('#answer-save');
    await staff.locator('#teach-now pre[data-answered="true"]', { hasText: A2 }).waitFor();
    expect(await askIn(undefined, Q2)).toContain(A2);

    // Undo the answer from the audit log: unanswered again.
    const entry = staff.locator('#teach-audit li', { hasText: '撰写答案' }).first();
    await entry.locator('[data-act="undo"]').click();
    await staff.locator('#teach-now pre[data-answered="false"]').waitFor();
    expect(await askIn(undefined, Q2)).not.toContain(A2);
    await staff.locator('#teach-gaps li.gap', { hasText: Q2 }).waitFor();
    await expect(staff.locator('#teach-audit li', { hasText: '李专员' }).count()).resolves.toBeGreaterThanOrEqual(3);

    // FAQ upload: preview shows 3 rows and the refused row 6, import adds 3 documents.
    await staff.setInputFiles('#faq-file', XLSX);
    await staff.locator('#faq-preview li.faq-error', { hasText: '第 6 行' }).waitFor();
    await expect(staff.locator('#faq-preview li.faq-row').count()).resolves.toBe(3);
    await staff.click('#faq-import');
    await staff.locator('#teach-status', { hasText: '已导入 3 条，1 行未导入' }).waitFor();
    expect(await askIn(undefined, '来园区办事怎么停车')).toContain('东门外的临时车位');
    expect(errors).toEqual([]);
  }, 180_000);
});
