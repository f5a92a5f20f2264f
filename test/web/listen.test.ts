import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createHttpApp } from '../../src/http/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { conversationKeys } from '../../src/channels/web/conversation-keys.js';
import { fakeCore } from './fake-core.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close(500);
  running = undefined;
});

describe('startHttpServer', () => {
  it('refuses a non-loopback host without a console token', async () => {
    const app = createHttpApp(fakeCore(), testConfig());
    await expect(startHttpServer(app, { host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('hands raw routes the unparsed request and everything else to the app', async () => {
    const core = fakeCore();
    running = await startHttpServer(createHttpApp(core, testConfig()), {
      host: '127.0.0.1',
      port: 0,
      rawRoutes: {
        '/slack/events': (req, res) => {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            res.writeHead(200, { 'Content-Type': 'text/plain' });
            res.end(`raw:${Buffer.concat(chunks).toString('utf8')}`);
          });
        },
      },
    });
    const raw = await fetch(`${running.url}/slack/events?x=1`, { method: 'POST', body: 'payload=%7B%22a%22%3A1%7D' });
    expect(await raw.text()).toBe('raw:payload=%7B%22a%22%3A1%7D');
    const health = await fetch(`${running.url}/healthz`);
    expect(health.status).toBe(200);
    const chat = await fetch(`${running.url}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: '你好' }) });
    expect(((await chat.json()) as { replies: unknown[] }).replies).toHaveLength(1);
  });

  it('rejects an oversize chunked upload over the socket with 413', async () => {
    const core = fakeCore();
    running = await startHttpServer(createHttpApp(core, testConfig({ MAX_BODY_BYTES: '1024' })), { host: '127.0.0.1', port: 0 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${running!.url}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('x'.repeat(600));
      req.end();
    });
    expect(status).toBe(413);
    expect(core.inbound).toHaveLength(0);
  });

  it('closes promptly once long polls are ended, even with a request waiting', async () => {
    const core = fakeCore();
    running = await startHttpServer(createHttpApp(core, testConfig()), { host: '127.0.0.1', port: 0 });
    const key = await conversationKeys(core.kv).keyFor('web-x1');
    const waiting = fetch(`${running.url}/api/conversations/web-x1/messages?after=0&wait=25`, { headers: { 'X-Conversation-Key': key } }).then((r) => r.json() as Promise<{ messages: unknown[] }>);
    await new Promise((r) => setTimeout(r, 50));
    expect(core.web.hub.size()).toBe(1);
    core.web.close();
    const closing = running.close(5000);
    expect((await waiting).messages).toEqual([]);
    await closing;
    running = undefined;
  });

  it('streams deltas to the socket while the reply is still being written', async () => {
    const core = fakeCore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    core.assistant = {
      async handle(inbound, opts) {
        opts?.onDelta?.('第一段');
        await gate;
        opts?.onDelta?.('第二段');
        return [{ text: '第一段第二段', citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot' }];
      },
    };
    running = await startHttpServer(createHttpApp(core, testConfig()), { host: '127.0.0.1', port: 0 });
    const res = await fetch(`${running.url}/api/chat/stream`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: '你好' }) });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('第一段')) seen += decoder.decode((await reader.read()).value, { stream: true });
    // The first delta arrived while the assistant is still blocked on the gate.
    expect(seen).not.toContain('"final"');
    release();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
    }
    expect(seen).toContain('"type":"final"');
    expect(seen.indexOf('第二段')).toBeGreaterThan(seen.indexOf('第一段'));
  });
});
