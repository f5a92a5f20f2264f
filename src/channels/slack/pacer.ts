/**
 * Per-channel pacing: Slack allows about one message per second per channel, so posts to one
 * channel run one after another with a minimum gap, while different channels proceed in parallel.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../core/ports.js';

/** Waits `ms` milliseconds (injected so tests do not sleep). */
export type Sleep = (ms: number) => Promise<void>;

/** The real timer-based sleep. */
export const realSleep: Sleep = (ms) => delay(ms);

/** Runs tasks per key in order, at least `minGapMs` apart (measured from each task's start). */
export class Pacer {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly lastStart = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
    private readonly minGapMs = 1000,
  ) {}

  /** Run `task` after the earlier tasks of `key` and the pacing gap; resolves with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev
      .catch(() => undefined)
      .then(async () => {
        const last = this.lastStart.get(key);
        if (last !== undefined) {
          const wait = last + this.minGapMs - this.clock.now();
          if (wait > 0) await this.sleep(wait);
        }
        this.lastStart.set(key, this.clock.now());
        if (this.lastStart.size > 1000) this.forgetIdle();
        return task();
      });
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget idle keys so the maps stay as small as the set of busy channels.
    void tail.then(() => {
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
        const last = this.lastStart.get(key);
        if (last !== undefined && this.clock.now() - last >= this.minGapMs) this.lastStart.delete(key);
      }
    });
    return result;
  }

  /** Drop start times old enough to no longer delay anything. */
  private forgetIdle(): void {
    const now = this.clock.now();
    for (const [k, t] of this.lastStart) if (now - t >= this.minGapMs && !this.tails.has(k)) this.lastStart.delete(k);
  }
}
