/**
 * Red-team finding (high): with no CONSOLE_TOKEN, a Host such as `127.evil.example` counted as loopback,
 * so a page rebinding its DNS name to 127.0.0.1 could read and drive the console. Only `localhost`, `::1`
 * and IPv4 literals in 127.0.0.0/8 are loopback; the same rule guards the bind check.
 */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLoopback, loadConfig, testConfig } from '../../src/config.js';
import { createHttpApp } from '../../src/http/app.js';
import { fakeCore } from '../web/fake-core.js';

const isTrueLoopback = (h: string) => h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));

describe('loopback host names', () => {
  it('accepts localhost, ::1 and every IPv4 literal in 127/8', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b, c) => {
        expect(isLoopback(`127.${a}.${b}.${c}`)).toBe(true);
      }),
    );
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
  });

  it('refuses every other host name, including names that start with 127.', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const hosts = fc.oneof(
      fc.tuple(label, label).map(([a, b]) => `127.${a}.${b}`),
      fc.tuple(fc.integer({ min: 0, max: 255 }), label).map(([a, b]) => `127.${a}.${b}.example`),
      fc.domain(),
      fc.ipV4().filter((ip) => !ip.startsWith('127.')),
      fc.ipV6().filter((ip) => ip !== '::1'),
      fc.constant('127.0.0.1.nip.io'),
      fc.constant('localhost.evil.example'),
    );
    fc.assert(
      fc.property(hosts, (h) => {
        expect(isLoopback(h)).toBe(isTrueLoopback(h));
      }),
      { numRuns: 500 },
    );
    expect(isLoopback('127.evil.example')).toBe(false);
  });

  it('the open console answers 401 to a rebinding Host, for reads and for actions', async () => {
    const app = createHttpApp(fakeCore(), testConfig());
    const read = await app.request('/api/console/leads', { headers: { Host: '127.evil.example:3000' } });
    expect(read.status).toBe(401);
    const reingest = await app.request('/api/console/reingest', {
      method: 'POST',
      headers: { Host: '127.evil.example:3000', Origin: 'http://127.evil.example:3000', 'x-zx-console': '1' },
    });
    expect(reingest.status).toBe(401);
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    await fc.assert(
      fc.asyncProperty(label, fc.integer({ min: 1, max: 65535 }), async (name, port) => {
        const res = await app.request('/api/console/leads', { headers: { Host: `127.${name}.example:${port}` } });
        expect(res.status).toBe(401);
      }),
      { numRuns: 50 },
    );
    expect((await app.request('/api/console/leads', { headers: { Host: '127.0.0.1:3000' } })).status).toBe(200);
    expect((await app.request('/api/console/leads', { headers: { Host: '[::1]:3000' } })).status).toBe(200);
  });

  it('HOST=127.evil.example without CONSOLE_TOKEN does not start', () => {
    expect(() => loadConfig({ HOST: '127.evil.example' })).toThrow(/CONSOLE_TOKEN/);
    expect(loadConfig({ HOST: '127.0.0.2' }).HOST).toBe('127.0.0.2');
  });
});
