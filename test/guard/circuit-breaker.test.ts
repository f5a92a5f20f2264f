import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { CodedError } from '../../src/core/errors.js';
import { CircuitBreaker, withTimeout, type CircuitState } from '../../src/guard/circuit-breaker.js';

const ok = () => Promise.resolve('ok');
const fail = () => Promise.reject(new Error('provider down'));

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures, fails fast, half-opens after the cool-down, closes on success', async () => {
    const clock = new ManualClock();
    const changes: [CircuitState, CircuitState][] = [];
    const cb = new CircuitBreaker({ clock, failureThreshold: 3, coolDownMs: 10_000, code: 'llm_failed', onStateChange: (a, b) => changes.push([a, b]) });
    await expect(cb.run(fail)).rejects.toThrow('provider down');
    await expect(cb.run(fail)).rejects.toThrow('provider down');
    expect(cb.state).toBe('closed');
    await expect(cb.run(fail)).rejects.toThrow('provider down');
    expect(cb.state).toBe('open');
    let called = false;
    const err = await cb
      .run(async () => {
        called = true;
        return 1;
      })
      .catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('llm_failed');
    clock.advance(9_999);
    expect(cb.state).toBe('open');
    clock.advance(1);
    expect(cb.state).toBe('half-open');
    await expect(cb.run(ok)).resolves.toBe('ok');
    expect(cb.state).toBe('closed');
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('a failed trial re-opens for another cool-down', async () => {
    const clock = new ManualClock();
    const cb = new CircuitBreaker({ clock, failureThreshold: 1, coolDownMs: 1000 });
    await expect(cb.run(fail)).rejects.toThrow();
    clock.advance(1000);
    expect(cb.state).toBe('half-open');
    await expect(cb.run(fail)).rejects.toThrow('provider down');
    expect(cb.state).toBe('open');
    clock.advance(999);
    await expect(cb.run(ok)).rejects.toBeInstanceOf(CodedError);
    clock.advance(1);
    await expect(cb.run(ok)).resolves.toBe('ok');
  });

  it('lets only one trial through while half-open', async () => {
    const clock = new ManualClock();
    const cb = new CircuitBreaker({ clock, failureThreshold: 1, coolDownMs: 0 });
    await expect(cb.run(fail)).rejects.toThrow();
    let release!: () => void;
    const trial = cb.run(() => new Promise<string>((r) => (release = () => r('trial'))));
    await expect(cb.run(ok)).rejects.toBeInstanceOf(CodedError);
    release();
    await expect(trial).resolves.toBe('trial');
    expect(cb.state).toBe('closed');
  });

  it('a success resets the consecutive count; ignored errors do not count', async () => {
    const clock = new ManualClock();
    const cb = new CircuitBreaker({ clock, failureThreshold: 2, isFailure: (e) => !(e instanceof CodedError && e.code === 'bad_request') });
    await expect(cb.run(fail)).rejects.toThrow();
    await cb.run(ok);
    await expect(cb.run(fail)).rejects.toThrow();
    expect(cb.state).toBe('closed');
    await expect(cb.run(() => Promise.reject(new CodedError('bad_request', 'bad')))).rejects.toThrow();
    await expect(cb.run(fail)).rejects.toThrow();
    expect(cb.state).toBe('closed');
    expect(cb.consecutiveFailures).toBe(1);
  });
});

describe('withTimeout', () => {
  it('passes values and errors through', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'llm_failed')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('x')), 1000, 'llm_failed')).rejects.toThrow('x');
  });

  it('rejects with the given code and calls onTimeout when the promise is too slow', async () => {
    let aborted = false;
    const never = new Promise<never>(() => {});
    const err = await withTimeout(never, 5, 'embedding_failed', () => {
      aborted = true;
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).code).toBe('embedding_failed');
    expect(aborted).toBe(true);
  });
});
