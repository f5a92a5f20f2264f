/**
 * Outbound → WeChat text. WeChat shows plain text only, so Markdown is flattened, sources become
 * short numbered lines (title, source and date: file paths mean nothing to an investor), staff messages carry
 * the staff member's name, and long replies are split at sentence boundaries.
 */
import { EN } from '../../core/texts/en.js';
import { ZH } from '../../core/texts/zh.js';
import { formatCitations } from '../../answer/citations.js';
import { stripFooter } from '../../answer/compose.js';
import type { Citation, Outbound } from '../../core/types.js';
import { detectLang } from '../../text/index.js';

const CJK = /[\u3400-\u9fff]/;

/** Flatten Markdown into the plain text WeChat displays. */
export function toPlainText(markdown: string): string {
  let t = markdown.replace(/\r\n?/g, '\n');
  t = t.replace(/```[^\n]*\n([\s\S]*?)```/g, '$1'); // keep code content, drop fences
  t = t.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1'); // images → alt text
  t = t.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1（$2）'); // links: keep the URL, it is tappable in WeChat
  t = t.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1'); // relative links (file paths) → text only
  t = t.replace(/<\/?[a-zA-Z][^>]*>/g, '');
  t = t.replace(/^[ \t]{0,3}#{1,6}\s+/gm, '');
  t = t.replace(/^[ \t]{0,3}>\s?/gm, '');
  t = t.replace(/^[ \t]{0,3}(?:[-*_]\s*){3,}$/gm, '');
  t = t.replace(/^(\s*)[-*+]\s+/gm, '$1· ');
  t = t.replace(/(\*\*|__)(.+?)\1/g, '$2');
  t = t.replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1$2');
  t = t.replace(/`([^`\n]+)`/g, '$1');
  t = t.replace(/\n{3,}/g, '\n\n');
  return t.trim();
}

/** "依据：[1] 《title》 — source，date" lines as investors read them: no file paths, each document once. */
export function formatSources(citations: Citation[], replyText = ''): string {
  if (citations.length === 0) return '';
  const lang = detectLang(replyText, 'zh');
  const label = (lang === 'zh' ? ZH : EN).wechat.sourcesLabel;
  return formatCitations(citations, 'investor', lang)
    .map((line, i) => `${i === 0 ? label : ''}${line}`)
    .join('\n');
}

/** WeChat has no buttons: suggested actions become "reply X" hints. */
function formatActions(out: Outbound): string {
  const values = (out.actions ?? []).map((a) => a.value).filter((v): v is string => Boolean(v && v.trim()));
  if (values.length === 0) return '';
  const zh = CJK.test(out.text) || out.text === '';
  const shown = values.slice(0, 4);
  return (zh ? ZH : EN).wechat.youCanReply(shown);
}

/** The whole reply as one WeChat text (before splitting). */
export function renderText(out: Outbound): string {
  // The answer's own sources footer lists file paths; the short 依据 lines below replace it.
  let body = toPlainText(out.citations.length > 0 ? stripFooter(out.text) : out.text);
  if (out.speaker === 'staff') body = `${staffPrefix(out)}${body}`;
  const blocks = [body, formatSources(out.citations, out.text), formatActions(out)].filter(Boolean);
  return blocks.join('\n\n');
}

const SENTENCE_END = /[。！？!?\n]/;

/**
 * Split `text` into parts of at most `max` characters, cutting after sentence ends (。！？!?\n) so
 * no sentence is torn; a single sentence longer than `max` is cut at a comma or, failing that, hard.
 * Concatenating the parts gives back the text except for whitespace trimmed at the cuts.
 */
export function splitMessage(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be positive');
  const units: string[] = [];
  let cur = '';
  for (const ch of text) {
    cur += ch;
    if (SENTENCE_END.test(ch)) {
      units.push(cur);
      cur = '';
    }
  }
  if (cur) units.push(cur);

  const parts: string[] = [];
  let part = '';
  const flush = () => {
    const p = part.trim();
    if (p) parts.push(p);
    part = '';
  };
  for (const unit of units) {
    if ([...part].length + [...unit].length <= max) {
      part += unit;
      continue;
    }
    flush();
    for (const piece of cutLong(unit, max)) {
      if ([...part].length + [...piece].length > max) flush();
      part += piece;
    }
  }
  flush();
  return parts;
}

/** Cut one over-long sentence at clause marks (，；,;、 ) or, failing that, every `max` characters. */
function cutLong(unit: string, max: number): string[] {
  const chars = [...unit];
  if (chars.length <= max) return [unit];
  const out: string[] = [];
  let start = 0;
  while (chars.length - start > max) {
    let cut = -1;
    for (let i = start + max - 1; i > start + max / 2; i--) {
      if (/[，；,;、 ]/.test(chars[i] ?? '')) {
        cut = i + 1;
        break;
      }
    }
    if (cut < 0) cut = start + max;
    out.push(chars.slice(start, cut).join(''));
    start = cut;
  }
  out.push(chars.slice(start).join(''));
  return out;
}

/** "李明：" in front of a staff message, so the investor knows a person is writing. */
function staffPrefix(out: Outbound): string {
  return `${out.staffName?.trim() || (CJK.test(out.text) ? ZH : EN).wechat.staffName}：`;
}

/**
 * Render an Outbound into the WeChat messages to send, in order. Every part of a split staff
 * message carries the staff name: the parts arrive as separate messages, and one without the name
 * reads as the bot speaking.
 */
export function renderOutbound(out: Outbound, maxPartChars: number): string[] {
  if (out.speaker !== 'staff') return splitMessage(renderText(out), maxPartChars);
  const prefix = staffPrefix(out);
  const parts = splitMessage(renderText({ ...out, speaker: 'bot' }), Math.max(1, maxPartChars - prefix.length));
  return parts.map((p) => prefix + p);
}
