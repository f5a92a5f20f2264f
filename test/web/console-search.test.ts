/**
 * Console search and notes over HTTP on the real core: a lead far past the board's first page is
 * found by search; transcripts by a word; notes attributed to the signed-in account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { realCore, type RealCore } from './real-core.js';

const HOST = '127.0.0.1:3000';

describe('console search and notes over the real core', () => {
  let rc: RealCore;
  let app: ReturnType<typeof createHttpApp>;
  let cookie = '';
  const get = async (path: string) => app.request(path, { headers: { Host: HOST, Cookie: cookie } });
  const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Host: HOST, 'x-zx-console': '1', Cookie: cookie }, body: JSON.stringify(body) });

  beforeAll(async () => {
    rc = await realCore();
    app = createHttpApp(rc.core, rc.config);
    const { store } = rc.core;
    const wx = await store.ensureConversation({ channel: 'wechat', conversationId: 'old-wx', userId: 'u0', lang: 'zh' });
    await store.addMessage({ conversation: wx.id, role: 'user', text: '你们的危废处置有资质吗？' });
    await store.createLead({ id: 'target-lead', conversation: wx.id, fields: { company: '郴州锂电新能源有限公司', contactName: '赵六', phone: '13912345678', industry: '新能源电池' } });
    for (let i = 0; i < 45; i++) {
      rc.clock.advance(60_000);
      const c = await store.ensureConversation({ channel: 'web', conversationId: `c${i}`, userId: `u${i}`, lang: 'zh' });
      await store.addMessage({ conversation: c.id, role: 'user', text: `问题${i}：厂房租金多少` });
      await store.createLead({ id: `lead-${String(i).padStart(2, '0')}`, conversation: c.id, fields: { company: `普通公司${i}`, industry: '电子信息' } });
    }
    await rc.core.directory.add({ name: '李专员', password: 'li-password-123' });
    const login = await post('/api/console/login', { name: '李专员', password: 'li-password-123' });
    expect(login.status).toBe(200);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  }, 60_000);
  afterAll(async () => {
    await rc?.dispose();
  });

  it('the first page of the board does not hold the old lead; search finds it, paged with a total', async () => {
    const first = (await (await get('/api/console/leads/search?pageSize=20')).json()) as { leads: { id: string }[]; total: number; page: number };
    expect(first.total).toBe(46);
    expect(first.leads).toHaveLength(20);
    expect(first.leads.map((l) => l.id)).not.toContain('target-lead');
    const third = (await (await get('/api/console/leads/search?pageSize=20&page=3')).json()) as { leads: { id: string }[] };
    expect(third.leads.map((l) => l.id)).toEqual(['lead-04', 'lead-03', 'lead-02', 'lead-01', 'lead-00', 'target-lead']);
    for (const q of ['锂电', '赵六', '139 1234 5678', '新能源']) {
      const r = (await (await get(`/api/console/leads/search?q=${encodeURIComponent(q)}`)).json()) as { leads: { id: string; display: { title: string } }[]; total: number };
      expect({ q, total: r.total, ids: r.leads.map((l) => l.id) }).toEqual({ q, total: 1, ids: ['target-lead'] });
      expect(r.leads[0]!.display.title).toBe('郴州锂电新能源有限公司');
    }
    const filtered = (await (await get('/api/console/leads/search?status=new&channel=wechat&industry=新能源&from=2026-06-01&to=2026-06-01')).json()) as { total: number };
    expect(filtered.total).toBe(1);
    const none = (await (await get('/api/console/leads/search?channel=wechat&from=2026-06-02')).json()) as { total: number };
    expect(none.total).toBe(0);
  });

  it('rejects bad query parameters with a clear 400', async () => {
    for (const qs of ['status=open', 'page=0', 'pageSize=1000', 'from=2026-13-45', 'from=yesterday', 'channel=fax', 'color=red']) {
      const res = await get(`/api/console/leads/search?${qs}`);
      expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid query: /);
    }
    expect((await get('/api/console/conversations/search')).status).toBe(400);
  });

  it('finds transcripts by a word in any message, beyond the first page', async () => {
    const r = (await (await get(`/api/console/conversations/search?q=${encodeURIComponent('危废')}`)).json()) as { conversations: { id: string; match: { text: string } }[]; total: number };
    expect(r.total).toBe(1);
    expect(r.conversations[0]).toMatchObject({ id: 'wechat:old-wx', match: { text: '你们的危废处置有资质吗？' } });
    const page = (await (await get(`/api/console/conversations/search?q=${encodeURIComponent('租金')}&pageSize=20&page=3`)).json()) as { conversations: unknown[]; total: number };
    expect(page.total).toBe(45);
    expect(page.conversations).toHaveLength(5);
  });

  it('adds a note attributed to the signed-in account, whatever name the body types; lists it; refuses empty and unknown', async () => {
    rc.clock.advance(3_600_000);
    const res = await post('/api/console/leads/target-lead/notes', { text: '已电话沟通，下周来考察', staff: '冒名者' });
    expect(res.status).toBe(201);
    const { note } = (await res.json()) as { note: { author: { name: string; id: string }; at: number } };
    expect(note.author.name).toBe('李专员');
    expect(note.at).toBe(rc.clock.now());
    const list = (await (await get('/api/console/leads/target-lead/notes')).json()) as { notes: { text: string; author: { name: string } }[] };
    expect(list.notes).toEqual([expect.objectContaining({ text: '已电话沟通，下周来考察', author: expect.objectContaining({ name: '李专员' }) })]);
    expect((await post('/api/console/leads/target-lead/notes', { text: '  ' })).status).toBe(400);
    expect((await post('/api/console/leads/nope/notes', { text: 'x' })).status).toBe(404);
    // The note is searchable too.
    const found = (await (await get(`/api/console/leads/search?q=${encodeURIComponent('下周来考察')}`)).json()) as { leads: { id: string }[] };
    expect(found.leads.map((l) => l.id)).toEqual(['target-lead']);
  });

  it('search and notes need a session', async () => {
    expect((await app.request('/api/console/leads/search?q=x', { headers: { Host: HOST } })).status).toBe(401);
    expect((await app.request('/api/console/leads/target-lead/notes', { method: 'POST', headers: { Host: HOST, 'Content-Type': 'application/json', 'x-zx-console': '1' }, body: '{"text":"x"}' })).status).toBe(401);
  });
});
