/**
 * The one redaction of personal data, used wherever what people typed leaves the conversation:
 * log fields, every LLM prompt (message, history, question), knowledge-gap texts. It covers every
 * phone and WeChat-id form the lead parser (`src/leads/parsers.ts`) accepts — +86, dashes,
 * spaces, full-width digits, landlines, labelled and bare ids — plus e-mail addresses and names
 * introduced as names ("我叫张三", "my name is Anna Li") or known from a lead field.
 *
 * It is never applied to knowledge passages: the bureau's published hotline must still be
 * answerable, and figure checks must see the passage as written.
 *
 * Matching runs on NFKC text (full-width "１３９…" is a phone), but only the matched spans are
 * replaced in the original, so the rest of a message keeps its own punctuation.
 */

/** Placeholders that stand in for what was removed. */
export const PLACEHOLDER = { phone: '[电话]', wechat: '[微信号]', email: '[邮箱]', name: '[姓名]' } as const;

interface Span {
  start: number;
  end: number;
  with: string;
}

// A run of digits with the separators people type between groups, optionally after "+".
const DIGIT_RUN = /(?:\+\s?)?\d(?:[\s\-\u2010-\u2015]*\d)*/g;
// A mobile anywhere in the run's digits, or a landline: 0 + area code + number, maybe after 86/0086.
const MOBILE_DIGITS = /1[3-9]\d{9}/;
const LANDLINE_DIGITS = /^(?:0086|86)?0\d{9,}$/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// The lead parser's labels (parseWechat), plus vx/v信; the id may be longer than the parser takes.
const WECHAT_LABELLED = /(?:微信号?|wechat(?:\s*id)?|weixin|wx|vx|v信)\s*(?:是|为|:|：|-|is)?\s*([A-Za-z][-_A-Za-z0-9]{5,})/gi;
// A bare token the parser takes as an id when asked for one (looksLikeWechatId): 6–20 characters,
// a letter first, with a digit or '_'. Product codes such as "ISO9001" are caught too: the cost of
// never sending an id typed on its own.
const BARE_ID = /(?<![-_A-Za-z0-9@.])[A-Za-z][-_A-Za-z0-9]{5,19}(?![-_A-Za-z0-9@])/g;
const ZH_NAME = /(?:联系人|我叫|我是|姓名|名字|本人)\s*(?:是|为|:|：)?\s*([\u4e00-\u9fa5]{1,4}?(?:先生|女士|总|经理)?)(?=$|[，。,；;\s\d电手微!！?？、])/g;
// What follows "我是" without being a name: a company, a role, a purpose.
const NOT_A_NAME = /公司|集团|企业|深圳|广州|上海|北京|我们|投资|来|想|做|从事|一家|代表|负责|老板|客户|外商|股东|厂/;
const EN_NAME = /\b(?:[Mm]y name is|I am|I'm|[Cc]ontact(?: person)?(?: is|:)|[Nn]ame:)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})/g;
const EN_NOT_A_NAME = /^(?:From|Planning|Looking|The|Interested|Here|Writing|Calling|Going|Not|Very|Just|Also|In|On|At|With)\b/;

/** NFKC per code point, with each normalised character's span in the original. */
function normalizeMapped(text: string): { norm: string; from: number[]; to: number[] } {
  let norm = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = ch.normalize('NFKC');
    for (let k = 0; k < n.length; k++) {
      from.push(i);
      to.push(i + ch.length);
    }
    norm += n;
    i += ch.length;
  }
  return { norm, from, to };
}

function phoneSpans(t: string, out: Span[]): void {
  for (const m of t.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 7) continue;
    if (MOBILE_DIGITS.test(digits) || LANDLINE_DIGITS.test(digits)) out.push({ start: m.index, end: m.index + m[0].length, with: PLACEHOLDER.phone });
  }
}

function groupSpans(t: string, re: RegExp, replacement: string, out: Span[], keep?: (value: string) => boolean): void {
  for (const m of t.matchAll(re)) {
    const value = m[1]!;
    if (keep && !keep(value)) continue;
    const start = m.index + m[0].lastIndexOf(value);
    out.push({ start, end: start + value.length, with: replacement });
  }
}

function literalSpans(t: string, values: readonly string[], out: Span[]): void {
  for (const raw of values) {
    const v = raw.normalize('NFKC').trim();
    if (v.length < 2) continue;
    for (let i = t.indexOf(v); i >= 0; i = t.indexOf(v, i + v.length)) out.push({ start: i, end: i + v.length, with: PLACEHOLDER.name });
  }
}

/** What to redact besides phones and e-mail: by default everything, including bare ids and names. */
export interface RedactOptions {
  /** Bare id-looking tokens ("lisi_2024") and names; off only for text that is not typed by a person (log messages, error texts). */
  free?: boolean;
  /** Values a lead field holds for this person (a contact name, an id), removed wherever they occur. */
  known?: readonly (string | undefined)[];
}

/** Replace personal data in what a person typed with placeholders; everything else is kept as written. */
export function redactPersonalData(text: string, opts: RedactOptions = {}): string {
  if (!text) return text;
  const { norm, from, to } = normalizeMapped(text);
  const spans: Span[] = [];
  for (const m of norm.matchAll(EMAIL)) spans.push({ start: m.index, end: m.index + m[0].length, with: PLACEHOLDER.email });
  groupSpans(norm, WECHAT_LABELLED, PLACEHOLDER.wechat, spans);
  phoneSpans(norm, spans);
  if (opts.free !== false) {
    for (const m of norm.matchAll(BARE_ID)) if (/[\d_]/.test(m[0])) spans.push({ start: m.index, end: m.index + m[0].length, with: PLACEHOLDER.wechat });
    groupSpans(norm, ZH_NAME, PLACEHOLDER.name, spans, (v) => !NOT_A_NAME.test(v));
    groupSpans(norm, EN_NAME, PLACEHOLDER.name, spans, (v) => !EN_NOT_A_NAME.test(v));
  }
  literalSpans(norm, (opts.known ?? []).filter((v): v is string => typeof v === 'string'), spans);
  if (spans.length === 0) return text;
  // Earliest first, the longest of overlapping spans wins; then replace in the original text.
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const s of spans) {
    const start = from[s.start]!;
    const end = to[s.end - 1]!;
    if (start < at) {
      // Overlaps the previous replacement: extend it, but do not add a second placeholder.
      if (end > at) at = end;
      continue;
    }
    out += text.slice(at, start) + s.with;
    at = end;
  }
  return out + text.slice(at);
}
