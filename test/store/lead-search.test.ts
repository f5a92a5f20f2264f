/**
 * Search over every lead and transcript, on both back-ends (SQLite in memory, PostgreSQL in a
 * schema of its own per case when TEST_DATABASE_URL is set): filters, paging, a lead far past the
 * first page, notes and their erasure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLeadNotes, createLeadSearch } from '../../src/store/index.js';
import { createPgLeadNotes, createPgLeadSearch } from '../../src/store/pg/lead-search.js';
import type { PgStore } from '../../src/store/pg/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { backends, type Backend, type OpenedStore } from './backends.js';

describe.each(backends().map((b) => [b.name, b] as [string, Backend]))('on %s', (_name, backend) => {
  afterEach(() => backend.cleanup());

  /** The search and notes ports over an opened store of this back-end. */
  function portsOf(o: OpenedStore, clock: ManualClock) {
    if (o.store instanceof SqliteStore) return { search: createLeadSearch(o.store.db), notes: createLeadNotes(o.store.db, clock) };
    const pool = (o.store as PgStore).pool;
    return { search: createPgLeadSearch(pool), notes: createPgLeadNotes(pool, clock) };
  }

  const DAY = 86_400_000;

  async function seeded(n: number) {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const o = await backend.open(clock);
    const s = o.store;
    const web = await s.ensureConversation({ channel: 'web', conversationId: 'w', userId: 'u', lang: 'zh' });
    const wx = await s.ensureConversation({ channel: 'wechat', conversationId: 'x', userId: 'u2', lang: 'zh' });
    // The one to find is the oldest: newest-first paging puts it on the last page.
    await s.createLead({ id: 'target', conversation: wx.id, fields: { company: '资兴锂电新能源有限公司', contactName: '赵六', phone: '13912345678', industry: '新能源电池', description: '需要标准厂房' } });
    for (let i = 0; i < n; i++) {
      clock.advance(DAY);
      await s.createLead({ id: `L${String(i).padStart(3, '0')}`, conversation: i % 2 ? web.id : wx.id, fields: { company: `普通公司${i}`, phone: `1380000${String(i).padStart(4, '0')}`, industry: i % 3 ? '电子信息' : '新材料' } });
    }
    return { s, o, clock, ...portsOf(o, clock), web, wx };
  }

  describe('lead search in the database', () => {
    it('finds a lead on a later page by company, contact, phone digits, industry and request', async () => {
      const { search } = await seeded(60);
      const all = await search.searchLeads({ limit: 20, offset: 0 });
      expect(all.total).toBe(61);
      expect(all.leads.map((l) => l.id)).not.toContain('target');
      const last = await search.searchLeads({ limit: 20, offset: 60 });
      expect(last.leads.map((l) => l.id)).toEqual(['target']);
      for (const text of ['锂电', '赵六', '139 1234', '139-1234-5678', '新能源', '标准厂房', '资兴 锂电']) {
        const r = await search.searchLeads({ text, limit: 20, offset: 0 });
        expect({ text, ids: r.leads.map((l) => l.id), total: r.total }).toEqual({ text, ids: ['target'], total: 1 });
      }
      expect((await search.searchLeads({ text: '锂电 不存在', limit: 20, offset: 0 })).total).toBe(0);
    });

    it('takes LIKE wildcards literally', async () => {
      const { search } = await seeded(3);
      expect((await search.searchLeads({ text: '%', limit: 20, offset: 0 })).total).toBe(0);
      expect((await search.searchLeads({ text: '_', limit: 20, offset: 0 })).total).toBe(0);
    });

    it('filters by state, channel, owner, industry and date range, and pages', async () => {
      const { s, search } = await seeded(30);
      await s.claimLead('L005', { id: 'acct:1', name: '李专员' });
      await s.claimLead('target', { id: 'acct:1', name: '李专员' });
      await s.closeLead('L006', 'signed');
      const ids = async (q: Parameters<typeof search.searchLeads>[0]) => (await search.searchLeads(q)).leads.map((l) => l.id);
      expect(await ids({ status: 'claimed', limit: 50, offset: 0 })).toEqual(['L005', 'target']);
      expect(await ids({ owner: '李专员', limit: 50, offset: 0 })).toEqual(['L005', 'target']);
      expect(await ids({ owner: 'acct:1', status: 'claimed', text: '锂电', limit: 50, offset: 0 })).toEqual(['target']);
      expect((await search.searchLeads({ owner: 'none', limit: 50, offset: 0 })).total).toBe(29);
      expect(await ids({ status: 'closed', limit: 50, offset: 0 })).toEqual(['L006']);
      expect((await search.searchLeads({ channel: 'web', limit: 50, offset: 0 })).total).toBe(15);
      expect((await search.searchLeads({ channel: 'wechat', limit: 50, offset: 0 })).total).toBe(16);
      expect((await search.searchLeads({ industry: '新材料', limit: 50, offset: 0 })).total).toBe(10);
      // L000 is created on day 1, L009 on day 10: [day 1, day 4) holds L000, L001, L002.
      const start = Date.UTC(2026, 0, 2);
      expect(await ids({ from: start, to: start + 3 * DAY, limit: 50, offset: 0 })).toEqual(['L002', 'L001', 'L000']);
      const p2 = await search.searchLeads({ industry: '电子信息', limit: 5, offset: 5 });
      expect(p2.total).toBe(20);
      expect(p2.leads).toHaveLength(5);
    });

    it('finds a lead by a word of a staff note', async () => {
      const { search, notes } = await seeded(40);
      expect(await notes.add('L001', { id: 'acct:2', name: '王科长' }, '客户想要湘南园区的地块')).toMatchObject({ leadId: 'L001', author: { name: '王科长' } });
      expect(await notes.add('nope', { id: 'acct:2', name: '王科长' }, 'x')).toBeUndefined();
      expect((await search.searchLeads({ text: '湘南园区', limit: 20, offset: 0 })).leads.map((l) => l.id)).toEqual(['L001']);
    });

    it('finds lead ids by prefix, the exact id first', async () => {
      const { search } = await seeded(12);
      expect(await search.leadIdsByPrefix('L01', 10)).toEqual(['L010', 'L011']);
      expect(await search.leadIdsByPrefix('target', 10)).toEqual(['target']);
      expect(await search.leadIdsByPrefix('zzz', 10)).toEqual([]);
    });
  });

  describe('transcript search in the database', () => {
    it('finds every conversation with a message containing a word, beyond the first page, skipping blanked messages', async () => {
      const clock = new ManualClock(Date.UTC(2026, 0, 1));
      const o = await backend.open(clock);
      const s = o.store;
      const target = await s.ensureConversation({ channel: 'wechat', conversationId: 'old', userId: 'u', lang: 'zh' });
      await s.addMessage({ conversation: target.id, role: 'user', text: '请问污水处理厂的收费标准是多少？' });
      await s.createLead({ id: 'L-old', conversation: target.id, fields: { contactName: '赵六' } });
      for (let i = 0; i < 45; i++) {
        clock.advance(60_000);
        const c = await s.ensureConversation({ channel: 'web', conversationId: `c${i}`, userId: `u${i}`, ...(i === 44 ? { userName: '网页访客甲' } : {}), lang: 'zh' });
        await s.addMessage({ conversation: c.id, role: 'user', text: `第${i}个问题：厂房租金` });
        await s.addMessage({ conversation: c.id, role: 'assistant', text: '租金见政策第三条。' });
      }
      const { search } = portsOf(o, clock);
      const hit = await search.searchTranscripts({ text: '污水处理', limit: 20, offset: 0 });
      expect(hit.total).toBe(1);
      expect(hit.conversations[0]).toMatchObject({ id: target.id, who: '赵六', channel: 'wechat', hits: 1, messageCount: 1, match: { role: 'user', text: '请问污水处理厂的收费标准是多少？' } });
      const rent = await search.searchTranscripts({ text: '租金', limit: 20, offset: 40 });
      expect(rent.total).toBe(45);
      expect(rent.conversations).toHaveLength(5);
      expect(rent.conversations[0]!.hits).toBe(2);
      // Who a hit is: the lead's contact, else the platform's name, else nothing (the page says 未留名访客).
      const newest = await search.searchTranscripts({ text: '租金', limit: 2, offset: 0 });
      expect(newest.conversations.map((c) => c.who)).toEqual(['网页访客甲', undefined]);
      expect((await search.searchTranscripts({ text: '租金', channel: 'wechat', limit: 20, offset: 0 })).total).toBe(0);
      await s.eraseConversationMessages(target.id);
      expect((await search.searchTranscripts({ text: '污水处理', limit: 20, offset: 0 })).total).toBe(0);
    });
  });

  describe('notes and erasure', () => {
    it("erasing the person deletes the notes on their leads (a note may repeat their details)", async () => {
      const { s, o, notes } = await seeded(2);
      await notes.add('target', { id: 'acct:1', name: '李专员' }, '赵六的手机 13912345678');
      await notes.add('L000', { id: 'acct:1', name: '李专员' }, '别的线索');
      await s.deletePerson('target');
      expect(await notes.list('target')).toEqual([]);
      expect(await notes.list('L000')).toHaveLength(1);
      expect(await o.dump('lead_notes')).not.toContain('13912345678');
    });
  });
});
