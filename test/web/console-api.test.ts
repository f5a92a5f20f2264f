import { describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createHttpApp } from '../../src/http/app.js';
import { addLead, fakeCore } from './fake-core.js';

const TOKEN = 'console-token-0123456789';
const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Host: 'localhost:3000', 'x-zx-console': '1', ...headers },
  body: JSON.stringify(body),
});

function setup(token: string | null = TOKEN) {
  const core = fakeCore();
  const app = createHttpApp(core, testConfig(token ? { CONSOLE_TOKEN: token } : {}));
  return { core, app };
}

describe('console authentication', () => {
  it('401 without a token, with a wrong token; 200 with the Bearer token', async () => {
    const { app } = setup();
    expect((await app.request('/api/console/leads')).status).toBe(401);
    const wrong = await app.request('/api/console/leads', { headers: { Authorization: 'Bearer wrong-token-000000000' } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await app.request('/api/console/leads', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('logs in with the token into an HttpOnly SameSite=Strict cookie that works for reads; writes need the CSRF header', async () => {
    const { app, core } = setup();
    addLead(core, 'L1', 'web-c1');
    expect((await app.request('/api/console/login', post({ token: 'nope-nope-nope-nope' }))).status).toBe(401);
    const res = await app.request('/api/console/login', post({ token: TOKEN }));
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;
    expect((await app.request('/api/console/leads', { headers: { Cookie: cookie } })).status).toBe(200);
    const noCsrf = await app.request('/api/console/leads/L1/claim', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', Host: 'localhost:3000' }, body: JSON.stringify({ staff: '李' }) });
    expect(noCsrf.status).toBe(401);
    const crossSite = await app.request('/api/console/leads/L1/claim', post({ staff: '李' }, { Cookie: cookie, Origin: 'https://evil.example' }));
    expect(crossSite.status).toBe(401);
    const ok = await app.request('/api/console/leads/L1/claim', post({ staff: '李' }, { Cookie: cookie, Origin: 'http://localhost:3000' }));
    expect(ok.status).toBe(200);
  });

  it('throttles an address after repeated wrong tokens; the right one is still accepted (#16.7)', async () => {
    const { app } = setup();
    for (let i = 0; i < 10; i++) await app.request('/api/console/login', post({ token: `wrong-${i}-xxxxxxxxxxxx` }));
    expect((await app.request('/api/console/login', post({ token: 'wrong-again-xxxxxxxxxxxx' }))).status).toBe(429);
    expect((await app.request('/api/console/login', post({ token: TOKEN }))).status).toBe(200);
  });

  it('without CONSOLE_TOKEN the console is open on a loopback host name only, and says so', async () => {
    const { app } = setup(null);
    const session = (await (await app.request('/api/console/session')).json()) as { mode: string };
    expect(session.mode).toBe('open');
    expect((await app.request('/api/console/leads', { headers: { Host: '127.0.0.1:3000' } })).status).toBe(200);
    expect((await app.request('/api/console/leads', { headers: { Host: 'attacker.example' } })).status).toBe(401);
  });
});

describe('console leads board', () => {
  const auth = { Authorization: `Bearer ${TOKEN}` };

  it('claims, replies (reaching the investor conversation), releases and closes a lead', async () => {
    const { app, core } = setup();
    addLead(core, 'L1', 'web-c1');
    const claim = await app.request('/api/console/leads/L1/claim', post({ staff: '李专员' }, auth));
    expect(((await claim.json()) as { lead: { status: string; owner: { name: string } } }).lead).toMatchObject({ status: 'claimed', owner: { name: '李专员' } });
    const other = await app.request('/api/console/leads/L1/claim', post({ staff: '王' }, auth));
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { reason: string } }).error.reason).toBe('claimed_by_other');
    expect((await app.request('/api/console/leads/L1/reply', post({ staff: '李专员', text: '您好' }, auth))).status).toBe(200);
    expect(core.messages.at(-1)).toMatchObject({ conversationId: 'web-c1', role: 'staff', text: '您好' });
    expect((await app.request('/api/console/leads/L1/release', post({ staff: '李专员' }, auth))).status).toBe(200);
    expect((await app.request('/api/console/leads/L1/close', post({ staff: '李专员', outcome: '已签约' }, auth))).status).toBe(200);
    const list = (await (await app.request('/api/console/leads?status=closed', { headers: auth })).json()) as { leads: { id: string }[] };
    expect(list.leads.map((l) => l.id)).toEqual(['L1']);
    expect((await app.request('/api/console/leads/nope', { headers: auth })).status).toBe(404);
    expect((await app.request('/api/console/leads/L1/claim', post({ staff: '李', extra: 1 }, auth))).status).toBe(400);
  });

  it('exports leads as CSV with a BOM, quoting and formula neutralising', async () => {
    const { app, core } = setup();
    addLead(core, 'L1', 'web-c1', { name: '张三', company: '某某科技, 有限公司', note: '=HYPERLINK("x")' });
    const res = await app.request('/api/console/leads/export.csv', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('leads-2026-06-01.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('编号,公司,联系人,电话,微信,行业,投资额,用地/面积,计划时间,需求,name,note,状态,结案结果,渠道,会话,负责人,结案人,创建时间,升级时间,关联线索');
    expect(lines[1]).toBe(`L1,"某某科技, 有限公司",,,,,,,,,张三,"'=HYPERLINK(""x"")",待认领,,网页,web-c1,,,2026-06-01 16:00,,`);
  });

  it('serves gaps, daily stats, transcripts, index status and starts one re-ingest at a time', async () => {
    const { app, core } = setup();
    await core.staffSays('web-c9', '李', 'hi');
    const gaps = (await (await app.request('/api/console/gaps', { headers: auth })).json()) as { gaps: { count: number }[] };
    expect(gaps.gaps[0]!.count).toBe(3);
    const stats = (await (await app.request('/api/console/stats?days=7', { headers: auth })).json()) as { days: unknown[] };
    expect(stats.days).toHaveLength(7);
    const convs = (await (await app.request('/api/console/conversations', { headers: auth })).json()) as { conversations: { id: string }[] };
    expect(convs.conversations[0]!.id).toBe('web-c9');
    const transcript = (await (await app.request('/api/console/conversations/web-c9/messages', { headers: auth })).json()) as { messages: unknown[] };
    expect(transcript.messages).toHaveLength(1);
    const first = await app.request('/api/console/reingest', post({}, auth));
    expect(first.status).toBe(202);
    expect((await app.request('/api/console/reingest', post({}, auth))).status).toBe(409);
    await core.reingest.idle();
    const index = (await (await app.request('/api/console/index', { headers: auth })).json()) as { index: { chunks: number }; reingest: { running: boolean; summary: unknown } };
    expect(index.index.chunks).toBe(42);
    expect(index.reingest).toMatchObject({ running: false, summary: { documents: 3 } });
    expect(core.reingestRuns).toBe(1);
  });

  it('long-polls the live feed of lead events and notices', async () => {
    const { app, core } = setup();
    const lead = addLead(core, 'L1', 'web-c1');
    const pending = app.request('/api/console/events?after=0&wait=5', { headers: auth });
    await new Promise((r) => setTimeout(r, 20));
    await core.desk.notify({ type: 'created', lead });
    const feed = (await (await pending).json()) as { items: { kind: string; event: string; leadId: string }[]; last: number };
    expect(feed.items).toEqual([expect.objectContaining({ kind: 'lead', event: 'created', leadId: 'L1' })]);
    await core.desk.notice('微信需要重新登录');
    const next = (await (await app.request(`/api/console/events?after=${feed.last}`, { headers: auth })).json()) as { items: { text: string }[] };
    expect(next.items[0]!.text).toBe('微信需要重新登录');
  });
});

describe('operations', () => {
  it('/healthz is 200 with index, store and channels, 503 without an index or with a channel in error', async () => {
    const { app, core } = setup();
    core.channelList.push({ name: 'slack', start: async () => {}, stop: async () => {}, status: () => ({ state: 'ready' }) });
    const ok = await app.request('/healthz');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', index: { loaded: true, chunks: 42 }, store: { writable: true }, channels: [{ name: 'slack', state: 'ready' }] });
    core.channelList.push({ name: 'wechat', start: async () => {}, stop: async () => {}, status: () => ({ state: 'error', detail: 'logged out' }) });
    expect((await app.request('/healthz')).status).toBe(503);
    core.channelList.pop();
    core.indexStatus = { ...core.indexStatus, documents: 0, chunks: 0 };
    const down = await app.request('/healthz');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', index: { loaded: false } });
  });

  it('/metrics is Prometheus text with questions, answer rate, latency, leads by state and escalations', async () => {
    const { app, core } = setup();
    const lead = addLead(core, 'L1', 'web-c1');
    await app.request('/api/chat', post({ text: '优惠政策' }));
    await core.desk.notify({ type: 'escalated', lead });
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE zx_questions_total counter');
    expect(text).toContain('zx_questions_total{channel="web"} 1');
    expect(text).toContain('zx_answered_total{channel="web"} 1');
    expect(text).toContain('zx_answer_rate 1');
    expect(text).toContain('# TYPE zx_reply_latency_seconds histogram');
    expect(text).toContain('zx_reply_latency_seconds_count{channel="web"} 1');
    expect(text).toContain('zx_leads{state="new"} 1');
    expect(text).toContain('zx_escalations_total 1');
  });
});
