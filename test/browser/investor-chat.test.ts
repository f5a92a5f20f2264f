/**
 * The investor's chat page in a real browser: a message typed while a reply streams is sent after
 * it (not dropped); a failed send keeps the message with 重试; on a phone the input grows to a few
 * lines and its placeholder fits; sources read as the original (湖南日报报道…) with no file path;
 * a second tab on the conversation is pushed new messages at once — the fallback long poll is set
 * to an hour here (WEB_LONG_POLL_S), so only a push can bring them within the test. Takes the chat
 * screenshots at desktop (1366×900) and phone (390×844) width, kept in docs/screenshots only with
 * UPDATE_SCREENSHOTS=1.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/ports.js';
import { createHttpApp } from '../../src/http/app.js';
import type { HttpCore } from '../../src/http/http-core.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { realCore, type RealCore } from '../web/real-core.js';
import { hasChromium, launchBrowser, runBrowserTests, screenshotsDir, sendAndWait } from './browser-helpers.js';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const FILE_PATH = /knowledge\/|shared\/sources|\.md\b|\.txt\b/;
const LONG_QUESTION = '我们是一家深圳的新能源电池材料企业，计划在资兴投资建设年产两万吨正极材料的生产基地，想了解用地、厂房、税收、人才和电价方面都有哪些优惠政策，以及从签约到开工的办理流程大概需要多长时间？';

/** The real assistant, with two test switches: hold replies back, fail the next request. */
class SwitchedAssistant implements Assistant {
  readonly events: string[] = [];
  private held: { promise: Promise<void>; release(): void } | undefined;
  failNext = false;
  constructor(private readonly real: Assistant) {}

  /** Replies stream their text but their end waits until `release()`. */
  hold(): () => void {
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    this.held = { promise, release };
    return () => {
      this.held = undefined;
      release();
    };
  }

  async handle(...[inbound, opts]: Parameters<Assistant['handle']>): ReturnType<Assistant['handle']> {
    this.events.push(`start ${inbound.text}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('test: the server fails this request');
    }
    const replies = await this.real.handle(inbound, opts);
    if (this.held) await this.held.promise;
    this.events.push(`end ${inbound.text}`);
    return replies;
  }
}

describe.skipIf(!runBrowserTests)('the investor chat in a browser', () => {
  let rc: RealCore;
  let assistant: SwitchedAssistant;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const screenshots = hasChromium ? screenshotsDir() : undefined;
  const shots = screenshots?.dir ?? '';

  beforeAll(async () => {
    // An hour: a page that gets a message within the test got it pushed, not by its poll ending.
    rc = await realCore({ WEB_LONG_POLL_S: '3600' });
    assistant = new SwitchedAssistant(rc.core.assistant);
    const core: HttpCore = { ...rc.core, assistant };
    server = await startHttpServer(createHttpApp(core, rc.config), { host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  // Each test's pages are closed after it, so their long polls end (the hub counts the open ones).
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await expect.poll(() => rc.core.web.hub.size()).toBe(0);
  });
  afterAll(async () => {
    await browser?.close();
    rc?.core.web.close();
    rc?.core.desk.close();
    await server?.close(2000);
    await rc?.dispose();
    screenshots?.dispose();
  });

  async function open(viewport: { width: number; height: number }, phone = false): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '/');
    return { context, page, errors };
  }

  const bots = (page: Page) => page.locator('.msg.bot:not(.welcome):not(.pending)');

  it('sends a message typed during a streamed reply after that reply', async () => {
    const { page, errors } = await open(DESKTOP);
    const release = assistant.hold();
    assistant.events.length = 0;
    await page.fill('#input', '资兴有哪些产业园区？');
    await page.press('#input', 'Enter');
    // The reply is streaming: its text is coming in, its end is held.
    await page.waitForFunction(() => (document.querySelector('.msg.pending .bubble')?.textContent ?? '').length > 0);
    await page.fill('#input', '资兴重点发展哪些产业？');
    await page.press('#input', 'Enter');
    await expect(page.inputValue('#input')).resolves.toBe('');
    const queued = page.locator('.msg.user.queued');
    await queued.waitFor();
    await expect(queued.textContent()).resolves.toContain('资兴重点发展哪些产业？');
    release();

    await bots(page).nth(1).waitFor();
    await page.locator('.msg.pending').waitFor({ state: 'detached' });
    // The server got the second question only after the first reply ended.
    expect(assistant.events).toEqual(['start 资兴有哪些产业园区？', 'end 资兴有哪些产业园区？', 'start 资兴重点发展哪些产业？', 'end 资兴重点发展哪些产业？']);
    // Question, answer, question, answer — nothing dropped, no "please wait".
    const order = await page.locator('.msg:not(.welcome)').evaluateAll((nodes) => nodes.map((n) => (n.classList.contains('user') ? 'user' : 'bot')));
    expect(order).toEqual(['user', 'bot', 'user', 'bot']);
    await expect(page.locator('.msg.user.queued').count()).resolves.toBe(0);
    await expect(page.locator('.notice').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps a message whose send failed, with 重试 that sends it again', async () => {
    const { page } = await open(DESKTOP);
    // The network fails once (the request never reaches the server)…
    await page.route('**/api/chat/stream', (route) => route.abort('connectionfailed'), { times: 1 });
    await page.fill('#input', '政府能为投资企业提供哪些服务？');
    await page.press('#input', 'Enter');
    const failed = page.locator('.msg.user.failed');
    await failed.waitFor();
    await expect(failed.locator('.bubble').textContent()).resolves.toBe('政府能为投资企业提供哪些服务？');
    await failed.getByRole('button', { name: '重试' }).click();
    await bots(page).first().waitFor();
    await expect(page.locator('.msg.user.failed').count()).resolves.toBe(0);
    await expect(page.locator('.msg.user').count()).resolves.toBe(1);

    // …and the server fails once (an error event in the stream).
    assistant.failNext = true;
    await page.fill('#input', '怎么联系资兴招商部门？');
    await page.press('#input', 'Enter');
    await failed.waitFor();
    await failed.getByRole('button', { name: '重试' }).click();
    await bots(page).nth(1).waitFor();
    await page.locator('.msg.pending').waitFor({ state: 'detached' });
    await expect(page.locator('.msg.user.failed').count()).resolves.toBe(0);
    await expect(page.locator('.msg.user').count()).resolves.toBe(2);
  });

  it('shows sources as the original report and the document title, never a file path', async () => {
    const { page } = await open(DESKTOP);
    // On a desktop Shift+Enter starts a new line (Enter sends, as sendAndWait does).
    await page.fill('#input', '第一行');
    await page.press('#input', 'Shift+Enter');
    await expect(page.inputValue('#input')).resolves.toBe('第一行\n');
    await expect(page.locator('.msg.user').count()).resolves.toBe(0);
    const streamed = page.waitForResponse((r) => r.url().endsWith('/api/chat/stream'));
    await sendAndWait(page, '资兴有哪些招商优惠政策？');
    // Nothing the page received names a file, the streamed text included.
    expect(await (await streamed).text()).not.toMatch(FILE_PATH);
    const answer = bots(page).last();
    await answer.locator('.sources > summary').click();
    const items = answer.locator('.sources li');
    const n = await items.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      await items.nth(i).locator('summary').click();
      await expect(items.nth(i).locator('summary').textContent()).resolves.toMatch(/^\[\d+\] 《[^《》]+》 — 湖南日报报道/);
    }
    await expect(answer.locator('.sources').textContent()).resolves.not.toMatch(FILE_PATH);
    await expect(answer.locator('.sources .origin').first().textContent()).resolves.toMatch(/^出处：湖南日报报道/);
    // The history a reload reads is the same.
    await page.reload();
    await bots(page).last().locator('.sources').waitFor();
    await expect(page.locator('#messages').textContent()).resolves.not.toMatch(FILE_PATH);
    await bots(page).last().locator('.sources > summary').click();
    await bots(page).last().locator('.sources li summary').first().click();
    await page.screenshot({ path: join(shots, 'chat-desktop.png') });
  });

  it('lets the input grow to a few lines on a phone, with the placeholder whole', async () => {
    const { page } = await open(PHONE, true);
    const box = () =>
      page.evaluate(() => {
        const input = document.getElementById('input') as HTMLTextAreaElement;
        const style = getComputedStyle(input);
        const chrome = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
        // What the placeholder needs, measured on a copy of the box with the placeholder typed in.
        const probe = input.cloneNode() as HTMLTextAreaElement;
        probe.style.cssText = `position:absolute;visibility:hidden;height:auto;width:${input.offsetWidth}px`;
        probe.value = input.placeholder;
        input.parentElement!.append(probe);
        const placeholderNeeds = probe.scrollHeight;
        probe.remove();
        return { lines: (input.clientHeight - chrome) / parseFloat(style.lineHeight), clientHeight: input.clientHeight, scrollHeight: input.scrollHeight, placeholderNeeds, overflow: style.overflowY };
      });
    const empty = await box();
    expect(empty.placeholderNeeds).toBeGreaterThan(0);
    expect(empty.placeholderNeeds).toBeLessThanOrEqual(empty.clientHeight);

    // Three long questions: more than four lines in any font (a machine without CJK fonts draws
    // fallback glyphs narrower than real ones, and one question then fills two lines only).
    await page.fill('#input', LONG_QUESTION.repeat(3));
    const full = await box();
    expect(LONG_QUESTION.length).toBeGreaterThanOrEqual(90);
    // About four lines, then it scrolls rather than growing over the conversation.
    expect(full.lines).toBeGreaterThan(3.5);
    expect(full.lines).toBeLessThanOrEqual(4.05);
    expect(full.scrollHeight).toBeGreaterThan(full.clientHeight);
    expect(full.overflow).toBe('auto');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);

    // On a touch screen Enter starts a new line; the send button sends.
    await page.fill('#input', '资兴有哪些招商优惠政策？');
    await page.press('#input', 'Enter');
    await expect(page.inputValue('#input')).resolves.toBe('资兴有哪些招商优惠政策？\n');
    await expect(page.locator('.msg.user').count()).resolves.toBe(0);
    await page.tap('#send');
    await bots(page).first().waitFor();
    await page.locator('.msg.pending').waitFor({ state: 'detached' });
    await expect(page.locator('.msg.user .bubble').textContent()).resolves.toBe('资兴有哪些招商优惠政策？');
    const after = await box();
    expect(after.clientHeight).toBe(empty.clientHeight);

    await bots(page).first().locator('.sources > summary').tap();
    await bots(page).first().locator('.sources li summary').first().tap();
    await page.fill('#input', LONG_QUESTION.slice(0, 60));
    await page.screenshot({ path: join(shots, 'chat-phone.png') });
  });

  it('pushes a new message to a second tab on the conversation at once', async () => {
    const { context, page: first } = await open(DESKTOP);
    await sendAndWait(first, '资兴有哪些产业园区？');
    const second = await context.newPage();
    second.setDefaultTimeout(10_000);
    await second.goto(server.url + '/');
    await second.locator('.msg.user', { hasText: '资兴有哪些产业园区？' }).waitFor();
    // Both tabs are waiting on their long poll (an hour long here).
    await expect.poll(() => rc.core.web.hub.size()).toBe(2);

    await sendAndWait(first, '资兴重点发展哪些产业？');
    await second.locator('.msg.user', { hasText: '资兴重点发展哪些产业？' }).waitFor();
    await bots(second).nth(1).waitFor();
    await expect(bots(second).nth(1).locator('.bubble').textContent()).resolves.toBe(await bots(first).nth(1).locator('.bubble').textContent());
    await expect(second.locator('.msg.user').count()).resolves.toBe(2);
    // A pushed answer can be voted on there too.
    await bots(second).nth(1).locator('[data-vote="up"]').click();
    await bots(second).nth(1).getByText('谢谢反馈！').waitFor();
    // And the other way round.
    await sendAndWait(second, '怎么联系资兴招商部门？');
    await first.locator('.msg.user', { hasText: '怎么联系资兴招商部门？' }).waitFor();
    await bots(first).nth(2).waitFor();
    await expect(first.locator('.msg.user').count()).resolves.toBe(3);
  });
});
