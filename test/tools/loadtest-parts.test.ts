import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest, webApi } from '@slack/bolt';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/core/clock.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../tools/loadtest/fake-slack-api.js';
import { loopbackSource } from '../../tools/loadtest/http-client.js';
import { freePort, loadtestEnv } from '../../tools/loadtest/launch-server.js';
import { seededRandom } from '../../src/core/random.js';
import { conversationScript, INVESTOR_QUESTIONS, SMALL_TALK } from '../../tools/loadtest/questions.js';
import { checkTargets, formatReport } from '../../tools/loadtest/report.js';
import { parseChat, runLoad } from '../../tools/loadtest/run-load.js';
import { messageImEvent, signSlackRequest } from '../../tools/loadtest/slack-signing.js';
import { percentile, Recorder, summarize } from '../../tools/loadtest/stats.js';

describe('stats', () => {
  it('nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 90)).toBe(90);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN(); // one percentile for the tools now: no samples is NaN, not 0 ms (summarize still reports zeros)
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarize sorts and reports', () => {
    expect(summarize([5, 1, 3])).toEqual({ count: 3, mean: 3, p50: 3, p90: 5, p99: 5, max: 5 });
    expect(summarize([])).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 });
  });

  it('property: percentiles are ordered samples with the right share at or below', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 100 }), (xs, p) => {
        const s = summarize(xs);
        expect(s.p50).toBeLessThanOrEqual(s.p90);
        expect(s.p90).toBeLessThanOrEqual(s.p99);
        expect(s.p99).toBeLessThanOrEqual(s.max);
        const sorted = [...xs].sort((a, b) => a - b);
        const v = percentile(sorted, p);
        expect(xs).toContain(v);
        expect(sorted.filter((x) => x <= v).length / xs.length).toBeGreaterThanOrEqual(p / 100 - 1e-9);
      }),
    );
  });

  it('Recorder counts outcomes', () => {
    const r = new Recorder();
    r.success(1);
    r.status(500, 2);
    r.failure('ECONNRESET');
    expect(r.total).toBe(3);
    expect(r.errors).toBe(2);
    expect(r.latencies).toEqual([1, 2]);
  });
});

describe('Slack request signing', () => {
  it('produces signatures that Bolt accepts, and only for the right secret and body', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const body = JSON.stringify(messageImEvent({ eventId: 'Ev1', userId: 'U1', channel: 'D1', text: '资兴有哪些优势产业？', nowMs: clock.now(), seq: 1 }));
    const headers = signSlackRequest('s3cret', body, clock.now() / 1000);
    const ts = Number(headers['x-slack-request-timestamp']);
    const verify = (secret: string, b: string) =>
      isValidSlackRequest({ signingSecret: secret, body: b, headers: { 'x-slack-signature': headers['x-slack-signature']!, 'x-slack-request-timestamp': ts }, nowMilliseconds: clock.now() });
    expect(verify('s3cret', body)).toBe(true);
    expect(verify('other', body)).toBe(false);
    expect(verify('s3cret', body.replace('U1', 'U2'))).toBe(false);
  });

  it('matches Slack’s documented example', () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)['x-slack-signature']).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('builds a message.im event_callback', () => {
    const e = messageImEvent({ eventId: 'Ev9', userId: 'U9', channel: 'D9', text: 'hi', nowMs: 1_700_000_000_123, seq: 42 }) as { type: string; event: Record<string, string> };
    expect(e.type).toBe('event_callback');
    expect(e.event).toMatchObject({ type: 'message', channel_type: 'im', channel: 'D9', user: 'U9', text: 'hi', ts: '1700000000.000042' });
  });
});

describe('questions', () => {
  it('scripts mix questions and small talk reproducibly', () => {
    const a = conversationScript(INVESTOR_QUESTIONS, 50, seededRandom(7));
    const b = conversationScript(INVESTOR_QUESTIONS, 50, seededRandom(7));
    expect(a).toEqual(b);
    expect(a.every((q) => INVESTOR_QUESTIONS.includes(q) || SMALL_TALK.includes(q))).toBe(true);
    expect(a.some((q) => INVESTOR_QUESTIONS.includes(q))).toBe(true);
  });
});

describe('loopbackSource', () => {
  it('gives distinct 127/8 addresses, never 127.0.x.x or a .0/.255 host', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 70_000; i += 7) {
      const a = loopbackSource(i);
      expect(a).toMatch(/^127\.([1-9]\d{0,2})\.\d{1,3}\.\d{1,3}$/);
      const last = Number(a.split('.')[3]);
      expect(last).toBeGreaterThanOrEqual(1);
      expect(last).toBeLessThanOrEqual(254);
      seen.add(a);
    }
    expect(seen.size).toBe(10_000);
  });
});

describe('loadtestEnv', () => {
  it('switches off every provider on the internet and sets generous limits', () => {
    const env = loadtestEnv({ LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-real', WECHATY_PUPPET: 'wechaty-puppet-wechat4u', PATH: '/bin' }, { port: 4567, dataDir: '/tmp/x', slack: { signingSecret: 'sec', apiUrl: 'http://127.0.0.1:9/api/' } });
    expect(env).toMatchObject({ LLM_PROVIDER: 'none', LLM_API_KEY: '', WECHATY_PUPPET: '', EMBEDDINGS_PROVIDER: 'local', HOST: '127.0.0.1', PORT: '4567', DATA_DIR: '/tmp/x', SLACK_SIGNING_SECRET: 'sec', SLACK_API_URL: 'http://127.0.0.1:9/api/', PATH: '/bin' });
    expect(Number(env.RATE_LIMIT_PER_USER_PER_MIN)).toBeGreaterThanOrEqual(10_000);
    expect(loadtestEnv({}, { port: 1, dataDir: 'd' }).SLACK_BOT_TOKEN).toBe('');
  });
});

describe('fake Slack Web API', () => {
  let fake: FakeSlackApi | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it('answers the real WebClient and reports posts per channel', async () => {
    fake = await startFakeSlackApi();
    const web = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    const auth = await web.auth.test();
    expect(auth.ok).toBe(true);
    expect(auth.user_id).toBeTruthy();
    const waiting = fake.nextPost('D42', 5_000);
    const posted = await web.chat.postMessage({ channel: 'D42', text: '资兴' });
    expect(posted.ts).toBeTruthy();
    expect(posted.channel).toBe('D42');
    expect(typeof (await waiting)).toBe('number');
    expect(await fake.nextPost('D43', 10)).toBeUndefined();
    const user = await web.users.info({ user: 'U1' });
    expect(user.user?.id).toBe('U1');
    expect(fake.calls.get('chat.postMessage')).toBe(1);
  });
});

describe('runLoad', () => {
  it('parseChat accepts only chat answers', () => {
    expect(parseChat('{"conversationId":"c","replies":[]}')).toEqual({ conversationId: 'c', replies: [] });
    expect(parseChat('{"error":{"code":"bad_request"}}')).toBeUndefined();
    expect(parseChat('<html>')).toBeUndefined();
  });

  it('drives a loopback server briefly and reports what it saw', async () => {
    const fake = await startFakeSlackApi();
    const seen = { chat: 0, slack: 0, badSig: 0, continued: 0 };
    const secret = 'test-secret';
    let n = 0;
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (req.url === '/api/chat') {
          seen.chat++;
          const { conversationId } = JSON.parse(body) as { conversationId?: string };
          if (conversationId) seen.continued++;
          // Every tenth answer is an error, so error counting is exercised too.
          if (++n % 10 === 0) {
            res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"internal","message":"x"}}');
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ conversationId: conversationId ?? `c${n}`, replies: [{ text: 'ok' }] }));
          return;
        }
        if (req.url === '/slack/events') {
          seen.slack++;
          const valid = isValidSlackRequest({
            signingSecret: secret,
            body,
            headers: { 'x-slack-signature': String(req.headers['x-slack-signature']), 'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']) },
          });
          if (!valid) seen.badSig++;
          res.writeHead(valid ? 200 : 401).end();
          // Like the bot: answer in the DM through the Web API, after the ack.
          const channel = (JSON.parse(body) as { event: { channel: string } }).event.channel;
          const web = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
          void web.chat.postMessage({ channel, text: 'answer' }).catch(() => undefined);
          return;
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    try {
      const report = await runLoad({ url: `http://127.0.0.1:${port}`, concurrency: 4, seconds: 0.5, warmupSeconds: 0, slackSecret: secret, slackConcurrency: 2, fakeSlack: fake, clock: systemClock });
      expect(report.web.requests).toBeGreaterThan(10);
      expect(report.web.ok + report.web.errors).toBe(report.web.requests);
      expect(report.web.statuses['500']).toBeGreaterThan(0);
      expect(report.web.throughput).toBeGreaterThan(0);
      expect(seen.continued).toBeGreaterThan(0);
      expect(seen.badSig).toBe(0);
      expect(report.slack?.events).toBeGreaterThan(0);
      expect(report.slack?.errors).toBe(0);
      expect(report.slack?.replies).toBeGreaterThan(0);
      const checks = checkTargets(report, { minQuestionsPerSec: 0, maxP99Ms: 1e9, maxErrors: 0, maxLateAcks: 0 });
      expect(checks.find((c) => c.name === 'errors')?.ok).toBe(false);
      expect(formatReport(report, checks)).toContain('FAIL  errors');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await fake.stop();
    }
  });

  it('with more instances, sends a conversation’s messages round robin over all of them', async () => {
    const hits: Record<string, number> = {};
    const conversationsOn: Record<string, Set<string>> = {};
    const servers = ['A', 'B'].map((name) =>
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          hits[name] = (hits[name] ?? 0) + 1;
          const { conversationId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { conversationId?: string };
          const id = conversationId ?? `${name}-${hits[name]}`;
          (conversationsOn[id] ??= new Set()).add(name);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ conversationId: id, conversationKey: 'k', replies: [{ text: 'ok' }] }));
        });
      }),
    );
    const ports: number[] = [];
    for (const srv of servers) {
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      ports.push((srv.address() as AddressInfo).port);
    }
    try {
      const report = await runLoad({ url: `http://127.0.0.1:${ports[0]}`, moreUrls: [`http://127.0.0.1:${ports[1]}`], concurrency: 2, seconds: 0.4, warmupSeconds: 0, clock: systemClock });
      expect(report.web.errors).toBe(0);
      expect(hits.A).toBeGreaterThan(2);
      expect(hits.B).toBeGreaterThan(2);
      // Conversations of several messages were continued on both instances, as behind a round-robin proxy.
      expect(Object.values(conversationsOn).some((set) => set.size === 2)).toBe(true);
      expect(report.url).toBe(`http://127.0.0.1:${ports[0]} + http://127.0.0.1:${ports[1]}`);
    } finally {
      for (const srv of servers) await new Promise<void>((r) => srv.close(() => r()));
    }
  });

  it('counts a refused connection as an error without spinning', async () => {
    const port = await freePort(); // nothing listens there
    const report = await runLoad({ url: `http://127.0.0.1:${port}`, concurrency: 2, seconds: 0.3, warmupSeconds: 0, clock: systemClock });
    expect(report.web.ok).toBe(0);
    expect(report.web.errors).toBeGreaterThan(0);
    expect(report.web.errors).toBeLessThan(100);
  });
});
