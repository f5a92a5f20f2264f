/**
 * A tiny loopback stand-in for the Slack Web API (`/api/<method>`), so a server under load test
 * can run its Slack channel without the internet. It answers the methods the adapter calls with
 * plausible bodies (`{ ok: true, … }`), counts calls, and lets the load test wait for the bot's
 * reply in a DM channel to measure end-to-end time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAKE_WORKSPACE } from './slack-signing.js';

/** A running fake Web API. */
export interface FakeSlackApi {
  /** Base URL to give the server as SLACK_API_URL (ends with `/api/`). */
  url: string;
  /** Calls received, by method name. */
  calls: Map<string, number>;
  /**
   * Resolve with the time (performance.now()) of the next chat.postMessage to `channel`, or
   * undefined after `timeoutMs`. Call it before sending the message that should cause the post.
   */
  nextPost(channel: string, timeoutMs: number): Promise<number | undefined>;
  stop(): Promise<void>;
}

const MAX_BODY = 1_000_000;

/** Start the fake on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeSlackApi(opts: { port?: number } = {}): Promise<FakeSlackApi> {
  const calls = new Map<string, number>();
  const waiters = new Map<string, Set<(at: number) => void>>();
  let seq = 0;

  const handle = (method: string, params: Record<string, unknown>): Record<string, unknown> => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const channel = typeof params.channel === 'string' ? params.channel : 'D0LOADTEST';
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq % 1_000_000).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://loadtest.slack.com/', team: 'Loadtest', user: 'zixing-bot', team_id: FAKE_WORKSPACE.teamId, user_id: FAKE_WORKSPACE.botUserId, bot_id: FAKE_WORKSPACE.botId, is_enterprise_install: false };
      case 'chat.postMessage': {
        const at = performance.now();
        const set = waiters.get(channel);
        if (set) {
          waiters.delete(channel);
          for (const w of set) w(at);
        }
        return { ok: true, channel, ts, message: { type: 'message', text: params.text ?? '', user: FAKE_WORKSPACE.botUserId, bot_id: FAKE_WORKSPACE.botId, ts } };
      }
      case 'chat.update':
        return { ok: true, channel, ts: typeof params.ts === 'string' ? params.ts : ts, text: params.text ?? '' };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'users.info': {
        const id = typeof params.user === 'string' ? params.user : 'U0UNKNOWN';
        return { ok: true, user: { id, team_id: FAKE_WORKSPACE.teamId, name: `investor-${id}`, real_name: `Investor ${id}`, is_bot: false, profile: { display_name: `Investor ${id}`, real_name: `Investor ${id}` } } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users ?? 'X').slice(1)}` } };
      default:
        return { ok: true };
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const method = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/(api\/)?/, ''));
      const raw = Buffer.concat(chunks).toString('utf8');
      let params: Record<string, unknown> = {};
      try {
        params = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(raw || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        params = {};
      }
      const body = JSON.stringify(handle(method, params));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    nextPost(channel, timeoutMs) {
      return new Promise((resolve) => {
        let set = waiters.get(channel);
        if (!set) waiters.set(channel, (set = new Set()));
        const waiter = (at: number | undefined) => {
          clearTimeout(timer);
          set!.delete(waiter);
          resolve(at);
        };
        const timer = setTimeout(() => {
          set!.delete(waiter);
          if (set!.size === 0 && waiters.get(channel) === set) waiters.delete(channel);
          resolve(undefined);
        }, timeoutMs);
        set.add(waiter);
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const set of waiters.values()) for (const w of set) w(Number.NaN);
        waiters.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
