/** Slack mrkdwn helpers: escaping and splitting within Block Kit text limits. */

/** Slack's limit for a section's text. */
export const SECTION_TEXT_MAX = 3000;

/** Escape the three characters Slack treats as control characters in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markdown bold (`**x**`, as LLMs write it) to Slack's `*x*`, after escaping. */
export function markdownToMrkdwn(text: string): string {
  return escapeMrkdwn(text).replace(/\*\*([^*\n]+)\*\*/g, '*$1*');
}

/** Cut `text` to at most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Split already-escaped text into pieces of at most `max` characters, preferring paragraph,
 * line, then sentence boundaries, and never cutting an `&amp;`-style entity in half.
 */
export function splitText(text: string, max = SECTION_TEXT_MAX): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const sep of ['\n\n', '\n', '。', '. ', '；', '，', ' ']) {
      const at = window.lastIndexOf(sep);
      if (at >= max / 2) {
        cut = at + sep.length;
        break;
      }
    }
    if (cut <= 0) cut = max;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp >= 0 && amp > cut - 6 && !rest.slice(amp, cut).includes(';')) cut = amp;
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

/** Slack message text to plain text for other channels: links and mentions unwrapped, entities decoded. */
export function slackToPlain(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<[@#!][^|>]*\|([^>]+)>/g, '$1')
    .replace(/<[@#!][^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
