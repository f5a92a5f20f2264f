/**
 * A small circuit breaker and a timeout helper for clients with a network behind them (the LLM
 * and embeddings endpoints): when a provider keeps failing, stop waiting on it for a cool-down
 * and fail fast, so the caller can fall back (e.g. to extractive answers) at once.
 */
import { CodedError, type ErrorCode } from '../core/errors.js';
import type { Clock } from '../core/ports.js';

/** Where a breaker is: passing calls, refusing them, or letting one trial call through. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Settings of a `CircuitBreaker`. */
export interface CircuitBreakerOptions {
  clock: Clock;
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call is let through (default 30 s). */
  coolDownMs?: number;
  /** Code of the error thrown while open (default 'internal'; e.g. 'llm_failed'). */
  code?: ErrorCode;
  /** Name used in error messages. */
  name?: string;
  /** Which errors count as failures (default: all). E.g. ignore a 400 caused by the request itself. */
  isFailure?: (err: unknown) => boolean;
  /** Told about every state change (logging, metrics). */
  onStateChange?: (from: CircuitState, to: CircuitState) => void;
}

/** Closed → (N consecutive failures) → open → (cool-down) → half-open → (success) closed / (failure) open. */
export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly clock: Clock;
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly code: ErrorCode;
  private readonly name: string;
  private readonly isFailure: (err: unknown) => boolean;
  private readonly onStateChange?: (from: CircuitState, to: CircuitState) => void;

  constructor(opts: CircuitBreakerOptions) {
    this.clock = opts.clock;
    this.threshold = Math.max(1, Math.floor(opts.failureThreshold ?? 5));
    this.coolDownMs = Math.max(0, opts.coolDownMs ?? 30_000);
    this.code = opts.code ?? 'internal';
    this.name = opts.name ?? 'circuit';
    this.isFailure = opts.isFailure ?? (() => true);
    this.onStateChange = opts.onStateChange;
  }

  /** Current state; an open circuit whose cool-down has passed reports 'half-open'. */
  get state(): CircuitState {
    if (this.stateValue === 'open' && this.clock.now() - this.openedAt >= this.coolDownMs) this.transition('half-open');
    return this.stateValue;
  }

  /** Run `fn` through the breaker; rejects at once with a CodedError while the circuit is open. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CodedError(this.code, `${this.name}: circuit open after ${this.failures} consecutive failures`);
    }
    const trial = state === 'half-open';
    if (trial) this.trialInFlight = true;
    try {
      const value = await fn();
      this.onSuccess();
      return value;
    } catch (err) {
      if (this.isFailure(err)) this.onFailure();
      else this.onSuccess(); // the provider answered; the request itself was the problem
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  /** Consecutive failures counted so far. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  private onSuccess(): void {
    this.failures = 0;
    if (this.stateValue !== 'closed') this.transition('closed');
  }

  private onFailure(): void {
    this.failures += 1;
    if (this.stateValue === 'half-open' || this.failures >= this.threshold) {
      this.openedAt = this.clock.now();
      if (this.stateValue !== 'open') this.transition('open');
    }
  }

  private transition(to: CircuitState): void {
    const from = this.stateValue;
    this.stateValue = to;
    try {
      this.onStateChange?.(from, to);
    } catch {
      // An observer's failure must not change the breaker's behaviour.
    }
  }
}

/**
 * Reject with `CodedError(code)` when `promise` has not settled within `ms`; `onTimeout` can
 * abort the underlying work (e.g. an AbortController). The timer never keeps the process alive.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, code: ErrorCode, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      try {
        onTimeout?.();
      } catch {
        // Aborting is best effort; the caller still gets the timeout error.
      }
      reject(new CodedError(code, `timed out after ${ms} ms`));
    }, Math.max(0, ms));
    timer.unref?.();
    promise.then(
      (v) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
