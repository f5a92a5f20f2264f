/**
 * Delivers lead events to every staff desk through the store's outbox: the event is written
 * first, then each desk is called; a desk that throws is retried with exponential backoff on a
 * later flush, so a Slack outage delays notifications but loses none, and keeps their order.
 */
import type { Clock, LeadEvent, Logger, StaffDesk } from '../core/ports.js';
import type { Outbox } from '../store/types.js';

/** Retry backoff of failed desk notifications. */
export interface DispatcherOptions {
  /** First retry delay. */
  baseDelayMs?: number;
  /** Longest retry delay. */
  maxDelayMs?: number;
  /**
   * Runs a drain only when no other instance drains (PostgreSQL's advisory lock): one drainer at a
   * time keeps each desk's events in order and each row delivered once. A drain skipped because
   * another instance holds the lock is tried again shortly (that instance may have read the
   * outbox before this one wrote its rows). Default: drain here, as one instance always may.
   */
  exclusive?: (name: string, fn: () => Promise<void>) => Promise<boolean>;
  /** How soon a skipped drain is tried again (default 1 s). */
  retrySkippedMs?: number;
}

/** Fans lead events out to desks via the outbox. */
export class DeskDispatcher {
  private chain: Promise<void> = Promise.resolve();
  private readonly desks: Map<string, StaffDesk>;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly exclusive: ((name: string, fn: () => Promise<void>) => Promise<boolean>) | undefined;
  private readonly retrySkippedMs: number;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly outbox: Outbox,
    desks: StaffDesk[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    opts: DispatcherOptions = {},
  ) {
    this.desks = new Map(desks.map((d) => [d.name, d]));
    this.baseDelayMs = opts.baseDelayMs ?? 5_000;
    this.maxDelayMs = opts.maxDelayMs ?? 10 * 60_000;
    this.exclusive = opts.exclusive;
    this.retrySkippedMs = opts.retrySkippedMs ?? 1_000;
  }

  /** Names of the configured desks: one outbox row each per event. */
  get deskNames(): string[] {
    return [...this.desks.keys()];
  }

  /** Write the event for every desk, then start delivering it (not awaited: see `flush`). */
  async publish(event: LeadEvent): Promise<void> {
    if (this.desks.size === 0) return;
    await this.outbox.enqueue(event, this.deskNames);
    this.kick();
  }

  /** Start delivering what the outbox holds (after a composite store write queued rows); not awaited. */
  kick(): void {
    if (this.desks.size === 0) return;
    // Written to the outbox already: a failure here is retried on the next flush, never lost.
    this.flush().catch((err: unknown) => this.logger.error('desk dispatch failed', { error: err instanceof Error ? err.message : String(err) }));
  }

  /** Deliver everything due; calls are serialised so one row is never sent twice at once. */
  flush(): Promise<void> {
    this.chain = this.chain.then(
      () => this.drain(),
      () => this.drain(),
    );
    return this.chain;
  }

  /** Stop a pending retry of a skipped drain (shutdown). */
  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async drain(): Promise<void> {
    if (!this.exclusive) return this.deliverDue();
    if (await this.exclusive('outbox', () => this.deliverDue())) return;
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, this.retrySkippedMs);
    this.retryTimer.unref?.();
  }

  private async deliverDue(): Promise<void> {
    const now = this.clock.now();
    // Each desk gets its events in order: a failed row holds back the later rows of its desk.
    const blocked = new Set<string>();
    for (const item of await this.outbox.outboxItems({ pendingOnly: true })) {
      const desk = this.desks.get(item.desk);
      // Rows of a desk no longer configured stay in the outbox untouched (it may come back).
      if (!desk || blocked.has(item.desk)) continue;
      if (item.nextAttemptAt > now) {
        blocked.add(item.desk);
        continue;
      }
      try {
        await desk.notify(item.event);
        await this.outbox.markDelivered(item.id);
      } catch (err) {
        blocked.add(item.desk);
        const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(item.attempts, 20));
        const message = err instanceof Error ? err.message : String(err);
        await this.outbox.markFailed(item.id, message, this.clock.now() + delay);
        this.logger.warn('desk notify failed; will retry', { desk: item.desk, event: item.event.type, leadId: item.leadId, attempts: item.attempts + 1, retryInMs: delay, error: message });
      }
    }
  }
}
