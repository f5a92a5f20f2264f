import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { FailureThrottle, safeEqual } from '../../src/guard/auth.js';

describe('safeEqual', () => {
  it('compares strings of any length', () => {
    expect(safeEqual('secret-token-123456', 'secret-token-123456')).toBe(true);
    expect(safeEqual('secret-token-123456', 'secret-token-123457')).toBe(false);
    expect(safeEqual('short', 'a much longer string')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('资兴', '资兴')).toBe(true);
    expect(safeEqual(undefined as unknown as string, 'x')).toBe(false);
  });

  it('property: agrees with ===', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(safeEqual(a, b)).toBe(a === b);
        expect(safeEqual(a, a)).toBe(true);
      }),
    );
  });
});

describe('FailureThrottle', () => {
  it('allows free attempts, then locks out exponentially, capped', () => {
    const clock = new ManualClock();
    const t = new FailureThrottle({ clock, freeAttempts: 3, baseLockMs: 1000, maxLockMs: 8000 });
    expect(t.fail('ip').lockedForMs).toBe(0);
    expect(t.fail('ip').lockedForMs).toBe(0);
    expect(t.fail('ip').lockedForMs).toBe(0);
    expect(t.check('ip')).toEqual({ ok: true });
    expect(t.fail('ip').lockedForMs).toBe(1000);
    expect(t.check('ip')).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(t.check('other')).toEqual({ ok: true });
    clock.advance(1000);
    expect(t.check('ip').ok).toBe(true);
    expect(t.fail('ip').lockedForMs).toBe(2000);
    expect(t.fail('ip').lockedForMs).toBe(4000);
    expect(t.fail('ip').lockedForMs).toBe(8000);
    expect(t.fail('ip').lockedForMs).toBe(8000);
  });

  it('forgets a client after success or a long quiet time', () => {
    const clock = new ManualClock();
    const t = new FailureThrottle({ clock, freeAttempts: 1, forgetAfterMs: 60_000 });
    t.fail('ip');
    t.fail('ip');
    expect(t.check('ip').ok).toBe(false);
    t.succeed('ip');
    expect(t.check('ip').ok).toBe(true);
    t.fail('ip');
    t.fail('ip');
    clock.advance(61_000);
    expect(t.check('ip').ok).toBe(true);
    expect(t.fail('ip').lockedForMs).toBe(0);
  });

  it('bounds memory', () => {
    const clock = new ManualClock();
    const t = new FailureThrottle({ clock, maxKeys: 50 });
    for (let i = 0; i < 1000; i++) t.fail(`ip${i}`);
    expect(t.size()).toBeLessThanOrEqual(50);
  });
});
