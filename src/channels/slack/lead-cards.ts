/**
 * Where each lead's card lives (channel + ts), kept in the durable KeyValueStore so that after a
 * restart card updates and thread replies still find their lead.
 */
import type { KeyValueStore } from '../../core/ports.js';
import type { MessageRef } from './slack-api.js';

const BY_LEAD = 'slack.lead-cards';
const BY_MESSAGE = 'slack.card-leads';

/** The lead ↔ card mapping. */
export class LeadCards {
  constructor(private readonly kv: KeyValueStore) {}

  /** The card of a lead, if one was posted. */
  async get(leadId: string): Promise<MessageRef | undefined> {
    return this.kv.get<MessageRef>(BY_LEAD, leadId);
  }

  /** The lead whose card is the message (thread root) `ts` in `channel`. */
  async leadOf(channel: string, ts: string): Promise<string | undefined> {
    return this.kv.get<string>(BY_MESSAGE, `${channel}:${ts}`);
  }

  /** Remember a card; the reverse entry first, so a half-written pair never strands a thread. */
  async put(leadId: string, ref: MessageRef): Promise<void> {
    await this.kv.set(BY_MESSAGE, `${ref.channel}:${ref.ts}`, leadId);
    await this.kv.set(BY_LEAD, leadId, ref);
  }
}
