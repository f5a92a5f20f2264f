/**
 * Token-bucket rate limiting: one bucket per key (a user on a channel) refilled per minute, and
 * one global bucket refilled per second that protects the process as a whole. Memory is bounded:
 * buckets that have refilled completely are forgotten (they equal a fresh one), and the number
 * of tracked keys is capped.
 */
import { CodedError } from '../core/errors.js';
import type { Clock } from '../core/ports.js';

/** The outcome of one `take`. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; scope: 'user' | 'global' };

/** Settings of a `RateLimiter`. */
export interface RateLimiterOptions {
  /** Messages per key per minute (bucket size and refill per minute). */
  perKeyPerMinute: number;
  /** Messages per second across all keys (bucket size and refill per second). */
  globalPerSecond: number;
  clock: Clock;
  /** Most keys tracked at once; the least recently used are dropped beyond it (default 100 000). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per key plus one global bucket. Over any window of `w` ms a key gets at most
 * `perKeyPerMinute * (1 + w / 60 000)` messages, and all keys together at most
 * `globalPerSecond * (1 + w / 1 000)`.
 */
export class RateLimiter {
  private readonly keys = new Map<string, Bucket>();
  private readonly global: Bucket;
  private readonly keyCap: number;
  private readonly keyRate: number; // tokens per ms
  private readonly globalCap: number;
  private readonly globalRate: number;
  private readonly maxKeys: number;
  private readonly clock: Clock;
  private takesSinceSweep = 0;

  constructor(opts: RateLimiterOptions) {
    this.keyCap = positive(opts.perKeyPerMinute, 'perKeyPerMinute');
    this.globalCap = positive(opts.globalPerSecond, 'globalPerSecond');
    this.keyRate = this.keyCap / 60_000;
    this.globalRate = this.globalCap / 1_000;
    this.maxKeys = Math.max(1, Math.floor(opts.maxKeys ?? 100_000));
    this.clock = opts.clock;
    this.global = { tokens: this.globalCap, at: opts.clock.now() };
  }

  /** Try to spend one message for `key`; on refusal says which limit and when to retry. */
  take(key: string): RateDecision {
    const now = this.clock.now();
    this.maybeSweep(now);
    refill(this.global, now, this.globalCap, this.globalRate);
    const existing = this.keys.get(key);
    if (existing) this.keys.delete(key);
    else this.makeRoom();
    const bucket = existing ?? { tokens: this.keyCap, at: now };
    refill(bucket, now, this.keyCap, this.keyRate);
    // (Re-)inserted last, so the map's first entries are the least recently used.
    this.keys.set(key, bucket);
    // The user's own limit is reported first: it is the one they can do something about.
    if (bucket.tokens < 1) return { ok: false, scope: 'user', retryAfterMs: waitMs(bucket.tokens, this.keyRate) };
    if (this.global.tokens < 1) return { ok: false, scope: 'global', retryAfterMs: waitMs(this.global.tokens, this.globalRate) };
    bucket.tokens -= 1;
    this.global.tokens -= 1;
    return { ok: true };
  }

  /** Number of keys currently tracked (for tests and metrics). */
  size(): number {
    return this.keys.size;
  }

  /** Forget buckets that have refilled completely: they behave exactly like absent ones. */
  sweep(now = this.clock.now()): void {
    for (const [k, b] of this.keys) {
      if (b.tokens + Math.max(0, now - b.at) * this.keyRate >= this.keyCap) this.keys.delete(k);
    }
    this.takesSinceSweep = 0;
  }

  private maybeSweep(now: number): void {
    // Amortised: a full scan every 1 000 takes keeps the per-call cost constant.
    if (++this.takesSinceSweep >= 1_000) this.sweep(now);
  }

  /** Make space for one new key within `maxKeys`. */
  private makeRoom(): void {
    // Drop the least recently used: usually idle already, and O(1) unlike a sweep. An active key
    // dropped here restarts with a full bucket; the global bucket still bounds a flood of fresh keys.
    for (const k of this.keys.keys()) {
      if (this.keys.size < this.maxKeys) break;
      this.keys.delete(k);
    }
  }
}

function refill(b: Bucket, now: number, cap: number, rate: number): void {
  // A clock that steps back must not mint tokens or make elapsed time negative.
  if (now > b.at) {
    b.tokens = Math.min(cap, b.tokens + (now - b.at) * rate);
    b.at = now;
  }
}

function waitMs(tokens: number, rate: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / rate));
}

function positive(n: number, name: string): number {
  if (!Number.isFinite(n) || n <= 0) throw new CodedError('internal', `RateLimiter: ${name} must be a positive number`);
  return n;
}
