/**
 * Red-team finding: behind a reverse proxy every request came from the proxy's address, so
 * anonymous wrong logins locked every staff member out for up to 15 minutes (even with a correct
 * Bearer token), and the chat's per-address limit capped the whole site. Now X-Forwarded-For is
 * read from configured proxies only (TRUSTED_PROXIES), a valid credential is never refused, and
 * IPv6 clients are bucketed by /64.
 */
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createHttpApp } from '../../src/http/app.js';
import { addressBucket, clientIpResolver } from '../../src/http/client-ip.js';
import { startHttpServer, type RunningServer } from '../../src/http/listen.js';
import { fakeCore } from '../web/fake-core.js';

const TOKEN = 'console-token-0123456789';
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close(2000);
  running = undefined;
});

async function serve(overrides: Record<string, string>) {
  const core = fakeCore();
  const config = testConfig({ CONSOLE_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://zhaoshang.example.gov.cn', ...overrides });
  running = await startHttpServer(createHttpApp(core, config), { host: '127.0.0.1', port: 0, consoleToken: TOKEN });
  return running.url;
}
const login = (url: string, token: string, forwardedFor?: string) =>
  fetch(`${url}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zx-console': '1', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) }, body: JSON.stringify({ token }) });
const leads = (url: string, token: string, forwardedFor?: string) => fetch(`${url}/api/console/leads`, { headers: { authorization: `Bearer ${token}`, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) } });

describe('console logins behind a reverse proxy', () => {
  it('the attack: a flood of wrong logins through the proxy is throttled, and staff with the right token get in', async () => {
    const url = await serve({ TRUSTED_PROXIES: '127.0.0.1' });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await login(url, `wrong-${i}-xxxxxxxxxxxxxx`, '203.0.113.7')).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another client behind the same proxy is not locked out by the attacker's failures…
    expect((await login(url, 'typo-xxxxxxxxxxxxxxxx', '198.51.100.20')).status).toBe(401);
    // …and a valid Bearer token or login is accepted, from anywhere, including the attacker's address.
    expect((await leads(url, TOKEN, '198.51.100.20')).status).toBe(200);
    expect((await leads(url, TOKEN, '203.0.113.7')).status).toBe(200);
    expect((await login(url, TOKEN, '198.51.100.20')).status).toBe(200);
  });

  it('without TRUSTED_PROXIES (every client one address), a valid Bearer is still accepted during the flood', async () => {
    const url = await serve({});
    for (let i = 0; i < 20; i++) await login(url, `wrong-${i}-xxxxxxxxxxxxxx`);
    expect((await login(url, 'wrong-last-xxxxxxxxxxxxx')).status).toBe(429);
    expect((await leads(url, TOKEN)).status).toBe(200);
  });
});

describe('the chat’s per-address limit behind a proxy', () => {
  const chat = (url: string, forwardedFor: string) => fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ text: '你好' }) });

  it('one client flooding through the proxy is limited; another client is not', async () => {
    const url = await serve({ TRUSTED_PROXIES: '127.0.0.1', RATE_LIMIT_PER_USER_PER_MIN: '2' });
    let limited = false;
    for (let i = 0; i < 80 && !limited; i++) limited = (await chat(url, '203.0.113.7')).status === 429;
    expect(limited).toBe(true);
    expect((await chat(url, '198.51.100.20')).status).toBe(200);
  });

  it('X-Forwarded-For from a peer that is not a trusted proxy is ignored (no picking one’s own key)', async () => {
    const url = await serve({ TRUSTED_PROXIES: '10.0.0.1', RATE_LIMIT_PER_USER_PER_MIN: '2' });
    let limited = false;
    for (let i = 0; i < 80 && !limited; i++) limited = (await chat(url, `198.51.100.${i}`)).status === 429;
    expect(limited).toBe(true);
  });
});

describe('client address: the class', () => {
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
  const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
  const ipv6 = fc.array(group, { minLength: 8, maxLength: 8 });

  /** The address a test app sees for a request from `peer` with `xff`. */
  async function seen(trusted: string[], peer: string, xff?: string): Promise<string> {
    const resolve = clientIpResolver(trusted);
    const app = new Hono().get('/', (c) => c.text(resolve(c)));
    const res = await app.request('/', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }, { incoming: { socket: { remoteAddress: peer, remoteFamily: peer.includes(':') ? 'IPv6' : 'IPv4' } } });
    return res.text();
  }

  it('the client is the rightmost untrusted hop; anything it prepended is ignored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ipv4, { maxLength: 3 }), ipv4.filter((a) => !a.startsWith('10.')), fc.array(fc.nat(255), { maxLength: 3 }), async (spoofed, client, hops) => {
        const proxies = hops.map((h) => `10.0.0.${h}`);
        const xff = [...spoofed, client, ...proxies].join(', ');
        expect(await seen(['10.0.0.0/24'], '10.0.0.1', xff)).toBe(client);
        // The same header from an untrusted peer changes nothing.
        expect(await seen(['10.0.0.0/24'], '192.0.2.1', xff)).toBe('192.0.2.1');
      }),
      { numRuns: 200 },
    );
  });

  it('IPv6 addresses share a bucket exactly when they share a /64', () => {
    fc.assert(
      fc.property(ipv6, ipv6, (a, b) => {
        const same = a.slice(0, 4).map((g) => parseInt(g, 16)).join() === b.slice(0, 4).map((g) => parseInt(g, 16)).join();
        expect(addressBucket(a.join(':')) === addressBucket(b.join(':'))).toBe(same);
        expect(addressBucket(a.join(':'))).toBe(addressBucket([...a.slice(0, 4), ...b.slice(4)].join(':')));
      }),
      { numRuns: 1000 },
    );
    expect(addressBucket('2001:db8:1:2::9')).toBe(addressBucket('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(addressBucket('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });
});
