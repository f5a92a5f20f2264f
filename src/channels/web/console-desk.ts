/**
 * The staff console as a `StaffDesk`: lead events and operational notices go into a short ring
 * buffer with sequence numbers; open consoles long-poll it and refresh their board on any event.
 */
import type { Clock, LeadEvent, StaffDesk, StaffMember } from '../../core/ports.js';
import { WaitHub } from './wait-hub.js';

/** One entry of the console's live feed. */
export type ConsoleFeedItem =
  | { seq: number; at: number; kind: 'lead'; event: LeadEvent['type']; leadId: string; text?: string; to?: StaffMember }
  | { seq: number; at: number; kind: 'notice'; text: string };

const FEED_KEY = 'feed';

/** A StaffDesk that keeps the last events for open consoles and wakes their long polls. */
export class ConsoleDesk implements StaffDesk {
  readonly name = 'console';
  private readonly hub = new WaitHub();
  private readonly feed: ConsoleFeedItem[] = [];
  private seq = 0;
  private readonly listeners = new Set<(event: LeadEvent) => void>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 200,
  ) {}

  /** Record a lead event for the consoles (and the metrics listeners). */
  async notify(event: LeadEvent): Promise<void> {
    // What the feed showed of an erased person goes: their messages are not kept here either.
    if (event.type === 'erased') this.forget(event.lead.id);
    const text =
      event.type === 'investor_message' || event.type === 'staff_reply'
        ? event.text
        : event.type === 'closed'
          ? event.outcome
          : event.type === 'assigned'
            ? `${event.by.name} 将线索「${event.lead.display?.title ?? event.lead.id}」指派给 ${event.to.name}`
            : undefined;
    // An assignment names its assignee, so their console can say the lead is now theirs.
    const to = event.type === 'assigned' ? { to: { id: event.to.id, name: event.to.name } } : {};
    this.push({ seq: ++this.seq, at: this.clock.now(), kind: 'lead', event: event.type, leadId: event.lead.id, ...(text !== undefined ? { text } : {}), ...to });
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A metrics listener must never make the core's outbox retry a delivered event.
      }
    }
  }

  /** Record an operational notice (e.g. "WeChat needs a re-login"). */
  async notice(text: string): Promise<void> {
    this.push({ seq: ++this.seq, at: this.clock.now(), kind: 'notice', text });
  }

  /** Feed items after `after`, oldest first. */
  since(after: number): { items: ConsoleFeedItem[]; last: number } {
    return { items: this.feed.filter((i) => i.seq > after), last: this.seq };
  }

  /** Wait until an item newer than `after` exists or `timeoutMs` passes. */
  async waitSince(after: number, timeoutMs: number, signal?: AbortSignal): Promise<{ items: ConsoleFeedItem[]; last: number }> {
    if (this.seq <= after) await this.hub.wait(FEED_KEY, timeoutMs, signal);
    return this.since(after);
  }

  /** Be told about every lead event (metrics). Returns an unsubscribe function. */
  subscribe(listener: (event: LeadEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** End every waiting long poll (shutdown). */
  close(): void {
    this.hub.closeAll();
  }

  /** Drop every feed item of a lead. */
  private forget(leadId: string): void {
    for (let i = this.feed.length - 1; i >= 0; i--) {
      const item = this.feed[i]!;
      if (item.kind === 'lead' && item.leadId === leadId) this.feed.splice(i, 1);
    }
  }

  private push(item: ConsoleFeedItem): void {
    this.feed.push(item);
    if (this.feed.length > this.capacity) this.feed.splice(0, this.feed.length - this.capacity);
    this.hub.wake(FEED_KEY);
  }
}
