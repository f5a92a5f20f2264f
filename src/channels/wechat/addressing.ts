/**
 * Whether a group message is addressed to the bot, and the question without the "@name".
 * `message.mentionSelf()` is unreliable across puppets (wechat4u has no mention ids), so the text
 * is also matched against "@" + the bot's name and its alias in the room.
 */

/** WeChat puts U+2005 (four-per-em space) after an @mention; some clients use a normal space. */
const MENTION_END = '[\\u2005\\u0020\\u00a0]|$';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Result of looking for the bot's name or a keyword in a group message. */
export interface Addressing {
  addressed: boolean;
  /** By @-mention (true) or only by keyword (false). */
  mentioned: boolean;
  /** The text with the bot's @-mention removed. */
  question: string;
}

/**
 * Decide if `text` addresses the bot: `mentionedByPuppet` (mentionSelf), an "@name" for any of
 * `names` (bot name, room alias), or one of `keywords` anywhere in the text.
 */
export function detectAddressing(text: string, opts: { names: (string | undefined)[]; keywords: string[]; mentionedByPuppet?: boolean }): Addressing {
  const names = [...new Set(opts.names.map((n) => n?.trim()).filter((n): n is string => Boolean(n)))]
    // Longest first so "@招商助手小兴" is stripped whole before "@招商助手".
    .sort((a, b) => b.length - a.length);
  let question = text;
  let mentioned = Boolean(opts.mentionedByPuppet);
  for (const name of names) {
    const re = new RegExp(`[@＠]${escapeRegExp(name)}(?:${MENTION_END})`, 'g');
    if (re.test(question)) {
      mentioned = true;
      question = question.replace(re, ' ');
    }
  }
  question = question.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  const byKeyword = opts.keywords.some((k) => k.trim() !== '' && lower.includes(k.trim().toLowerCase()));
  return { addressed: mentioned || byKeyword, mentioned, question };
}
