/**
 * A lead as plain Chinese text for the terminal (`npm run leads -- show`): the same labels and
 * value formats as the Slack card and the console (`lead-labels.ts`), then the recent messages,
 * staff notes and the history in words.
 */
import type { LeadView } from '../core/ports.js';
import type { LeadNote } from '../store/search-types.js';
import { beijingTime, channelLabel, leadDisplay, leadEventText } from '../core/lead-labels.js';

const ROLE_WORDS: Record<string, string> = { user: '投资者', assistant: '机器人', staff: '工作人员' };

/** Everything `show` prints about a lead. */
export interface LeadDetail {
  lead: LeadView;
  events: { type: string; actorName?: string; at: number; data?: unknown }[];
  notes: LeadNote[];
}

/** Label and value rows, labels padded so the values line up (CJK counts as two columns). */
function table(rows: [string, string][]): string[] {
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
  const w = Math.max(...rows.map(([l]) => width(l)));
  return rows.map(([l, v]) => `  ${l}${' '.repeat(w - width(l))}  ${v.replace(/\n/g, '\n' + ' '.repeat(w + 4))}`);
}

/** The lead in readable Chinese. */
export function leadDetailText(d: LeadDetail): string {
  const { lead } = d;
  const display = leadDisplay(lead, 'zh');
  const rows: [string, string][] = [['编号', lead.id], ['状态', display.status]];
  if (display.outcome) rows.push(['结案结果', display.outcome]);
  for (const f of display.fields) rows.push([f.label, f.value]);
  rows.push(['渠道', `${channelLabel(lead.conversation.channel, lead.conversation.conversationId)}（${lead.conversation.conversationId}）`]);
  rows.push(['负责人', lead.owner?.name ?? '（未认领）']);
  if (lead.closedBy) rows.push(['结案人', lead.closedBy.name]);
  rows.push(['创建时间', beijingTime(lead.createdAt)]);
  if (lead.escalatedAt !== undefined) rows.push(['升级时间', beijingTime(lead.escalatedAt)]);
  if (lead.linkedLeadIds.length) rows.push(['同一联系人的其他线索', lead.linkedLeadIds.join('、')]);
  const out = [display.title, ...table(rows)];
  out.push('', '最近消息：');
  if (lead.recent.length === 0) out.push('  （无）');
  for (const m of lead.recent) out.push(`  ${beijingTime(m.at)} ${ROLE_WORDS[m.role] ?? m.role}：${m.text}`);
  out.push('', '备注：');
  if (d.notes.length === 0) out.push('  （无）');
  for (const n of d.notes) out.push(`  ${beijingTime(n.at)} ${n.author.name}：${n.text}`);
  out.push('', '历史：');
  for (const e of d.events) out.push(`  ${beijingTime(e.at)} ${leadEventText(e, 'zh')}`);
  return out.join('\n');
}
