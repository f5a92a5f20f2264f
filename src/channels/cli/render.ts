/** Renders replies for a terminal: the text, then numbered sources with path and score. */
import { formatCitation } from '../../answer/citations.js';
import type { Outbound } from '../../core/types.js';
import { detectLang } from '../../text/index.js';
import { ZH } from '../../core/texts/zh.js';

/** Plain-text rendering of one reply as a terminal user sees it. */
export function renderForTerminal(reply: Outbound, opts: { showPassages?: boolean } = {}): string {
  const who = reply.speaker === 'staff' ? `【${reply.staffName ?? ZH.wechat.staffName}】` : reply.speaker === 'system' ? `【${ZH.wechat.system}】` : '';
  const lines = [who + reply.text];
  if (opts.showPassages && reply.citations.length) {
    lines.push('');
    for (const c of reply.citations) {
      // The terminal is the operator's: the staff line, with the path, plus the score.
      lines.push(`${formatCitation(c, 'staff', detectLang(reply.text, 'zh'))} (score ${c.score.toFixed(3)})`);
      lines.push(`    ${c.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
  if (reply.actions?.length) lines.push('', reply.actions.map((a) => `〔${a.label}〕`).join(' '));
  return lines.join('\n');
}
