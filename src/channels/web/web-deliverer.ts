/**
 * The web channel's `Deliverer`. The dialog core has already stored the message (the web chat
 * reads it through `InsightsReader.messagesSince`), so delivering only wakes the open pages that
 * long-poll that conversation. The chat routes also call `notify` for the investor's own messages
 * and the bot's replies, so a second tab on the conversation sees them at once, not at the next poll.
 */
import type { Deliverer } from '../../core/ports.js';
import type { ConversationRef, Outbound } from '../../core/types.js';
import { WaitHub } from './wait-hub.js';

/** Delivers staff replies and take-over notices to open web chats by waking their long polls. */
export class WebDeliverer implements Deliverer {
  readonly hub = new WaitHub();

  /** Wake the pages waiting on this conversation; the message itself is already stored. */
  async deliver(ref: ConversationRef, _message: Outbound): Promise<void> {
    this.hub.wake(ref.conversationId);
  }

  /** Wake the pages waiting on this conversation: a message the web chat itself stored (question, reply). */
  notify(conversationId: string): void {
    this.hub.wake(conversationId);
  }

  /** Wait until something is delivered to `conversationId` or `timeoutMs` passes. */
  waitFor(conversationId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.hub.wait(conversationId, timeoutMs, signal);
  }

  /** End every waiting long poll (shutdown). */
  close(): void {
    this.hub.closeAll();
  }
}
