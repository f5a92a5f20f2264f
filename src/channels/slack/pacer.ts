/**
 * Per-channel pacing: Slack allows about one message per second per channel, so posts to one
 * channel run one after another with a minimum gap, while different channels proceed in parallel.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import { KeyedLock } from '../../core/keyed-lock.js';
import type { Clock } from '../../core/ports.js';

/** Waits `ms` milliseconds (injected so tests do not sleep). */
export type Sleep = (ms: number) => Promise<void>;

/** The real timer-based sleep. */
export const realSleep: Sleep = (ms) => delay(ms);

/** Runs tasks per key in order, at least `minGapMs` apart (measured from each task's start). */
export class Pacer {
  private readonly lock = new KeyedLock();
  /** When each key's last task started; an entry older than the gap can delay nothing, so it expires. */
  private readonly lastStart: LRUCache<string, number>;

  constructor(
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
    private readonly minGapMs = 1000,
  ) {
    // ttlResolution 0: read the injected clock on every check, so a test clock is never stale.
    this.lastStart = new LRUCache({ max: 10_000, ttl: Math.max(1, minGapMs), ttlResolution: 0, perf: clock });
  }

  /** Run `task` after the earlier tasks of `key` and the pacing gap; resolves with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.lock.run(key, async () => {
      const last = this.lastStart.get(key);
      if (last !== undefined) {
        const wait = last + this.minGapMs - this.clock.now();
        if (wait > 0) await this.sleep(wait);
      }
      this.lastStart.set(key, this.clock.now());
      return task();
    });
  }
}
