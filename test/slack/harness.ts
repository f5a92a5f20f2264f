/**
 * Runs the Slack channel for real: Bolt's HTTPReceiver mounted in a node:http server on
 * 127.0.0.1:0, signed requests sent to it, and the Web API pointed at the loopback FakeSlack.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testConfig, type Config } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Logger } from '../../src/core/ports.js';
import { createSlackChannel, type SlackChannel, type SlackChannelDeps } from '../../src/channels/slack/index.js';
import { FakeSlack } from './fake-slack.js';
import { FakeAssistant, FakeFeedback, FakeStaff, MemoryKv } from './fakes.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface Harness {
  slack: FakeSlack;
  assistant: FakeAssistant;
  staff: FakeStaff;
  feedback: FakeFeedback;
  kv: MemoryKv;
  config: Config;
  built: SlackChannel;
  url: string;
  /** POST a raw body with the given headers to /slack/events. */
  post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
  /** POST a correctly signed body (JSON, or form-encoded when `form`). */
  signed(body: string, opts?: { form?: boolean; retryNum?: number; timestamp?: number }): Promise<{ status: number; text: string }>;
  event(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<{ status: number; text: string }>;
  command(params: Record<string, string>): Promise<{ status: number; text: string }>;
  interaction(payload: Record<string, unknown>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** Sign like Slack: v0=HMAC-SHA256(secret, `v0:${ts}:${body}`). */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Poll until `check` returns (or resolves to) a value (generous limit; never a wall-clock assertion). */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what = 'condition', timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let eventSeq = 0;

export async function startHarness(opts: { config?: Partial<Record<keyof Config, string>>; options?: SlackChannelDeps['options']; kv?: MemoryKv; staff?: FakeStaff; logger?: Logger } = {}): Promise<Harness> {
  const slack = new FakeSlack();
  await slack.start();
  const config = testConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_LEADS_CHANNEL: 'CLEADS',
    SLACK_API_URL: slack.apiUrl,
    ...opts.config,
  });
  const assistant = new FakeAssistant();
  const staff = opts.staff ?? new FakeStaff();
  const feedback = new FakeFeedback();
  const kv = opts.kv ?? new MemoryKv();
  const built = createSlackChannel({
    config,
    assistant,
    staff,
    feedback,
    kv,
    logger: opts.logger ?? silentLogger,
    clock: systemClock,
    options: { minGapMs: 0, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 }, ...opts.options },
  });
  // The core tells its desks about every staff action; the fake does the same through this desk.
  staff.desk = built.desk;
  await built.channel.start();
  if (!built.requestListener) throw new Error('expected HTTP mode');
  const mounted = await mountListener(built.requestListener);
  const client = signedClient(mounted.url);

  return {
    slack,
    assistant,
    staff,
    feedback,
    kv,
    config,
    built,
    url: mounted.url,
    ...client,
    async close() {
      await built.channel.stop();
      await mounted.close();
      await slack.stop();
    },
  };
}

/** Mount a request listener at /slack/events in a node:http server on 127.0.0.1:0, as the main server does. */
export async function mountListener(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/slack/events')) listener(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Reply = Promise<{ status: number; text: string }>;

/** Send requests to `url` signed like Slack: events (JSON), commands and interactions (forms). */
export function signedClient(url: string) {
  const post = async (body: string, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', body, headers });
    return { status: res.status, text: await res.text() };
  };
  const signed = (body: string, o: { form?: boolean; retryNum?: number; timestamp?: number } = {}): Reply => {
    const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
    return post(body, {
      'content-type': o.form ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts),
      ...(o.retryNum !== undefined ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    });
  };
  return {
    post,
    signed,
    event: (event: Record<string, unknown>, o: { eventId?: string; retryNum?: number } = {}): Reply =>
      signed(
        JSON.stringify({
          token: 'legacy',
          team_id: 'T1',
          api_app_id: 'A1',
          type: 'event_callback',
          event_id: o.eventId ?? `Ev${++eventSeq}`,
          event_time: Math.floor(Date.now() / 1000),
          authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
          event,
        }),
        o.retryNum !== undefined ? { retryNum: o.retryNum } : {},
      ),
    command: (params: Record<string, string>): Reply => signed(new URLSearchParams({ token: 'legacy', team_id: 'T1', trigger_id: 'trig-1', ...params }).toString(), { form: true }),
    interaction: (payload: Record<string, unknown>): Reply =>
      signed(new URLSearchParams({ payload: JSON.stringify({ team: { id: 'T1' }, api_app_id: 'A1', token: 'legacy', ...payload }) }).toString(), { form: true }),
  };
}
