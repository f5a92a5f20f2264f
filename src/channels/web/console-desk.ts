/**
 * The staff console as a `StaffDesk`: lead events and operational notices go into a short ring
 * buffer with sequence numbers; open consoles long-poll it and refresh their board on any event.
 * With `signals` (several instances) each item is also sent to the other instances, whose feeds
 * take it in: a lead event is delivered to one instance's desk by the outbox, and every console
 * sees it whichever instance its long poll reaches. Sequence numbers are then taken from the clock
 * (ms × 1000, rising), so `after` means the same on every instance.
 */
import type { Clock, LeadEvent, Signals, StaffDesk, StaffMember } from '../../core/ports.js';
import { ZH } from '../../core/texts/zh.js';
import { WaitHub } from './wait-hub.js';

/** One entry of the console's live feed. */
export type ConsoleFeedItem =
  | { seq: number; at: number; kind: 'lead'; event: LeadEvent['type']; leadId: string; text?: string; to?: StaffMember }
  | { seq: number; at: number; kind: 'notice'; text: string };

const FEED_KEY = 'feed';
/** Longest text of a feed item sent to other instances (a signal's payload is small). */
const SIGNAL_TEXT_CHARS = 500;

/** A StaffDesk that keeps the last events for open consoles and wakes their long polls. */
export class ConsoleDesk implements StaffDesk {
  readonly name = 'console';
  private readonly hub = new WaitHub();
  private readonly feed: ConsoleFeedItem[] = [];
  private seq = 0;
  private readonly listeners = new Set<(event: LeadEvent) => void>();
  private readonly unsubscribe: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 200,
    private readonly signals?: Signals,
  ) {
    this.unsubscribe = signals?.subscribe('feed', (payload, local) => {
      if (!local) this.takeRemote(payload);
    });
  }

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
            ? ZH.leadDesk.assign.feed(event.by.name, event.lead.display?.title ?? event.lead.id, event.to.name)
            : undefined;
    // An assignment names its assignee, so their console can say the lead is now theirs.
    const to = event.type === 'assigned' ? { to: { id: event.to.id, name: event.to.name } } : {};
    this.push({ seq: this.nextSeq(), at: this.clock.now(), kind: 'lead', event: event.type, leadId: event.lead.id, ...(text !== undefined ? { text } : {}), ...to });
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
    this.push({ seq: this.nextSeq(), at: this.clock.now(), kind: 'notice', text });
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
    this.unsubscribe?.();
    this.hub.closeAll();
  }

  /** Drop every feed item of a lead. */
  private forget(leadId: string): void {
    for (let i = this.feed.length - 1; i >= 0; i--) {
      const item = this.feed[i]!;
      if (item.kind === 'lead' && item.leadId === leadId) this.feed.splice(i, 1);
    }
  }

  /** The next sequence number: counting from 1 alone, from the clock when instances share the feed. */
  private nextSeq(): number {
    this.seq = this.signals ? Math.max(this.seq + 1, this.clock.now() * 1000) : this.seq + 1;
    return this.seq;
  }

  private push(item: ConsoleFeedItem): void {
    this.insert(item);
    if (this.signals) {
      const shared = 'text' in item && item.text !== undefined ? { ...item, text: item.text.slice(0, SIGNAL_TEXT_CHARS) } : item;
      // A feed item that does not reach another instance is a missed refresh there, nothing stored.
      this.signals.publish('feed', JSON.stringify(shared)).catch(() => {});
    }
  }

  /** Keep the feed in sequence order (another instance's item may arrive late) and wake the long polls. */
  private insert(item: ConsoleFeedItem): void {
    let i = this.feed.length;
    while (i > 0 && this.feed[i - 1]!.seq > item.seq) i--;
    this.feed.splice(i, 0, item);
    if (this.feed.length > this.capacity) this.feed.splice(0, this.feed.length - this.capacity);
    this.seq = Math.max(this.seq, item.seq);
    this.hub.wake(FEED_KEY);
  }

  /** Another instance's feed item. */
  private takeRemote(payload: string): void {
    let item: ConsoleFeedItem;
    try {
      item = JSON.parse(payload) as ConsoleFeedItem;
    } catch {
      return;
    }
    if (typeof item?.seq !== 'number' || (item.kind !== 'lead' && item.kind !== 'notice')) return;
    if (item.kind === 'lead' && item.event === 'erased') this.forget(item.leadId);
    this.insert(item);
  }
}
