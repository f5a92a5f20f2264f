import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { RateLimiter } from '../../src/guard/rate-limit.js';

describe('RateLimiter', () => {
  it('allows the per-user budget, then refuses with a retry time, then refills', () => {
    const clock = new ManualClock();
    const rl = new RateLimiter({ perKeyPerMinute: 3, globalPerSecond: 1000, clock });
    expect(rl.take('u')).toEqual({ ok: true });
    expect(rl.take('u')).toEqual({ ok: true });
    expect(rl.take('u')).toEqual({ ok: true });
    const refused = rl.take('u');
    expect(refused).toEqual({ ok: false, scope: 'user', retryAfterMs: 20_000 });
    // Another user is unaffected.
    expect(rl.take('v').ok).toBe(true);
    clock.advance(19_999);
    expect(rl.take('u').ok).toBe(false);
    clock.advance(1);
    expect(rl.take('u').ok).toBe(true);
  });

  it('applies the global limit across users', () => {
    const clock = new ManualClock();
    const rl = new RateLimiter({ perKeyPerMinute: 100, globalPerSecond: 2, clock });
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('b').ok).toBe(true);
    const r = rl.take('c');
    expect(r).toEqual({ ok: false, scope: 'global', retryAfterMs: 500 });
    clock.advance(500);
    expect(rl.take('c').ok).toBe(true);
  });

  it('a refused take spends nothing', () => {
    const clock = new ManualClock();
    const rl = new RateLimiter({ perKeyPerMinute: 1, globalPerSecond: 2, clock });
    expect(rl.take('a').ok).toBe(true);
    for (let i = 0; i < 10; i++) expect(rl.take('a').ok).toBe(false);
    // The global bucket still has its second token.
    expect(rl.take('b').ok).toBe(true);
  });

  it('forgets idle keys and caps the number of keys', () => {
    const clock = new ManualClock();
    const rl = new RateLimiter({ perKeyPerMinute: 10, globalPerSecond: 1_000_000, clock, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) rl.take(`k${i}`);
    expect(rl.size()).toBeLessThanOrEqual(100);
    clock.advance(60_000);
    rl.sweep();
    expect(rl.size()).toBe(0);
  });

  it('survives a clock that steps back', () => {
    const clock = new ManualClock();
    const rl = new RateLimiter({ perKeyPerMinute: 1, globalPerSecond: 100, clock });
    expect(rl.take('a').ok).toBe(true);
    clock.advance(-3_600_000);
    expect(rl.take('a').ok).toBe(false);
  });

  it('property: never allows more than the configured rate over any simulated window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 400 }),
        (perMin, perSec, steps) => {
          const clock = new ManualClock(0);
          const rl = new RateLimiter({ perKeyPerMinute: perMin, globalPerSecond: perSec, clock });
          const allowed: { at: number; key: number }[] = [];
          for (const [gap, key] of steps) {
            clock.advance(gap);
            if (rl.take(`u${key}`).ok) allowed.push({ at: clock.now(), key });
          }
          // Token bucket bound: in any window [t, t + w], at most cap + rate * w successes.
          for (let i = 0; i < allowed.length; i++) {
            const start = allowed[i]!.at;
            let global = 0;
            for (let j = i; j < allowed.length; j++) {
              const w = allowed[j]!.at - start;
              global++;
              const k = allowed[j]!.key;
              expect(global).toBeLessThanOrEqual(Math.floor(perSec + (perSec * w) / 1000 + 1e-9));
              const keyCount = allowed.slice(i, j + 1).filter((a) => a.key === k).length;
              expect(keyCount).toBeLessThanOrEqual(Math.floor(perMin + (perMin * w) / 60_000 + 1e-9));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: a steady sender gets exactly the configured rate over a long window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (perMin) => {
        const clock = new ManualClock(0);
        const rl = new RateLimiter({ perKeyPerMinute: perMin, globalPerSecond: 1000, clock });
        let ok = 0;
        // One attempt every 100 ms for ten minutes.
        for (let t = 0; t < 600_000; t += 100) {
          if (rl.take('u').ok) ok++;
          clock.advance(100);
        }
        expect(ok).toBeLessThanOrEqual(perMin * 11);
        expect(ok).toBeGreaterThanOrEqual(perMin * 10);
      }),
      { numRuns: 30 },
    );
  });
});
