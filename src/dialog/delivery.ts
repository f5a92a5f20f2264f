/** Routes messages sent outside a request/response cycle to the channel that owns the conversation. */
import { CodedError } from '../core/errors.js';
import type { Deliverer } from '../core/ports.js';
import type { ChannelName, ConversationRef, Outbound } from '../core/types.js';

/** One deliverer per channel; adapters register theirs at start. */
export class DeliveryRouter {
  private readonly deliverers = new Map<ChannelName, Deliverer>();

  /** Register (or replace) the deliverer of a channel. */
  register(channel: ChannelName, d: Deliverer): void {
    this.deliverers.set(channel, d);
  }

  /** True when the channel can be delivered to. */
  has(channel: ChannelName): boolean {
    return this.deliverers.has(channel);
  }

  /** Deliver to the conversation's channel; throws CodedError('channel_failed') when it has no deliverer or delivery fails. */
  async deliver(ref: ConversationRef, outbound: Outbound): Promise<void> {
    const d = this.deliverers.get(ref.channel);
    if (!d) throw new CodedError('channel_failed', `no deliverer registered for channel ${ref.channel}`);
    try {
      await d.deliver(ref, outbound);
    } catch (err) {
      if (err instanceof CodedError) throw err;
      throw new CodedError('channel_failed', `delivery on ${ref.channel} failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
  }
}
