/**
 * Block Kit for leads: the card in the leads channel, the list for `/zixing leads`, the App
 * Home tab and the close modal. Buttons carry the lead id as their value.
 */
import type { types } from '@slack/bolt';
import type { LeadView, StaffMember } from '../../../core/ports.js';
import { channelLabel, CLOSE_OUTCOMES, closeOutcomeLabel, leadFieldRows, leadStatusLabel, leadTitle } from '../../../core/lead-labels.js';
import type { SlackMessage } from './answer-blocks.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';
import { ZH } from '../../../core/texts/zh.js';
import { bilingual } from '../texts.js';

type KnownBlock = types.KnownBlock;
type View = types.View;

/** Action ids of lead buttons. */
export const LEAD_ACTIONS = { claim: 'lead_claim', release: 'lead_release', close: 'lead_close' } as const;
/** Callback id of the close modal. */
export const CLOSE_MODAL = 'lead_close_modal';
/** How a staff member is shown: a Slack mention for Slack users, the name otherwise. */
export function staffLabel(m: StaffMember): string {
  if (m.slackUserId) return `<@${m.slackUserId}>`;
  return m.id.startsWith('slack:') ? `<@${m.id.slice('slack:'.length)}>` : escapeMrkdwn(m.name);
}

function statusLine(lead: LeadView): string {
  const state = leadStatusLabel(lead.status);
  if (lead.status === 'closed') {
    const closer = lead.closedBy && lead.closedBy.id !== lead.owner?.id ? ` · ${bilingual((t) => t.card.closedBy)}：${staffLabel(lead.closedBy)}` : '';
    return `✅ ${state}${lead.closedOutcome ? `：${escapeMrkdwn(closeOutcomeLabel(lead.closedOutcome))}` : ''}${lead.owner ? ` · ${staffLabel(lead.owner)}` : ''}${closer}`;
  }
  if (lead.status === 'claimed' && lead.owner) return `✋ ${state} · ${bilingual((t) => t.card.owner)}：${staffLabel(lead.owner)}`;
  if (lead.status === 'follow_up' && lead.owner) return `⏸ ${state} · ${bilingual((t) => t.card.owner)}：${staffLabel(lead.owner)}（${bilingual((t) => t.card.releasedNote)}）`;
  return lead.escalatedAt ? `🔥 ${state}（${bilingual((t) => t.card.escalated)}）` : `🆕 ${state}`;
}

function fieldBlocks(lead: LeadView): KnownBlock[] {
  // A section takes at most 10 fields.
  const fields = leadFieldRows(lead.fields)
    .slice(0, 10)
    .map((r) => ({ type: 'mrkdwn' as const, text: truncate(`*${escapeMrkdwn(r.label)}*\n${escapeMrkdwn(r.value)}`, 1900) }));
  return fields.length > 0 ? [{ type: 'section', fields }] : [];
}

/** The card's header: what state the lead is in, and whose it is. */
function headerText(lead: LeadView): string {
  const head = bilingual((t) => t.card.status[lead.status]);
  return `${head} · ${truncate(leadTitle(lead), 100)}`;
}

function recentBlock(lead: LeadView, count = 5): KnownBlock[] {
  const recent = lead.recent.slice(-count);
  if (recent.length === 0) return [];
  const who = ZH.slack.card.roles;
  const lines = recent.map((m) => `*${who[m.role]}*：${escapeMrkdwn(truncate(m.text.replace(/\s+/g, ' '), 280))}`);
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(lines.join('\n'), 2900) }] }];
}

/** The buttons a lead in this state offers. */
export function leadButtons(lead: LeadView): KnownBlock[] {
  if (lead.status === 'closed') return [];
  const button = (action: string, label: string, style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id: action,
    value: lead.id,
    text: { type: 'plain_text' as const, text: label, emoji: true },
    ...(style ? { style } : {}),
  });
  const elements =
    lead.status === 'new' || lead.status === 'follow_up'
      ? [button(LEAD_ACTIONS.claim, lead.status === 'new' ? `✋ ${bilingual((t) => t.card.claim)}` : `✋ ${bilingual((t) => t.card.claimAgain)}`, 'primary'), button(LEAD_ACTIONS.close, bilingual((t) => t.card.close))]
      : [button(LEAD_ACTIONS.release, `↩ ${bilingual((t) => t.card.release)}`), button(LEAD_ACTIONS.close, bilingual((t) => t.card.close), 'danger')];
  return [{ type: 'actions', block_id: truncate(`lead:${lead.id}`, 255), elements }];
}

/** The card posted to the leads channel and updated as the lead changes. */
export function leadCard(lead: LeadView): SlackMessage {
  const header = headerText(lead);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(header, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${statusLine(lead)}\n${bilingual((t) => t.card.channel)}：${channelLabel(lead.conversation.channel, lead.conversation.conversationId)} · ${bilingual((t) => t.card.lead)} \`${escapeMrkdwn(lead.id)}\`` } },
    ...fieldBlocks(lead),
    ...recentBlock(lead),
  ];
  if (lead.linkedLeadIds.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`${bilingual((t) => t.card.linked)}：${lead.linkedLeadIds.map((id) => `\`${escapeMrkdwn(id)}\``).join(', ')}`, 2900) }] });
  }
  if (lead.status !== 'closed') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: bilingual((t) => t.card.replyHint) }] });
  }
  blocks.push(...leadButtons(lead));
  const text = `${header}${lead.owner ? ` (${lead.owner.name})` : ''}`;
  return { text, blocks };
}

/** A compact list of leads (for `/zixing leads` and the App Home). */
export function leadListBlocks(leads: LeadView[], emptyText: string, withButtons = false): KnownBlock[] {
  if (leads.length === 0) return [{ type: 'section', text: { type: 'mrkdwn', text: emptyText } }];
  const blocks: KnownBlock[] = [];
  // 3 blocks per lead at most; stay under the 50/100-block limits with a margin.
  for (const lead of leads.slice(0, 15)) {
    const title = escapeMrkdwn(truncate(leadTitle(lead), 80));
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*${title}* · \`${escapeMrkdwn(lead.id)}\`\n${statusLine(lead)} · ${lead.conversation.channel}`, 2900) } });
    if (withButtons) blocks.push(...leadButtons(lead));
    blocks.push({ type: 'divider' });
  }
  if (leads.length > 15) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: bilingual((t) => t.card.more(leads.length - 15)) }] });
  return blocks;
}

/** The App Home tab: the viewer's claimed and follow-up (待跟进) leads. */
export function homeView(claimed: LeadView[]): View {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: bilingual((t) => t.card.homeTitle), emoji: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: bilingual((t) => t.card.homeHint) }] },
      { type: 'divider' },
      ...leadListBlocks(claimed, bilingual((t) => t.card.homeEmpty), true),
    ],
  };
}

/** The modal asking for a close outcome; the lead id travels in private_metadata. */
export function closeModal(leadId: string, meta: Record<string, string> = {}): View {
  return {
    type: 'modal',
    callback_id: CLOSE_MODAL,
    private_metadata: JSON.stringify({ leadId, ...meta }),
    title: { type: 'plain_text', text: bilingual((t) => t.card.modalTitle) },
    submit: { type: 'plain_text', text: bilingual((t) => t.card.close) },
    close: { type: 'plain_text', text: bilingual((t) => t.card.cancel) },
    blocks: [
      {
        type: 'input',
        block_id: 'outcome',
        label: { type: 'plain_text', text: bilingual((t) => t.card.outcome) },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: CLOSE_OUTCOMES.map((o) => ({ value: o.value, text: { type: 'plain_text' as const, text: `${o.zh} ${o.en}` } })),
        },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: bilingual((t) => t.card.note) },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
