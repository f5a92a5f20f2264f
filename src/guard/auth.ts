/**
 * Pieces for checking shared secrets (the console token): a comparison that leaks neither
 * content nor length through timing, and a per-client throttle that locks out guessing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/ports.js';
import type { RecordUpdater } from '../store/types.js';

/**
 * Constant-time string comparison. Both sides are hashed first, so the comparison always runs
 * over 32 bytes and the secret's length does not leak either.
 */
export function safeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  // The digest check alone is enough; the length check only rules out hash collisions in theory.
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** Settings of a `FailureThrottle`. */
export interface FailureThrottleOptions {
  clock: Clock;
  /** Failed attempts allowed before any lock-out (default 5). */
  freeAttempts?: number;
  /** First lock-out; each further failure doubles it (default 1 s). */
  baseLockMs?: number;
  /** Longest lock-out (default 15 min). */
  maxLockMs?: number;
  /** A client with no failure for this long starts afresh (default 1 h). */
  forgetAfterMs?: number;
  /** Most clients tracked; the least recently failed are forgotten beyond it (default 10 000). */
  maxKeys?: number;
}

interface FailureRecord {
  failures: number;
  lastAt: number;
  lockedUntil: number;
}

/**
 * Counts failed attempts per client (e.g. IP address) and locks a client out for an
 * exponentially growing time once it has used its free attempts.
 */
export class FailureThrottle {
  private readonly records = new Map<string, FailureRecord>();
  private readonly clock: Clock;
  private readonly freeAttempts: number;
  private readonly baseLockMs: number;
  private readonly maxLockMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxKeys: number;

  constructor(opts: FailureThrottleOptions) {
    this.clock = opts.clock;
    this.freeAttempts = Math.max(0, opts.freeAttempts ?? 5);
    this.baseLockMs = Math.max(1, opts.baseLockMs ?? 1_000);
    this.maxLockMs = Math.max(this.baseLockMs, opts.maxLockMs ?? 15 * 60_000);
    this.forgetAfterMs = Math.max(1, opts.forgetAfterMs ?? 60 * 60_000);
    this.maxKeys = Math.max(1, opts.maxKeys ?? 10_000);
  }

  /** May `key` try now? Call before checking the secret; a locked client is refused unchecked. */
  check(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.clock.now();
    const r = this.current(key, now);
    if (r && r.lockedUntil > now) return { ok: false, retryAfterMs: r.lockedUntil - now };
    return { ok: true };
  }

  /** Record a failed attempt; returns how long `key` is now locked out (0 while attempts are free). */
  fail(key: string): { lockedForMs: number } {
    const now = this.clock.now();
    let r = this.current(key, now);
    if (r) this.records.delete(key);
    else {
      r = { failures: 0, lastAt: now, lockedUntil: 0 };
      // Least recently failed first in the map's order; drop them when over the cap.
      for (const k of this.records.keys()) {
        if (this.records.size < this.maxKeys) break;
        this.records.delete(k);
      }
    }
    r.failures += 1;
    r.lastAt = now;
    const over = r.failures - this.freeAttempts;
    const lockedForMs = over > 0 ? Math.min(this.maxLockMs, this.baseLockMs * 2 ** Math.min(over - 1, 40)) : 0;
    r.lockedUntil = lockedForMs > 0 ? now + lockedForMs : 0;
    this.records.set(key, r);
    return { lockedForMs };
  }

  /** Record a success: the client's failures are forgotten. */
  succeed(key: string): void {
    this.records.delete(key);
  }

  /** Number of clients tracked (tests, metrics). */
  size(): number {
    return this.records.size;
  }

  private current(key: string, now: number): FailureRecord | undefined {
    const r = this.records.get(key);
    if (!r) return undefined;
    // Forgetting starts only after any lock-out has run out, so a long lock is never cut short.
    if (now - Math.max(r.lastAt, r.lockedUntil) >= this.forgetAfterMs) {
      this.records.delete(key);
      return undefined;
    }
    return r;
  }
}

/** A failure throttle behind a promise: in memory (one instance) or in the shared database. */
export interface AsyncThrottle {
  check(key: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  fail(key: string): Promise<{ lockedForMs: number }>;
}

/** The in-memory throttle as an `AsyncThrottle` (SQLite: one instance sees every attempt). */
export function memoryThrottle(throttle: FailureThrottle): AsyncThrottle {
  return { check: async (key) => throttle.check(key), fail: async (key) => throttle.fail(key) };
}

/**
 * A throttle whose counts live in the database, so every instance behind a proxy counts the same
 * failures: each failure is one atomic read-modify-write of the key's record (no count is lost
 * when two instances fail one key at once). Records are forgotten by the same rules as in memory.
 */
export function sharedThrottle(records: RecordUpdater & { deleteOlderThan?(namespace: string, ageMs: number): Promise<number> }, namespace: string, opts: Omit<FailureThrottleOptions, 'maxKeys'>): AsyncThrottle {
  const clock = opts.clock;
  const freeAttempts = Math.max(0, opts.freeAttempts ?? 5);
  const baseLockMs = Math.max(1, opts.baseLockMs ?? 1_000);
  const maxLockMs = Math.max(baseLockMs, opts.maxLockMs ?? 15 * 60_000);
  const forgetAfterMs = Math.max(1, opts.forgetAfterMs ?? 60 * 60_000);
  let lastPrune = Number.NEGATIVE_INFINITY;
  const live = (r: FailureRecord | undefined, now: number) => (r && now - Math.max(r.lastAt, r.lockedUntil) < forgetAfterMs ? r : undefined);
  return {
    async check(key) {
      const now = clock.now();
      let r: FailureRecord | undefined;
      // Read through the updater (unchanged record) so the read sees the latest committed count.
      await records.updateRecord<FailureRecord>(namespace, key, (cur) => (r = live(cur, now)));
      if (r && r.lockedUntil > now) return { ok: false, retryAfterMs: r.lockedUntil - now };
      return { ok: true };
    },
    async fail(key) {
      const now = clock.now();
      // Records of keys that stopped failing are dropped at most hourly (in memory the key cap does it).
      if (records.deleteOlderThan && now - lastPrune > 3_600_000) {
        lastPrune = now;
        await records.deleteOlderThan(namespace, forgetAfterMs + maxLockMs);
      }
      let lockedForMs = 0;
      await records.updateRecord<FailureRecord>(namespace, key, (cur) => {
        const failures = (live(cur, now)?.failures ?? 0) + 1;
        const over = failures - freeAttempts;
        lockedForMs = over > 0 ? Math.min(maxLockMs, baseLockMs * 2 ** Math.min(over - 1, 40)) : 0;
        return { failures, lastAt: now, lockedUntil: lockedForMs > 0 ? now + lockedForMs : 0 };
      });
      return { lockedForMs };
    },
  };
}
