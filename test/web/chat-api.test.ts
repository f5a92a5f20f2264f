import { describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { CodedError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/log.js';
import { createHttpApp } from '../../src/http/app.js';
import { SERVER_ERROR_MESSAGE } from '../../src/http/http-errors.js';
import { fakeCore } from './fake-core.js';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

function setup(overrides: Parameters<typeof testConfig>[0] = {}) {
  const core = fakeCore();
  const app = createHttpApp(core, testConfig(overrides));
  return { core, app };
}

describe('chat API', () => {
  it('answers a question, issues a web conversation id and keeps it for the next message', async () => {
    const { core, app } = setup();
    const res = await app.request('/api/chat', json({ text: '有哪些优惠政策？' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { conversationId: string; conversationKey: string; replies: { text: string; citations: unknown[] }[]; seq: number };
    expect(body.conversationId).toMatch(/^web-/);
    expect(body.replies[0]!.text).toContain('奖励');
    expect(body.replies[0]!.citations).toHaveLength(1);
    expect(body.seq).toBe(2);
    expect(core.inbound[0]).toMatchObject({ channel: 'web', conversationId: body.conversationId, text: '有哪些优惠政策？' });

    const again = await app.request('/api/chat', json({ conversationId: body.conversationId, conversationKey: body.conversationKey, text: '园区呢' }));
    expect(((await again.json()) as { conversationId: string }).conversationId).toBe(body.conversationId);
    const history = await app.request(`/api/conversations/${body.conversationId}/messages?after=0`, { headers: { 'X-Conversation-Key': body.conversationKey } });
    const h = (await history.json()) as { messages: { role: string }[]; last: number };
    expect(h.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(h.last).toBe(4);
  });

  it('streams the reply as Server-Sent Events: start, deltas, final', async () => {
    const { app } = setup();
    const res = await app.request('/api/chat/stream', json({ text: '产业' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = (await res.text())
      .split('\n\n')
      .filter((b) => b.startsWith('data:'))
      .map((b) => JSON.parse(b.slice(5)) as { type: string; text?: string; replies?: { text: string }[] });
    expect(events.map((e) => e.type)).toEqual(['start', 'delta', 'delta', 'final']);
    const streamed = events.filter((e) => e.type === 'delta').map((e) => e.text).join('');
    expect(streamed).toBe(events.at(-1)!.replies![0]!.text);
  });

  it('reports a failing core through the one error path: a polite error event in the stream, 500 JSON on the plain API, each logged once', async () => {
    const lines: { level: string; msg: string }[] = [];
    const core = fakeCore();
    core.logger = createLogger('debug', {}, (l) => lines.push(JSON.parse(l) as { level: string; msg: string }));
    const app = createHttpApp(core, testConfig({}));
    core.failNext = new Error('boom: secret detail');
    const res = await app.request('/api/chat/stream', json({ text: '你好' }));
    const text = await res.text();
    const last = JSON.parse(text.trim().split('\n\n').at(-1)!.slice(5)) as { type: string; error: { code: string; message: string } };
    expect(last).toEqual({ type: 'error', error: { code: 'internal', message: SERVER_ERROR_MESSAGE } });
    expect(text).not.toContain('secret detail');
    expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['request failed']);
    core.failNext = new Error('boom: secret detail');
    const plain = await app.request('/api/chat', json({ text: '你好' }));
    expect(plain.status).toBe(500);
    expect(await plain.json()).toEqual({ error: { code: 'internal', message: SERVER_ERROR_MESSAGE } });
    expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['request failed', 'request failed']);
    // A client error in the stream keeps its own message, as on the plain API, and is not logged as ours.
    core.failNext = new CodedError('rate_limited', 'slow down');
    const limited = await (await app.request('/api/chat/stream', json({ text: '你好' }))).text();
    expect(limited).toContain('"error":{"code":"rate_limited","message":"slow down"}');
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(2);
  });

  it('maps a rate-limited core to 429', async () => {
    const { core, app } = setup();
    core.failNext = new CodedError('rate_limited', 'slow down');
    const res = await app.request('/api/chat', json({ text: '你好' }));
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: { code: 'rate_limited', message: 'slow down' } });
  });

  it.each([
    ['malformed JSON', '{"text": ', 'Body is not valid JSON'],
    ['unknown fields', { text: 'hi', admin: true }, 'admin'],
    ['empty text', { text: '   ' }, 'text is empty'],
    ['missing text', {}, 'text'],
    ['a conversation id of another channel', { conversationId: 'wechat:wxid_abc', text: 'hi' }, 'conversationId'],
  ])('400 for %s', async (_name, body, message) => {
    const { app, core } = setup();
    const res = await app.request('/api/chat', json(body));
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('bad_request');
    expect(err.error.message).toContain(message);
    expect(core.inbound).toHaveLength(0);
  });

  it('413 for a body over MAX_BODY_BYTES, by Content-Length and by streamed size', async () => {
    const { app } = setup({ MAX_BODY_BYTES: '2048' });
    const big = JSON.stringify({ text: 'x'.repeat(5000) });
    const declared = await app.request('/api/chat', json(big));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    // A chunked body has no Content-Length: the streamed byte count must stop it.
    const stream = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 5; i++) ctl.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        ctl.close();
      },
    });
    const chunked = await app.request(new Request('http://localhost/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit));
    expect(chunked.status).toBe(413);
  });

  it('long-polls a conversation until a staff reply is delivered', async () => {
    const { core, app } = setup();
    const first = (await (await app.request('/api/chat', json({ text: '转人工' }))).json()) as { conversationId: string; conversationKey: string; seq: number };
    const pending = app.request(`/api/conversations/${first.conversationId}/messages?after=${first.seq}&wait=5`, { headers: { 'X-Conversation-Key': first.conversationKey } });
    await new Promise((r) => setTimeout(r, 20));
    await core.staffSays(first.conversationId, '李专员', '您好，我是李专员');
    const res = (await (await pending).json()) as { messages: { role: string; text: string; outbound?: { staffName?: string } }[] };
    expect(res.messages).toHaveLength(1);
    expect(res.messages[0]).toMatchObject({ role: 'staff', text: '您好，我是李专员', outbound: { staffName: '李专员' } });
  });

  it('404 for a conversation id that is not a web id, 400 for a bad query', async () => {
    const { app } = setup();
    expect((await app.request('/api/conversations/slack:C1/messages')).status).toBe(404);
    expect((await app.request('/api/conversations/web-abc/messages?after=-1')).status).toBe(400);
  });

  it('records votes and validates them', async () => {
    const { core, app } = setup();
    const { conversationId, conversationKey } = (await (await app.request('/api/chat', json({ text: '有哪些优惠政策？' }))).json()) as { conversationId: string; conversationKey: string };
    expect((await app.request('/api/feedback', json({ messageId: 'm-1', value: -1, conversationId, conversationKey }))).status).toBe(200);
    expect(core.votes).toEqual([{ messageId: 'm-1', value: -1, by: conversationId }]);
    expect((await app.request('/api/feedback', json({ messageId: 'm-1', value: 5 }))).status).toBe(400);
  });

  it('unknown routes are JSON 404', async () => {
    const { app } = setup();
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('pages', () => {
  it('serves the chat page with a CSP without inline scripts and the configured frame-ancestors', async () => {
    const { app } = setup({ EMBED_ORIGINS: 'https://www.zixing.gov.cn, javascript:alert(1)' });
    const res = await app.request('/');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self' https://www.zixing.gov.cn");
    expect(csp).not.toContain('javascript');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    const html = await res.text();
    expect(html).toContain('/static/chat.js');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('serves the console page unframeable and the assets with their types', async () => {
    const { app } = setup();
    const res = await app.request('/console');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const js = await app.request('/static/chat.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await app.request('/static/../config.ts')).status).toBe(404);
    expect((await app.request('/static/index.html')).status).toBe(404);
  });
});

describe('per-address limit', () => {
  it('answers 429 once one address sends more than a few users worth of messages in a minute', async () => {
    const { app, core } = setup({ RATE_LIMIT_PER_USER_PER_MIN: '4' });
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await app.request('/api/chat', json({ text: `问题${i}` }))).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    core.clock.advance(60_000);
    expect((await app.request('/api/chat', json({ text: '再问' }))).status).toBe(200);
  });
});
