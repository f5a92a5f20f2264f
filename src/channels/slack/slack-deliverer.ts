/**
 * Delivers messages to Slack conversations outside a request (e.g. a staff reply when a lead was
 * captured from a Slack DM). Conversation ids are the ones this adapter hands the core.
 */
import { CodedError } from '../../core/errors.js';
import type { Deliverer } from '../../core/ports.js';
import type { ConversationRef, Outbound } from '../../core/types.js';
import { renderOutbound } from './render/answer-blocks.js';
import type { SlackApi } from './slack-api.js';

/** Where a conversation id points: a DM/channel, a thread, or a slash-command asker in a channel. */
export function parseConversationId(id: string): { channel: string; threadTs?: string; ephemeralUser?: string } {
  const slash = /^([^:]+):slash:(.+)$/.exec(id);
  if (slash) return { channel: slash[1]!, ephemeralUser: slash[2]! };
  const thread = /^([^:]+):(\d+\.\d+)$/.exec(id);
  if (thread) return { channel: thread[1]!, threadTs: thread[2]! };
  return { channel: id };
}

/** The Slack `Deliverer`. */
export class SlackDeliverer implements Deliverer {
  constructor(private readonly api: SlackApi | undefined) {}

  /** Post `message` into the conversation `ref` names. */
  async deliver(ref: ConversationRef, message: Outbound): Promise<void> {
    if (!this.api) throw new CodedError('channel_failed', 'Slack is not configured');
    const target = parseConversationId(ref.conversationId);
    for (const msg of renderOutbound(message)) {
      if (target.ephemeralUser) {
        await this.api.ephemeral({ channel: target.channel, user: target.ephemeralUser, text: msg.text, blocks: msg.blocks });
      } else {
        await this.api.post({ channel: target.channel, text: msg.text, blocks: msg.blocks, ...(target.threadTs ? { threadTs: target.threadTs } : {}) });
      }
    }
  }
}
