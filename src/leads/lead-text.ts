/**
 * A lead as plain Chinese text for the terminal (`npm run leads -- show`): the same labels and
 * value formats as the Slack card and the console (`lead-labels.ts`), then the recent messages,
 * staff notes and the history in words. The row labels are in `core/texts/zh.ts` (`leadSheet`).
 */
import type { LeadView } from '../core/ports.js';
import type { LeadNote } from '../store/search-types.js';
import { beijingTime, channelLabel, leadDisplay, leadEventText } from '../core/lead-labels.js';
import { ZH } from '../core/texts/zh.js';

const T = ZH.leadSheet;

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
  const rows: [string, string][] = [[T.id, lead.id], [T.status, display.status]];
  if (display.outcome) rows.push([T.outcome, display.outcome]);
  for (const f of display.fields) rows.push([f.label, f.value]);
  rows.push([T.channel, `${channelLabel(lead.conversation.channel, lead.conversation.conversationId)}（${lead.conversation.conversationId}）`]);
  rows.push([T.owner, lead.owner?.name ?? T.unclaimed]);
  if (lead.closedBy) rows.push([T.closedBy, lead.closedBy.name]);
  rows.push([T.createdAt, beijingTime(lead.createdAt)]);
  if (lead.escalatedAt !== undefined) rows.push([T.escalatedAt, beijingTime(lead.escalatedAt)]);
  if (lead.linkedLeadIds.length) rows.push([T.linkedLong, lead.linkedLeadIds.join('、')]);
  const out = [display.title, ...table(rows)];
  out.push('', T.recent);
  if (lead.recent.length === 0) out.push(`  ${T.none}`);
  for (const m of lead.recent) out.push(`  ${beijingTime(m.at)} ${T.roles[m.role] ?? m.role}：${m.text}`);
  out.push('', T.notes);
  if (d.notes.length === 0) out.push(`  ${T.none}`);
  for (const n of d.notes) out.push(`  ${beijingTime(n.at)} ${n.author.name}：${n.text}`);
  out.push('', T.history);
  for (const e of d.events) out.push(`  ${beijingTime(e.at)} ${leadEventText(e, 'zh')}`);
  return out.join('\n');
}
