/**
 * The web channel's `Deliverer`. The dialog core has already stored the message (the web chat
 * reads it through `InsightsReader.messagesSince`), so delivering only wakes the open pages that
 * long-poll that conversation. The chat routes also call `notify` for the investor's own messages
 * and the bot's replies, so a second tab on the conversation sees them at once, not at the next poll.
 * With `signals` (several instances on PostgreSQL) the wake-up goes to every instance, so a staff
 * reply sent on one wakes the investor's long poll held open by another.
 */
import type { Deliverer, Signals } from '../../core/ports.js';
import type { ConversationRef, Outbound } from '../../core/types.js';
import { WaitHub } from './wait-hub.js';

/** Delivers staff replies and take-over notices to open web chats by waking their long polls. */
export class WebDeliverer implements Deliverer {
  readonly hub = new WaitHub();
  private readonly unsubscribe: (() => void) | undefined;

  constructor(private readonly signals?: Signals) {
    this.unsubscribe = signals?.subscribe('message', (conversationId) => this.hub.wake(conversationId));
  }

  /** Wake the pages waiting on this conversation (on every instance); the message itself is already stored. */
  async deliver(ref: ConversationRef, _message: Outbound): Promise<void> {
    await this.wake(ref.conversationId);
  }

  /** Wake the pages waiting on this conversation: a message the web chat itself stored (question, reply). */
  notify(conversationId: string): void {
    // A lost wake-up costs the other instances' pages one poll timeout; the message is stored.
    this.wake(conversationId).catch(() => {});
  }

  private async wake(conversationId: string): Promise<void> {
    if (this.signals) await this.signals.publish('message', conversationId);
    else this.hub.wake(conversationId);
  }

  /** Wait until something is delivered to `conversationId` or `timeoutMs` passes. */
  waitFor(conversationId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.hub.wait(conversationId, timeoutMs, signal);
  }

  /** End every waiting long poll (shutdown). */
  close(): void {
    this.unsubscribe?.();
    this.hub.closeAll();
  }
}
