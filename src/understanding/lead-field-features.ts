/**
 * The features the lead-field span scorer sees: for one candidate, the words and characters around
 * it, its unit or shape, the field just asked for, whether the message denies it or corrects an
 * earlier answer; for a whole message, its words (for the correction detector).
 */
import { edgeWord, type Candidate, type LexToken, type Scan } from '../text/lexical-scan.js';

/** The fields the extractor can fill. */
export const SPAN_FIELDS = ['company', 'contactName', 'phone', 'wechatId', 'industry', 'investment', 'landOrSpace', 'timeline'] as const;
/** One extractable lead field. */
export type SpanField = (typeof SPAN_FIELDS)[number];

/** Which fields a candidate of each form may be. */
export const ALLOWED: Record<Candidate['kind'], SpanField[]> = {
  amount: ['investment'],
  area: ['landOrSpace'],
  phone: ['phone'],
  wechat: ['wechatId'],
  time: ['timeline'],
  phrase: ['company', 'contactName', 'industry', 'wechatId'],
};

/** What the extractor knows about the conversation besides the message. */
export interface SpanContext {
  asked?: readonly string[];
  correction?: boolean;
}

const NEGATION = /^(?:不是|并非|而非|非|不|not|instead|rather)$/i;
const DENIAL_AFTER = /^(?:不对|错了|打错|写错|说错|搞错|wrong|incorrect)$/i;
/** A value named to be denied ("不是2万", "not this year", "张先生不对") is the old one. */
export function isDenied(before: LexToken[], after: LexToken[]): boolean {
  return before.slice(0, 2).some((t) => NEGATION.test(t.text)) || after.slice(0, 1).some((t) => DENIAL_AFTER.test(t.text));
}

/** The words before (nearest first) and after a candidate. */
export function neighbours(scan: Scan, c: Candidate): { before: LexToken[]; after: LexToken[] } {
  return {
    before: scan.tokens.filter((t) => t.end <= c.start && isWord(t)).slice(-5).reverse(),
    after: scan.tokens.filter((t) => t.start >= c.end && isWord(t)).slice(0, 3),
  };
}

const norm = (t: string): string => (/^\d/.test(t) ? '#' : t.toLowerCase());
const isWord = (t: LexToken): boolean => t.kind !== 'space' && t.kind !== 'punct';

function bucket(n: number, edges: number[]): string {
  const i = edges.findIndex((e) => n <= e);
  return i < 0 ? `>${edges[edges.length - 1]}` : `<=${edges[i]}`;
}

/** Named features of one candidate in its message. */
export function candidateFeatures(scan: Scan, c: Candidate, ctx: SpanContext): string[] {
  const k = c.kind;
  const out: string[] = [`k=${k}`];
  const add = (f: string): void => {
    out.push(`${k}|${f}`);
  };
  // Context shared by every form, so a cue learnt on one kind (不是 before a time) transfers to
  // another (不是 before an amount).
  const both = (f: string): void => {
    out.push(`${k}|${f}`, `*|${f}`);
  };
  const toks = scan.tokens;
  const inside = toks.filter((t) => t.start >= c.start && t.end <= c.end && isWord(t));
  const { before, after } = neighbours(scan, c);
  // Two words each side for numbers; one for phrases, where a second mostly memorises a sample.
  const width = k === 'phrase' ? 1 : 2;
  before.slice(0, width).forEach((t, i) => both(`b${i + 1}=${norm(t.text)}`));
  // The characters of the word before generalise across wordings: 年产值, 年销售额 and 年营收 share 年.
  if (before[0]?.kind === 'han' && before[0].text.length > 1) for (const ch of before[0].text) both(`b1c=${ch}`);
  after.slice(0, width).forEach((t, i) => both(`a${i + 1}=${norm(t.text)}`));
  if (before.length === 0) add('b1=<s>');
  if (after.length === 0) add('a1=</s>');
  // Wider windows only for numbers: 年产值 or 注册资本 may stand two words before the amount,
  // while for names they mostly memorise the sentence a sample was written in.
  if (k !== 'phrase') {
    for (const t of before) both(`wb=${norm(t.text)}`);
    for (const t of after) both(`wa=${norm(t.text)}`);
  }
  const left = scan.norm.slice(0, c.start).replace(/\s+$/, '');
  const right = scan.norm.slice(c.end).replace(/^\s+/, '');
  both(`bc1=${norm(left.slice(-1)) || '<s>'}`);
  if (k !== 'phrase') add(`bc2=${left.slice(-2).toLowerCase()}`);
  both(`ac1=${norm(right.slice(0, 1)) || '</s>'}`);
  if (k !== 'phrase') add(`ac2=${right.slice(0, 2).toLowerCase()}`);
  const prevTok = toks.filter((t) => t.end <= c.start && t.kind !== 'space').at(-1);
  const nextTok = toks.find((t) => t.start >= c.end && t.kind !== 'space');
  const clauseStart = !prevTok || prevTok.kind === 'punct';
  const clauseEnd = !nextTok || nextTok.kind === 'punct';
  if (clauseStart) add('clauseStart');
  if (clauseEnd) add('clauseEnd');
  // A whole clause of a list-like message ("华芯科技有限公司，新能源，明年") is usually one field.
  if (clauseStart && clauseEnd) both('clause');
  const whole = before.length === 0 && after.length === 0;
  if (whole) add('whole');
  const same = scan.candidates.filter((o) => o.kind === k);
  const rank = same.findIndex((o) => o.start === c.start && o.end === c.end);
  // Not for amounts: the investment is as often the first amount as the last (年销五千万，打算投三千万;
  // 拿三千万出来…，一年卖八千万), and position learnt from the corpus outweighed what the amount is of.
  if (rank === same.length - 1 && k !== 'amount') add('lastOfKind');
  // For a number, a phone or a time only whether the question was about its field matters
  // (an amount in the reply to a timeline question is a correction, not less of an amount).
  for (const raw of ctx.asked ?? []) {
    const a = k === 'phrase' ? raw : (ALLOWED[k] as readonly string[]).includes(raw) ? 'same' : 'other';
    add(`asked=${a}`);
    if (whole) add(`asked=${a}&whole`);
    if (clauseStart) add(`asked=${a}&clauseStart`);
    if (clauseStart && clauseEnd) add(`asked=${a}&clause`);
  }
  const denied = isDenied(before, after);
  if (denied) both('denied');
  if (ctx.correction) {
    add('corr');
    if (denied) both('corr&denied');
    if (rank === same.length - 1) add('corr&lastOfKind');
    if (before[0]) add(`corr&b1=${norm(before[0].text)}`);
  }
  if (k === 'amount' || k === 'area') for (const f of cueFeatures(scan, c)) both(f);
  switch (c.kind) {
    case 'amount':
      add(`cur=${c.currency}`);
      if (c.currencyStated) add('curStated');
      add(`scale=${c.scale}`);
      if (c.approx) add('approx');
      if (c.range) add('range');
      add(`mag=${Math.floor(Math.log10(Math.max(c.amountWan, 0.01)))}`);
      break;
    case 'area':
      add(`unit=${c.unit}`);
      add(`mag=${Math.floor(Math.log10(c.value))}`);
      break;
    case 'phone':
      add(`ok=${c.ok}`);
      break;
    case 'time':
      if (/^\d{4}\s?年?$/.test(c.text)) add('bareYear');
      add(`tfirst=${norm(inside[0]?.text ?? '')}`);
      break;
    case 'phrase': {
      const last = inside.at(-1);
      const first = inside[0];
      const latin = inside.every((t) => t.kind === 'latin');
      const han = inside.every((t) => t.kind === 'han');
      add(`units=${c.units}`);
      add(`len=${bucket(c.text.length, [1, 2, 3, 4, 6, 9, 14])}`);
      add(`script=${latin ? 'latin' : han ? 'han' : 'mixed'}`);
      if (latin && inside.every((t) => /^[A-Z]/.test(t.text))) add('caps');
      if (latin && inside.every((t) => /^[a-z]/.test(t.text))) add('lower');
      if (last) {
        add(`last=${norm(last.text)}`);
        add(`lastPos=${last.pos}`);
        add(`lastChar=${last.text.slice(-1).toLowerCase()}`);
      }
      if (first) {
        add(`firstPos=${first.pos}`);
        // The first character of a Han phrase: surnames and place prefixes are a closed class.
        if (first.kind === 'han') add(`firstChar=${first.text[0]}`);
      }
      if (/^[A-Za-z][-_A-Za-z0-9]{5,19}$/.test(c.text)) add('wechatShape');
      // Bounded by punctuation, a function word or a number on each side: the whole noun phrase,
      // not a piece of it (华芯科技有限公司, not 科技有限公司).
      const leftEdge = !prevTok || prevTok.kind !== 'han' && prevTok.kind !== 'latin' || edgeWord(prevTok) || prevTok.pos.startsWith('v');
      const rightEdge = !nextTok || nextTok.kind !== 'han' && nextTok.kind !== 'latin' || edgeWord(nextTok) || nextTok.pos.startsWith('v');
      if (leftEdge) add('leftEdge');
      if (rightEdge) add('rightEdge');
      if (leftEdge && rightEdge) add('bounded');
      for (const sh of c.shapes) {
        if (leftEdge && rightEdge) add(`shape=${sh}&bounded`);
        add(`shape=${sh}`);
        if (clauseStart) add(`shape=${sh}&clauseStart`);
        for (const a of ctx.asked ?? []) add(`shape=${sh}&asked=${a}`);
      }
      break;
    }
    default:
      break;
  }
  return out;
}

// Hedges and fillers between a cue and its amount (年产值约10亿, 投资大概5000万, 注册资本才500万).
const FILLER_POS = /^(?:d|m|q|u[jlvdgz]?|p|c|y|r|mq)$/;

/**
 * What the amount is of: the nearest content word before it in its clause, past hedges, numbers and
 * particles (年产值 in 年产值约10亿, 总投资 in 项目总投资大概3亿), with its character pairs, so 注册资本,
 * 年产值 and 营收 are told from 投资, 总投资 and 计划投入 by their words rather than by a nearer 约.
 */
function cueFeatures(scan: Scan, c: Candidate): string[] {
  const before = scan.tokens.filter((t) => t.end <= c.start);
  let cue: LexToken | undefined;
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i]!;
    if (t.kind === 'punct') break;
    if (t.kind === 'space' || t.kind === 'num' || /^\d/.test(t.text) || FILLER_POS.test(t.pos)) continue;
    cue = t;
    break;
  }
  if (!cue) return ['cue=<none>'];
  const w = norm(cue.text);
  const out = [`cue=${w}`];
  if (cue.kind === 'han') for (let i = 0; i + 2 <= w.length; i++) out.push(`cue2=${w.slice(i, i + 2)}`);
  // Its characters one by one: 年销 and 销售额 (jieba's cuts of 年销五千万 and 年销售额) share only 销.
  if (cue.kind === 'han' && w.length > 1) for (const ch of w) out.push(`cue1=${ch}`);
  if (cue.kind === 'han') out.push(`cueLast=${w.slice(-1)}`);
  return out;
}

/** Named features of a whole message (for the correction detector). */
export function messageFeatures(scan: Scan): string[] {
  // Names (unknown words, people, places, organisations, capitalised Latin) are left out: a
  // correction is told by how it is said, not by the company it happens to be about.
  const words = scan.tokens.filter((t) => isWord(t) && !/^(?:x|nr|ns|nt|nz|n)$/.test(t.pos) && !/^[A-Z]/.test(t.text)).map((t) => norm(t.text));
  const out = words.map((w) => `w=${w}`);
  for (let i = 1; i < words.length; i++) out.push(`bi=${words[i - 1]}_${words[i]}`);
  // Denial words in any wording ("不是…是…", "…不对", "not …") are what most corrections share.
  const toks = scan.tokens.filter(isWord);
  toks.forEach((t, i) => {
    if (NEGATION.test(t.text)) out.push('neg', ...(toks.slice(i + 1).some((u) => /^(?:是|为|应为|it's|is)$/i.test(u.text)) ? ['neg-then-is'] : []));
    if (DENIAL_AFTER.test(t.text)) out.push('denial');
  });
  return out;
}

