/**
 * The Slack staff desk: a card per lead in the leads channel, kept current with chat.update,
 * whose thread carries the conversation with the investor. `notify` throws when Slack keeps
 * failing, so the caller's durable outbox re-sends and no card is lost.
 */
import type { Config } from '../../config.js';
import { CodedError } from '../../core/errors.js';
import type { LeadEvent, LeadView, Logger, StaffDesk } from '../../core/ports.js';
import { closeOutcomeLabel } from '../../core/lead-labels.js';
import type { LeadCards } from './lead-cards.js';
import { leadCard, staffLabel } from './render/lead-card.js';
import { escapeMrkdwn, truncate } from './render/mrkdwn.js';
import type { MessageRef, SlackApi } from './slack-api.js';
import { bilingual } from './texts.js';

/** Posts and updates lead cards; implements `StaffDesk`. */
export class SlackDesk implements StaffDesk {
  readonly name = 'slack';

  constructor(
    private readonly config: Config,
    private readonly api: SlackApi | undefined,
    private readonly cards: LeadCards,
    private readonly logger: Logger,
  ) {}

  /** Tell the leads channel about a lead event; throws a coded error when Slack fails. */
  async notify(event: LeadEvent): Promise<void> {
    const channel = this.config.SLACK_LEADS_CHANNEL;
    if (!this.api || !channel) {
      // Nothing to deliver to; throwing would make the outbox retry forever.
      this.logger.debug('slack desk inactive, lead event dropped', { type: event.type, leadId: event.lead.id });
      return;
    }
    const api = this.api;
    try {
      switch (event.type) {
        case 'created':
          await this.showCard(event.lead);
          return;
        case 'claimed': {
          const card = await this.showCard(event.lead);
          await api.post({ channel: card.channel, threadTs: card.ts, text: `✋ ${staffLabel(event.by)} ${bilingual((t) => t.card.claimedPost)}` });
          return;
        }
        case 'assigned': {
          // The card shows the new owner as a claim does; the thread says who handed it to whom.
          const card = await this.showCard(event.lead);
          const live = event.lead.status === 'claimed';
          await api.post({
            channel: card.channel,
            threadTs: card.ts,
            text: `👉 ${staffLabel(event.by)} ${bilingual((t) => t.card.assignedPost(staffLabel(event.to), live))}`,
          });
          return;
        }
        case 'released': {
          const card = await this.showCard(event.lead);
          await api.post({
            channel: card.channel,
            threadTs: card.ts,
            text: `↩ ${staffLabel(event.by)} ${bilingual((t) => t.card.releasedPost)}`,
          });
          return;
        }
        case 'closed': {
          const card = await this.showCard(event.lead);
          await api.post({ channel: card.channel, threadTs: card.ts, text: `✅ ${staffLabel(event.by)} ${bilingual((t) => t.card.closedPost)}：${escapeMrkdwn(closeOutcomeLabel(event.outcome))}` });
          return;
        }
        case 'escalated': {
          const card = await this.showCard(event.lead);
          const minutes = Math.max(1, Math.round(this.config.LEAD_ESCALATE_MINUTES));
          await api.post({
            channel: card.channel,
            threadTs: card.ts,
            broadcast: true,
            text: `${this.config.SLACK_ESCALATION_MENTION} 🔥 ${bilingual((t) => t.card.unclaimed(`\`${escapeMrkdwn(event.lead.id)}\``, minutes))}`,
          });
          return;
        }
        case 'investor_message': {
          const card = await this.cardFor(event.lead);
          await api.post({ channel: card.channel, threadTs: card.ts, text: truncate(`💬 ${bilingual((t) => t.card.investor)}：${escapeMrkdwn(event.text)}`, 3900) });
          return;
        }
        case 'staff_reply': {
          // A reply typed in this thread is already visible here; only echo replies from other desks.
          if (event.by.id.startsWith('slack:') || event.by.slackUserId) return;
          const card = await this.cardFor(event.lead);
          await api.post({ channel: card.channel, threadTs: card.ts, text: truncate(`🧑‍💼 ${escapeMrkdwn(event.by.name)}：${escapeMrkdwn(event.text)}`, 3900) });
          return;
        }
        case 'erased': {
          // Overwrite the card that showed the contact details; nothing new is posted.
          const card = await this.cards.get(event.lead.id);
          if (card) await api.update(card, leadCard(event.lead));
          return;
        }
        default: {
          const unknown: never = event;
          this.logger.warn('slack desk: unknown lead event', { event: unknown as unknown as Record<string, unknown> });
        }
      }
    } catch (err) {
      const coded = err instanceof CodedError ? err : new CodedError('channel_failed', `Slack desk failed on ${event.type}`, { cause: err });
      this.logger.warn('slack desk notify failed', { type: event.type, leadId: event.lead.id, err: coded });
      throw coded;
    }
  }

  /** Post an operational notice to the leads channel. */
  async notice(text: string): Promise<void> {
    const channel = this.config.SLACK_LEADS_CHANNEL;
    if (!this.api || !channel) {
      this.logger.debug('slack desk inactive, notice dropped');
      return;
    }
    await this.api.post({ channel, text: truncate(`⚙️ ${escapeMrkdwn(text)}`, 3900) });
  }

  /**
   * Post the card, or update it when it exists (an outbox re-send must not post a duplicate).
   * Private: lead events are the one path that redraws a card, so each change costs one call.
   */
  private async showCard(lead: LeadView): Promise<MessageRef> {
    const api = this.requireApi();
    const card = leadCard(lead);
    const existing = await this.cards.get(lead.id);
    if (existing) {
      await api.update(existing, card);
      return existing;
    }
    const channel = this.config.SLACK_LEADS_CHANNEL;
    if (!channel) throw new CodedError('channel_failed', 'SLACK_LEADS_CHANNEL is not set');
    const ref = await api.post({ channel, text: card.text, blocks: card.blocks });
    await this.cards.put(lead.id, ref);
    return ref;
  }

  /** The existing card, or a fresh one for leads created before Slack was connected. */
  private async cardFor(lead: LeadView): Promise<MessageRef> {
    return (await this.cards.get(lead.id)) ?? this.showCard(lead);
  }

  private requireApi(): SlackApi {
    if (!this.api) throw new CodedError('channel_failed', 'Slack is not configured');
    return this.api;
  }
}
