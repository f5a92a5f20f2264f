/**
 * Block Kit for leads: the card in the leads channel, the list for `/zixing leads`, the App
 * Home tab and the close modal. Buttons carry the lead id as their value.
 */
import type { types } from '@slack/bolt';
import type { LeadView, StaffMember } from '../../../core/ports.js';
import { channelLabel, CLOSE_OUTCOMES, closeOutcomeLabel, leadFieldRows, leadStatusLabel, leadTitle } from '../../../core/lead-labels.js';
import type { SlackMessage } from './answer-blocks.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

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
    const closer = lead.closedBy && lead.closedBy.id !== lead.owner?.id ? ` · 结案人 Closed by：${staffLabel(lead.closedBy)}` : '';
    return `✅ ${state}${lead.closedOutcome ? `：${escapeMrkdwn(closeOutcomeLabel(lead.closedOutcome))}` : ''}${lead.owner ? ` · ${staffLabel(lead.owner)}` : ''}${closer}`;
  }
  if (lead.status === 'claimed' && lead.owner) return `✋ ${state} · 跟进人 Owner：${staffLabel(lead.owner)}`;
  if (lead.status === 'follow_up' && lead.owner) return `⏸ ${state} · 跟进人 Owner：${staffLabel(lead.owner)}（机器人答复中，跟进人或主管可认领 the bot answers meanwhile; the owner or a supervisor may claim it）`;
  return lead.escalatedAt ? `🔥 ${state}（已升级 escalated）` : `🆕 ${state}`;
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
  const head = { new: '新线索 New lead', claimed: '跟进中 In progress', follow_up: '待跟进 Follow-up', closed: '已结案 Closed' }[lead.status];
  return `${head} · ${truncate(leadTitle(lead), 100)}`;
}

function recentBlock(lead: LeadView, count = 5): KnownBlock[] {
  const recent = lead.recent.slice(-count);
  if (recent.length === 0) return [];
  const who = { user: '投资人', assistant: '助手', staff: '专员' } as const;
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
      ? [button(LEAD_ACTIONS.claim, lead.status === 'new' ? '✋ 认领 Claim' : '✋ 重新认领 Claim again', 'primary'), button(LEAD_ACTIONS.close, '结案 Close')]
      : [button(LEAD_ACTIONS.release, '↩ 交还机器人 Release to bot'), button(LEAD_ACTIONS.close, '结案 Close', 'danger')];
  return [{ type: 'actions', block_id: truncate(`lead:${lead.id}`, 255), elements }];
}

/** The card posted to the leads channel and updated as the lead changes. */
export function leadCard(lead: LeadView): SlackMessage {
  const header = headerText(lead);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(header, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${statusLine(lead)}\n来源渠道 Channel：${channelLabel(lead.conversation.channel, lead.conversation.conversationId)} · 线索 Lead \`${escapeMrkdwn(lead.id)}\`` } },
    ...fieldBlocks(lead),
    ...recentBlock(lead),
  ];
  if (lead.linkedLeadIds.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`同一联系人的其他线索 Linked：${lead.linkedLeadIds.map((id) => `\`${escapeMrkdwn(id)}\``).join(', ')}`, 2900) }] });
  }
  if (lead.status !== 'closed') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: '认领后在本消息的话题中回复，即转发给投资人；以 `//` 开头的回复为内部备注。 Reply in this thread after claiming to write to the investor; start with `//` for an internal note.' }] });
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
  if (leads.length > 15) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…还有 ${leads.length - 15} 条 more` }] });
  return blocks;
}

/** The App Home tab: the viewer's claimed and follow-up (待跟进) leads. */
export function homeView(claimed: LeadView[]): View {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: '资兴招商助手 · 我的线索 My leads', emoji: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '私信我或在频道中 @我 提问政策；`/zixing leads` 查看待认领线索。 DM me or @mention me with policy questions.' }] },
      { type: 'divider' },
      ...leadListBlocks(claimed, '你目前没有跟进中或待跟进的线索。 You have no claimed or follow-up leads.', true),
    ],
  };
}

/** The modal asking for a close outcome; the lead id travels in private_metadata. */
export function closeModal(leadId: string, meta: Record<string, string> = {}): View {
  return {
    type: 'modal',
    callback_id: CLOSE_MODAL,
    private_metadata: JSON.stringify({ leadId, ...meta }),
    title: { type: 'plain_text', text: '结案 Close lead' },
    submit: { type: 'plain_text', text: '结案 Close' },
    close: { type: 'plain_text', text: '取消 Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'outcome',
        label: { type: 'plain_text', text: '结果 Outcome' },
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
        label: { type: 'plain_text', text: '备注 Note' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
