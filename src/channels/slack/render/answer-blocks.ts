/**
 * Renders the core's `Outbound` replies as Block Kit messages: the answer in sections, sources
 * as context lines, and 👍/👎 buttons whose action ids carry the stored message id.
 */
import type { types } from '@slack/bolt';
import { formatCitation } from '../../../answer/citations.js';
import { stripFooter } from '../../../answer/compose.js';
import type { Citation, Lang, Outbound } from '../../../core/types.js';
import { escapeMrkdwn, markdownToMrkdwn, splitText, truncate, SECTION_TEXT_MAX } from './mrkdwn.js';
import { detectLang } from '../../../text/index.js';
import { ZH } from '../../../core/texts/zh.js';
import { bilingual } from '../texts.js';

type KnownBlock = types.KnownBlock;

/** A message ready for chat.postMessage / respond: fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack's limit on blocks per message. */
export const MAX_BLOCKS = 50;
/** Fallback text is what notifications and screen readers show; keep it short. */
const FALLBACK_MAX = 3000;
/** Context blocks take at most 10 elements. */
const CONTEXT_MAX_ELEMENTS = 10;

/** Action id prefix of the vote buttons: `vote:up:<messageId>` / `vote:down:<messageId>`. */
export const VOTE_ACTION = /^vote:(up|down):(.+)$/;

/** One source line as staff read it: `[1] 《title》 — source，date · path › heading`. */
export function citationLine(c: Citation, lang: Lang = 'zh'): string {
  return truncate(escapeMrkdwn(formatCitation(c, 'staff', lang)), 2900);
}

/** The blocks under an answer: its sources as context lines and the 👍/👎 buttons (also closing a streamed answer). */
export function answerTail(out: Outbound, lang: Lang = 'zh'): KnownBlock[] {
  const tail: KnownBlock[] = [];
  if (out.citations.length > 0) {
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${bilingual((t) => t.sources)}*` }] });
    for (let i = 0; i < out.citations.length; i += CONTEXT_MAX_ELEMENTS) {
      tail.push({
        type: 'context',
        elements: out.citations.slice(i, i + CONTEXT_MAX_ELEMENTS).map((c) => ({ type: 'mrkdwn' as const, text: citationLine(c, lang) })),
      });
    }
  }
  if (out.messageId) {
    tail.push({
      type: 'actions',
      block_id: 'vote',
      elements: [
        { type: 'button', action_id: truncate(`vote:up:${out.messageId}`, 255), value: out.messageId, text: { type: 'plain_text', text: `👍 ${ZH.slack.helpful}`, emoji: true } },
        { type: 'button', action_id: truncate(`vote:down:${out.messageId}`, 255), value: out.messageId, text: { type: 'plain_text', text: `👎 ${ZH.slack.notHelpful}`, emoji: true } },
      ],
    });
  }
  return tail;
}

/** Render one reply as one or more Slack messages (more only when it exceeds 50 blocks). */
export function renderOutbound(out: Outbound): SlackMessage[] {
  // The plain-text sources footer is for channels that show only text; here sources are context blocks.
  const body = out.citations.length > 0 ? stripFooter(out.text) : out.text;
  const prefix = out.speaker === 'staff' && out.staffName ? `*${escapeMrkdwn(out.staffName)}*: ` : '';
  const sections: KnownBlock[] = splitText(prefix + markdownToMrkdwn(body || ' '), SECTION_TEXT_MAX).map((piece) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: piece },
  }));

  const tail = answerTail(out, detectLang(body, 'zh'));
  const fallback = truncate(`${out.speaker === 'staff' && out.staffName ? `${out.staffName}: ` : ''}${body}`, FALLBACK_MAX) || ' ';
  const all = [...sections, ...tail];
  if (all.length <= MAX_BLOCKS) return [{ text: fallback, blocks: all }];

  // Too long for one message: sections first, then the sources and votes in the last message.
  const messages: SlackMessage[] = [];
  const tailBlocks = tail.slice(0, MAX_BLOCKS);
  const pages: KnownBlock[][] = [];
  for (let i = 0; i < sections.length; i += MAX_BLOCKS) pages.push(sections.slice(i, i + MAX_BLOCKS));
  const last = pages[pages.length - 1];
  if (last && last.length + tailBlocks.length <= MAX_BLOCKS) last.push(...tailBlocks);
  else pages.push(tailBlocks);
  pages.forEach((blocks, i) => messages.push({ text: i === 0 ? fallback : `(${i + 1}/${pages.length})`, blocks }));
  return messages;
}

/** A plain notice as a message (help texts, errors); `<`, `>` and `&` show as typed. */
export function plainMessage(text: string): SlackMessage {
  return mrkdwnMessage(escapeMrkdwn(text));
}

/** A notice already in mrkdwn (mentions such as `<@U123>` stay live), as a message. */
export function mrkdwnMessage(mrkdwn: string): SlackMessage {
  return {
    text: truncate(mrkdwn, FALLBACK_MAX),
    blocks: splitText(mrkdwn).slice(0, MAX_BLOCKS).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } })),
  };
}
