/**
 * The console's search, cards and notes in a real browser (#17): a lead far down the board is found
 * by the search box, a search wider than a page pages; its card shows amount, industry, land, masked phone and waiting time, its
 * detail is in words (labels, 3亿元, 80亩, the state and channel, no raw keys); a note is
 * added and shown with the signed-in account's name; the transcripts tab finds a word in a message.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { realCore, type RealCore } from '../web/real-core.js';
import { launchBrowser, runBrowserTests } from './browser-helpers.js';

describe.skipIf(!runBrowserTests)('console search, cards and notes', () => {
  let rc: RealCore;
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    rc = await realCore();
    const { store } = rc.core;
    const wx = await store.ensureConversation({ channel: 'wechat', conversationId: 'old-wx', userId: 'u0', lang: 'zh' });
    await store.addMessage({ conversation: wx.id, role: 'user', text: '你们的危废处置有资质吗？' });
    await store.createLead({
      id: 'target-lead',
      conversation: wx.id,
      fields: { company: '郴州锂电新能源有限公司', phone: '13912345678', industry: '新能源电池', investment: { amountWan: 30000, currency: 'CNY', text: '三个亿' }, landOrSpace: { value: 80, unit: 'mu', text: '八十亩' } },
    });
    for (let i = 0; i < 60; i++) {
      rc.clock.advance(60_000);
      const c = await store.ensureConversation({ channel: 'web', conversationId: `c${i}`, userId: `u${i}`, lang: 'zh' });
      await store.createLead({ id: `lead-${String(i).padStart(2, '0')}`, conversation: c.id, fields: { company: `普通公司${i}`, industry: '电子信息' } });
    }
    await rc.core.directory.add({ name: '李专员', password: 'li-password-123' });
    server = await startHttpServer(createHttpApp(rc.core, rc.config), { host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rc?.core.web.close();
    rc?.core.desk.close();
    await server?.close(2000);
    await rc?.dispose();
  });

  async function page(): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    p.setDefaultTimeout(10_000);
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await p.goto(server.url + '/console');
    await p.locator('#login-name').waitFor();
    await p.fill('#login-name', '李专员');
    await p.fill('#login-password', 'li-password-123');
    await p.click('#login-form button[type=submit]');
    await p.locator('#me', { hasText: '李专员' }).waitFor();
    return p;
  }

  it('finds the lead by search, shows its card facts, adds a note, and finds a transcript by a word', async () => {
    const p = await page();
    await p.locator('.card[data-lead="lead-59"]').waitFor();
    await p.fill('#lead-q', '锂电');
    await p.click('#lead-search button[type=submit]');
    await p.locator('#lead-page-info', { hasText: '共 1 条' }).waitFor();
    const card = p.locator('.column[data-status="new"] .card[data-lead="target-lead"]');
    await card.waitFor();
    expect(await p.locator('.card').count()).toBe(1);
    const facts = await card.locator('.facts').textContent();
    expect(facts).toBe('3亿元 · 新能源电池 · 80亩 · 139****5678');
    expect(await card.locator('.title').textContent()).toBe('郴州锂电新能源有限公司');
    expect(await card.locator('.meta').textContent()).toMatch(/^微信 · 等待 (\d+天)?(\d+小时)?(\d+分)?$/);

    await card.click();
    await p.locator('#detail-notes li', { hasText: '暂无备注' }).waitFor();
    // The detail reads in words: labels, amounts as written, the state and the channel, no raw keys.
    const rows = await p.locator('#detail-fields').evaluate((dl) => Array.from(dl.querySelectorAll('dt')).map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
    expect(Object.fromEntries(rows)).toMatchObject({
      '状态 Status': '待认领 Unclaimed',
      '渠道 Channel': '微信',
      '公司 Company': '郴州锂电新能源有限公司',
      '电话 Phone': '13912345678',
      '行业 Industry': '新能源电池',
      '投资额 Investment': '3亿元',
      '用地/面积 Land / space': '80亩',
    });
    expect(await p.locator('#detail-fields').textContent()).not.toMatch(/company|contactName|investment|landOrSpace|landUnit|amountWan|CNY|\bmu\b|wechat|\bnew\b|30000/);
    await p.fill('#note-text', '已电话沟通，下周来考察');
    await p.click('#note-form button[type=submit]');
    const note = p.locator('#detail-notes li.note');
    await note.waitFor();
    expect(await note.locator('.role').textContent()).toMatch(/^李专员 · /);
    expect(await note.textContent()).toContain('已电话沟通，下周来考察');

    // A search with more results than a page: the pager moves to the rest.
    await p.click('#lead-clear');
    await p.fill('#lead-industry', '电子信息');
    await p.click('#lead-search button[type=submit]');
    await p.locator('#lead-page-info', { hasText: '共 60 条，第 1/2 页' }).waitFor();
    expect(await p.locator('.card').count()).toBe(50);
    expect(await p.locator('#lead-prev').isDisabled()).toBe(true);
    await p.click('#lead-next');
    await p.locator('#lead-page-info', { hasText: '第 2/2 页' }).waitFor();
    await p.locator('.card[data-lead="lead-00"]').waitFor();
    expect(await p.locator('.card').count()).toBe(10);

    await p.click('#lead-clear');
    await p.locator('.card[data-lead="lead-59"]').waitFor();
    expect(await p.locator('#lead-pager').isHidden()).toBe(true);

    await p.click('[data-tab="conversations"]');
    await p.fill('#conv-q', '危废');
    await p.click('#conv-search button[type=submit]');
    const hit = p.locator('#conversation-list li[data-conversation="wechat:old-wx"]');
    await hit.waitFor();
    expect(await p.locator('#conversation-list li').count()).toBe(1);
    // A hit reads as who it is, where and in what state, never the conversation's key.
    expect(await hit.locator('.who').textContent()).toBe('郴州锂电新能源有限公司');
    expect(await hit.locator('.muted').textContent()).toMatch(/^微信 · 机器人答复中 · 1 处匹配 · /);
    expect(await hit.textContent()).not.toContain('old-wx');
    await hit.click();
    await p.locator('#conversation-transcript li', { hasText: '危废处置' }).waitFor();
    expect(errors).toEqual([]);
    await p.close();
  }, 60_000);
});
