/**
 * A fixed-window counter per key (client IP): throttles failed console logins and bursts of chat
 * messages from one address. In memory: one instance per server process is what we run.
 */
import type { Clock } from '../core/ports.js';

/** Counts hits per key inside a window and says when a key is over its limit. */
export class Throttle {
  private readonly hits = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** True when `key` has reached the limit in the current window (does not count a hit). */
  blocked(key: string): boolean {
    const e = this.entry(key);
    return e !== undefined && e.count >= this.limit;
  }

  /** Count one hit; returns true when the key is now over the limit. */
  hit(key: string): boolean {
    const now = this.clock.now();
    let e = this.entry(key);
    if (!e) {
      e = { start: now, count: 0 };
      this.hits.set(key, e);
    }
    e.count++;
    if (this.hits.size > 10_000) this.prune();
    return e.count > this.limit;
  }

  /** Forget a key (e.g. after a successful login). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  private entry(key: string): { start: number; count: number } | undefined {
    const e = this.hits.get(key);
    if (e && this.clock.now() - e.start >= this.windowMs) {
      this.hits.delete(key);
      return undefined;
    }
    return e;
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [k, e] of this.hits) if (now - e.start >= this.windowMs) this.hits.delete(k);
  }
}
