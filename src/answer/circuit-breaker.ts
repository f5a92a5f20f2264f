/**
 * A small circuit breaker: after `threshold` consecutive failures the endpoint is skipped for
 * `cooldownMs`, so a dead LLM does not cost every question a full timeout. After the cool-down one
 * trial request is let through; success closes the circuit, failure opens it again.
 */
import type { Clock } from '../core/ports.js';

/** Breaker states, as reported in logs. */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** Options of `CircuitBreaker`. */
export interface BreakerOptions {
  threshold: number;
  cooldownMs: number;
  clock: Clock;
}

/** Counts consecutive failures and opens for a cool-down. */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(private readonly opts: BreakerOptions) {}

  /** Current state, by the injected clock. */
  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.opts.clock.now() - this.openedAt >= this.opts.cooldownMs ? 'half_open' : 'open';
  }

  /** May a request go out now? In half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** Record a success: the circuit closes. */
  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** Record a failure: opens after `threshold` in a row (at once when a half-open trial fails). */
  failure(): void {
    this.failures++;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || this.failures >= this.opts.threshold) this.openedAt = this.opts.clock.now();
  }
}
