/**
 * Lexical candidate scanner for lead messages: finds spans by their FORM — numbers with their units
 * (digits, Chinese numerals, 个亿, ranges, 左右, English and pinyin number words), areas, phone and
 * WeChat-id formats, time expressions, and word n-grams that could be a name, company or industry.
 * It never decides what a span means (an amount may be 年产值, a year may be 成立于): the learned
 * scorer in src/understanding/lead-fields.ts does that from context.
 *
 * Scanning runs on a char-aligned folded copy (NFKC per character, traditional → simplified when
 * that keeps the length), so every candidate maps back to the verbatim words the user typed.
 */
import { normalize } from './normalize.js';
import { engine } from './tokenize.js';
import { EN_NUMBER_WORD, parseEnNumberWords, parseNumberExpr } from './numerals.js';

/** One unit of the folded text: a jieba word, a Latin word, a number, punctuation or space. */
export interface LexToken {
  text: string;
  start: number;
  end: number;
  kind: 'han' | 'latin' | 'num' | 'punct' | 'space';
  pos: string;
}

/** A span found by its form, with what its form alone says (a value, a unit), never its meaning. */
export type Candidate = { start: number; end: number; text: string } & (
  | { kind: 'amount'; amountWan: number; currency: 'CNY' | 'USD'; currencyStated: boolean; scale: string; approx: boolean; range: boolean }
  | { kind: 'area'; value: number; unit: 'mu' | 'm2' | 'acre' }
  | { kind: 'phone'; ok: boolean; value: string; digits: number }
  | { kind: 'wechat' }
  | { kind: 'time' }
  | { kind: 'phrase'; units: number; shapes: string[] }
);

/** The folded text, its tokens, and every candidate (offsets index the folded text). */
export interface Scan {
  original: string;
  norm: string;
  tokens: LexToken[];
  candidates: Candidate[];
  /** The verbatim original words of a folded range. */
  slice(start: number, end: number): string;
}

/** Fold per character so folded offsets map back to the original. */
function fold(text: string): { norm: string; map: number[] } {
  let norm = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = ch === '\u3000' ? ' ' : ch.normalize('NFKC');
    for (const c of f) {
      norm += c;
      map.push(i);
    }
    i += ch.length;
  }
  map.push(text.length);
  // normalize() trims and collapses spaces; a placeholder keeps the length so the map stays valid.
  const guarded = norm.replace(/\s/g, '\u0001');
  const simplified = normalize(guarded);
  if (simplified.length === guarded.length) norm = simplified.replace(/\u0001/g, ' ');
  return { norm, map };
}


const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/y;
const LATIN = /(?:Co\.,\s?Ltd\.|Mrs?\.|Ms\.|Dr\.|Ltd\.|Co\.|Inc\.|[A-Za-z][A-Za-z0-9_'&-]*)/y;
const NUMTOK = /\d+(?:[.,]\d+)*/y;
// A category suffix split off a longer word (服装厂 → 服装 + 厂), so the head word can stand alone.
const SPLIT_SUFFIX = /^(.{2,})([厂业类商])$/;

/** Tokens of the folded text: jieba words for Han runs (with part of speech), Latin words, numbers, punctuation. */
export function lexTokens(norm: string): LexToken[] {
  const out: LexToken[] = [];
  let i = 0;
  const at = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    return re.exec(norm)?.[0];
  };
  while (i < norm.length) {
    const han = at(HAN_RUN);
    if (han) {
      let p = i;
      for (const { word, tag } of engine().tag(han, true)) {
        const m = SPLIT_SUFFIX.exec(word);
        // jieba glues a function character onto an unknown word (是鑫源, 叫湘味坊): split it off.
        const lead = tag === 'x' && word.length >= 3 ? /^([是叫为在的和与])(.+)$/.exec(word) : null;
        const parts = lead ? [lead[1]!, lead[2]!] : m ? [m[1]!, m[2]!] : [word];
        for (const w of parts) {
          out.push({ text: w, start: p, end: p + w.length, kind: 'han', pos: w === word ? tag : lead && w === lead[1] ? 'v' : 'n' });
          p += w.length;
        }
      }
      if (p !== i + han.length) throw new Error('jieba tokens do not cover the text');
      mergeSurnameTitles(out);
      i += han.length;
      continue;
    }
    const lat = at(LATIN);
    const num = at(NUMTOK);
    const w = lat ?? num;
    if (w) {
      out.push({ text: w, start: i, end: i + w.length, kind: lat ? 'latin' : 'num', pos: lat ? 'eng' : 'm' });
      i += w.length;
      continue;
    }
    const ch = norm[i]!;
    out.push({ text: ch, start: i, end: i + 1, kind: /\s/.test(ch) ? 'space' : 'punct', pos: 'x' });
    i += 1;
  }
  return out;
}

const TITLE_WORD = /^(?:先生|女士|小姐|总|经理|老板|总监|主任|董事长|董|工|老师|处长|局长|部长|秘书)$/;

/** 王 + 总, 章 + 先生: a surname and a title are one unit, the form of a person's name. */
function mergeSurnameTitles(tokens: LexToken[]): void {
  for (let k = tokens.length - 2; k >= 0; k--) {
    const a = tokens[k]!;
    const b = tokens[k + 1]!;
    if (a.kind === 'han' && b.kind === 'han' && a.end === b.start && SURNAMES.has(a.text) && TITLE_WORD.test(b.text)) {
      tokens.splice(k, 2, { text: a.text + b.text, start: a.start, end: b.end, kind: 'han', pos: 'nr' });
    }
  }
}

// ---- number formats -------------------------------------------------------------------------
const D = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const CN = '[零〇一二两三四五六七八九十百千]+';
const PY_NUM = '(?:yi|er|liang|san|si|wu|liu|qi|ba|jiu|shi|bai|qian)';
const PY = `(?<![a-z])${PY_NUM}(?:\\s?${PY_NUM})*`;
const NUM = `(?:${D}|${CN}|${PY}(?=\\s?(?:ge\\s?)?(?:yi|wan)\\b))`;
const ZH_SCALE = String.raw`(?:\s?(?:个多|多个|个|多|\sge\s|ge\s?))?\s?(?:千万|百万|十万|万|亿|wan\b|w(?![a-z])|yi\b)(?:[零一二两三四五六七八九](?![十百千万亿\d]))?`;
const RANGE = String.raw`\s?(?:到|至|-|~|–|—|to)\s?`;
const CUR_AFTER = String.raw`(?:\s?(?:元人民币|人民币|元|美元|美金|块|RMB|CNY|USD|US dollars|dollars|yuan))?`;
const APPROX = String.raw`(?:\s?(?:左右|上下|出头|作右|zuoyou|多))?`;
const ZH_AMOUNT = new RegExp(`(?:¥\\s?)?(${NUM})(?:${ZH_SCALE})?(?:${RANGE}(${NUM}))?(${ZH_SCALE})(${CUR_AFTER})(${APPROX})`, 'gi');
const EN_SCALE = String.raw`(?:million|billion|thousand|mn|bn|m)\b`;
const EN_AMOUNT = new RegExp(
  String.raw`(?<![A-Za-z])((?:US\$|\$|USD|RMB|CNY|¥)\s?)?(${D}|${EN_NUMBER_WORD}(?:[\s-]+${EN_NUMBER_WORD})*)(?:${RANGE}(${D}))?\s?(${EN_SCALE})(\s?(?:US dollars|dollars|USD|RMB|CNY|yuan))?`,
  'gi',
);
const AREA_UNIT = String.raw`(?:平方米|平方|平米|平房米|平(?![台均])|m2\b|亩|母|英亩|acres?\b|mu\b|square\s?met(?:re|er)s?\b|sq\.?\s?m\b|sqm\b|pingfangmi\b|pingfang\b)`;
const AREA = new RegExp(`(${D}|${CN})(\\s?(?:万|wan\\b)(?:[一二两三四五六七八九千](?:千)?)?)?\\s?(${AREA_UNIT})(${APPROX})`, 'gi');
// Quantities that are neither money nor land: matched only so an amount inside them is not offered.
const OTHER_QTY = new RegExp(`(?:${D}|${CN})(?:\\s?(?:多)?(?:万|亿))?\\s?(?:多)?\\s?(?:吨|t\\b|人|名|台|套|件|辆|家|条|倍|%|kg|公斤|千瓦|kw\\b|mw\\b|兆瓦|tons?\\b|employees|staff|people|workers)`, 'gi');

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function amounts(norm: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of norm.matchAll(ZH_AMOUNT)) {
    const [all, a, b, scale, cur, approx] = m as unknown as (string | undefined)[];
    // A range counts by its upper end ("3000万到5000万" → 5000万).
    const units = parseNumberExpr(`${b ?? a}${scale!.replace(/^\s/, '')}`);
    if (units === undefined || units <= 0) continue;
    const usd = /美|usd|dollar/i.test(cur ?? '');
    out.push({ kind: 'amount', start: m.index, end: m.index + all!.length, text: all!, amountWan: round2(units / 1e4), currency: usd ? 'USD' : 'CNY', currencyStated: Boolean(cur?.trim()), scale: /亿|yi/i.test(scale!) ? '亿' : '万', approx: Boolean(approx?.trim()), range: b !== undefined });
  }
  for (const m of norm.matchAll(EN_AMOUNT)) {
    const [all, pre, a, b, scale, post] = m as unknown as (string | undefined)[];
    const raw = (b ?? a)!;
    const base = /\d/.test(raw) ? Number(raw.replace(/,/g, '')) : parseEnNumberWords(raw);
    if (base === undefined || base <= 0) continue;
    const s = scale!.toLowerCase();
    const mult = s.startsWith('b') ? 1e9 : s.startsWith('t') ? 1e3 : 1e6;
    const curText = `${pre ?? ''}${post ?? ''}`;
    out.push({ kind: 'amount', start: m.index, end: m.index + all!.length, text: all!, amountWan: round2((base * mult) / 1e4), currency: /\$|usd|dollar/i.test(curText) ? 'USD' : 'CNY', currencyStated: Boolean(curText.trim()), scale: s.startsWith('b') ? 'billion' : s.startsWith('t') ? 'thousand' : 'million', approx: false, range: b !== undefined });
  }
  return out;
}

function areas(norm: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of norm.matchAll(AREA)) {
    const [all, a, wan, unit] = m as unknown as (string | undefined)[];
    const n = parseNumberExpr(`${a}${(wan ?? '').replace(/wan/i, '万')}`);
    if (n === undefined || n <= 0) continue;
    const u = unit!.toLowerCase();
    const kind = /acre|英亩/.test(u) ? 'acre' : /亩|母|^mu/.test(u) ? 'mu' : 'm2';
    out.push({ kind: 'area', start: m.index, end: m.index + all!.length, text: all!, value: round2(n), unit: kind });
  }
  return out;
}

// ---- phone and WeChat formats -----------------------------------------------------------------
const PHONE_RUN = /(?<![\d.])(\+?\s?86[\s-]?)?(\d[\d\s-]{5,18}\d)(?!\d|\.\d|\s*(?:万|亿|元|亩|平|m2|%|个|年|月|日|号|人|吨|sq|acre|mu\b|million|billion))/gi;
const MOBILE = /^1[3-9]\d{9}$/;

function phones(norm: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of norm.matchAll(PHONE_RUN)) {
    const raw = m[2]!;
    const digits = raw.replace(/[\s-]/g, '');
    if (digits.length < 7 || digits.length > 15 || /^(?:19|20)\d{2}$/.test(digits)) continue;
    const landline = /^0\d{2,3}[\s-]?\d{7,8}$/.test(raw.trim()) && /^0\d{9,11}$/.test(digits);
    const area = digits.startsWith('01') || digits.startsWith('02') ? 3 : 4;
    const value = MOBILE.test(digits) ? digits : landline ? `${digits.slice(0, area)}-${digits.slice(area)}` : digits;
    const ok = MOBILE.test(digits) || landline;
    out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, text: m[0], ok, value, digits: digits.length });
  }
  return out;
}

const WECHAT_TOKEN = /(?<![-_A-Za-z0-9])(?:wxid_)?[A-Za-z][-_A-Za-z0-9]{5,19}(?![-_A-Za-z0-9])/g;

function wechats(norm: string): Candidate[] {
  const out: Candidate[] = [];
  // The format of an id, not a word: it carries a digit or '_' somewhere after its first letter.
  for (const m of norm.matchAll(WECHAT_TOKEN)) if (/[\d_]/.test(m[0])) out.push({ kind: 'wechat', start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

// ---- time expressions -------------------------------------------------------------------------
const CN_MONTH_NUM = '(?:\\d{1,2}|十[一二]?|[一二三四五六七八九])';
// A month or a span of two ("3月", "三四月份", "3、4月", "三至四月").
const CN_MONTH = `${CN_MONTH_NUM}(?:[、至到~-]?${CN_MONTH_NUM})?月(?:份|底|初|中旬|上旬|下旬)?`;
// Next week or a day of it, and the holidays people plan by (下周三, 下週, 五一, 过完年).
// A day of this or next week (这周五, 本週三, 周五, 下礼拜一) and the weekend.
const CN_WEEK = '(?:下个?|这个?|這個?|本|下下)?(?:周|週|星期|礼拜|禮拜)(?:[一二三四五六日天]|末)|下个?(?:周|週|星期|礼拜|禮拜)|本周|本週|这周|這週|五一|端午|中秋|过完年|過完年';
const ZH_TIME_ATOM = `(?:今年|明年|后年|年内|年底|年初|年中|年前|年后|本月|这个?月底|月底|\\d{4}\\s?年|[零〇一二三四五六七八九]{4}年|[上下][半伴]年|下个?季度|下个?月|第?[一二三四1-4]季度|Q[1-4]|${CN_MONTH}|开春|春节|国庆|元旦|${CN_WEEK}|节后|前|后|内|以内|之内|之后|以后|之前|以前|底|初)`;
const ZH_TIME = new RegExp(
  `(?:今年|明年|后年|年内|年底|年初|年中|本月|这个?月底|月底|\\d{4}\\s?年|[零〇一二三四五六七八九]{4}年|[上下][半伴]年|下个?季度|下个?月|第?[一二三四1-4]季度|${CN_MONTH}|开春|春节|国庆|元旦|${CN_WEEK})(?:${ZH_TIME_ATOM})*` +
    `|(?:\\d+|[一二三四五六七八九十两半]+)\\s?(?:个)?(?:月|年|周|星期)(?:内|以内|之内|后)|尽快|马上|近期`,
  'g',
);
const EN_MONTHS = '(?:january|february|march|april|may|june|july|august|september|october|november|december)';
const EN_TIME = new RegExp(
  [
    String.raw`(?:(?:before|by)\s+(?:the\s+)?)?(?:(?:early|mid|late|end of|beginning of|start of|first half of|second half of|H[12])\s+)?(?:the\s+)?(?:this|next)\s+(?:year|month|quarter|spring|summer|autumn|fall|winter|${EN_MONTHS})`,
    String.raw`Q[1-4](?:\s+(?:next|this)\s+year|\s+\d{4})?`,
    String.raw`(?:the\s+)?(?:first|second)\s+half\s+of\s+(?:(?:the|this|next)\s+year|(?:19|20)\d{2})`,
    String.raw`H[12]\s+(?:(?:19|20)\d{2}|next year|this year)`,
    String.raw`(?:the\s+)?(?:first|second|third|fourth)\s+quarter(?:\s+of\s+(?:(?:the|this|next)\s+year|(?:19|20)\d{2})|\s+(?:this|next)\s+year)?`,
    String.raw`(?:this|next|coming)\s+(?:week(?:end)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)`,
    String.raw`(?:by|before|within)\s+(?:the\s+)?(?:end\s+of\s+)?(?:\d{4}|this year)`,
    String.raw`(?:19|20)\d{2}`,
    String.raw`(?:end|early|mid|late)(?:\s+of|-)?\s*\d{4}`,
    String.raw`within\s+(?:\d+|${EN_NUMBER_WORD}(?:[\s-]+${EN_NUMBER_WORD})*)\s+(?:months?|years?|weeks?)`,
    String.raw`${EN_MONTHS}(?:\s+(?:\d{4}|next year|this year))?`,
    String.raw`asap|as soon as possible`,
    String.raw`(?:ming|jin)nian(?:\s?(?:shang|xia)\s?ban\s?nian|\s?(?:yi|er|san|si)\s?jidu|\s?nian\s?di(?:\s?qian)?|\s?kaichun)?|(?:shang|xia)\s?ban\s?nian|nian\s?di\s?qian|xia\s?ge\s?yue|xia\s?ji\s?du|(?:yi|er|liang|san|si|wu|liu|ban)\s?(?:ge\s?)?(?:yue|nian)\s?nei`,
  ].map((s) => `\\b(?:${s})\\b`).join('|'),
  'gi',
);

function times(norm: string): Candidate[] {
  const out: Candidate[] = [];
  for (const re of [ZH_TIME, EN_TIME]) {
    for (const m of norm.matchAll(re)) {
      const text = m[0].trim();
      // A lone 前/后/内 is not a time; neither is a year glued to a WeChat id (hs_solar2024).
      if (!text || /^[前后内底初]$/.test(text) || /[A-Za-z_]$/.test(norm.slice(0, m.index))) continue;
      out.push({ kind: 'time', start: m.index, end: m.index + text.length, text });
    }
  }
  // The Chinese and English patterns may both see "2012年" / "2012": keep the longest reading.
  return out.filter((c) => !out.some((o) => o !== c && o.start <= c.start && o.end >= c.end && o.end - o.start > c.end - c.start));
}

// ---- phrases ----------------------------------------------------------------------------------
const MAX_UNITS = 6;
const MAX_CHARS = 24;
const MAX_LATIN_CHARS = 40;

// Function words (pronouns, particles such as 哈/吧/呀, conjunctions, prepositions; English closed-class words)
// never begin or end a name, a company or an industry: a format fact that keeps 我们服装 out.
const EDGE_POS = /^(?:r|u[jlvdgz]?|c|p|y|e|o|d|f)$/;
const EDGE_LATIN = /^(?:it's|we're|i'm|we|i|our|my|the|a|an|is|are|am|was|and|or|of|in|on|at|to|for|from|with|by|as|it|this|that|here|there|us|you|your|please|hi|hello|dear)$/i;
/** A function word: never the first or last word of a name, a company or an industry. */
export const edgeWord = (t: LexToken): boolean => (t.kind === 'han' ? !(t.text.length === 1 && SURNAMES.has(t.text)) && EDGE_POS.test(t.pos) || /^[是的了与和及在把被对从向哈啊呀吧呢嘛哦噢嗯啦哇呗咯]$/.test(t.text) : EDGE_LATIN.test(t.text));

function phrases(tokens: LexToken[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'han' && tokens[i]!.kind !== 'latin') continue;
    if (edgeWord(tokens[i]!)) continue;
    let units = 0;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      // Latin words join across one space ("Keller Automation"); anything else ends the phrase.
      if (t.kind === 'space' && tokens[j + 1]?.kind === 'latin' && tokens[j - 1]?.kind === 'latin') continue;
      if (t.kind !== 'han' && t.kind !== 'latin') break;
      // 中央厨房和冷链仓 is two things joined, not one name: a Chinese conjunction ends the phrase.
      if (j > i && t.kind === 'han' && t.pos === 'c') break;
      units++;
      const start = tokens[i]!.start;
      if (units > MAX_UNITS || t.end - start > (t.kind === 'latin' ? MAX_LATIN_CHARS : MAX_CHARS)) break;
      if (!edgeWord(t)) out.push({ kind: 'phrase', start, end: t.end, text: '', units, shapes: [] });
    }
  }
  return out;
}

// Common Chinese surnames (a closed class), person titles, company-form words and a domain list of
// industry words: the shapes a span has, reported as facts about its form for the scorer to weigh.
const SURNAMES = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤章欧阳司马诸葛上官').split(''),
);
const TITLE = /(?:先生|女士|小姐|总|经理|老板|总监|主任|董事长|董|工|老师|处长|局长|部长|秘书)$/;
const EN_TITLE = /^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+$/;
const CORP = /(?:有限责任公司|股份有限公司|有限公司|公司|集团|实业|控股|股份|科技|企业)$/;
const CORP_ONLY = /^(?:(?:有限责任|股份有限|有限)?公司|集团|企业|工厂|厂|company|firm|group|factory|corporation|enterprise)$/i;
const LATIN_CORP = /\b(?:Ltd\.?|Limited|GmbH|Inc\.?|Co\.?|Corp\.?|Corporation|Group|Pte|LLC|AG|SA|Technology|Technologies|Tech)$/i;
const INDUSTRY_WORDS = /电子|芯片|半导体|集成电路|线路板|数据|算力|云计算|硅|新能源|氢|光伏|储能|锂电|电池|风电|材料|石墨|稀土|有色|文旅|康养|旅游|酒店|民宿|养老|装备|机械|设备|零部件|汽配|医药|制药|医疗|生物|农产品|食品|茶|农业|物流|仓储|冷链|软件|信息|互联网|人工智能|纺织|服装|化工|五金|模具|陶瓷|家具|鞋|电商|注塑|制造|加工|回收|包装|建材|环保|electronic|semiconductor|chip|data|computing|cloud|silicon|energy|hydrogen|solar|photovoltaic|battery|material|graphite|tourism|wellness|hotel|equipment|machinery|parts|pharma|medical|bio|food|tea|agri|logistic|warehous|cold.chain|software|internet|textile|apparel|garment|chemical|hardware|mould|mold|ceramic|furniture|shoe|e-commerce|manufactur|processing|recycling|packaging/i;

function phraseShapes(text: string, inside: LexToken[]): string[] {
  const shapes: string[] = [];
  const han = /^[\u3400-\u9fff]+$/.test(text);
  if (han && SURNAMES.has(text[0]!) && TITLE.test(text) && text.length <= 5) shapes.push('name-title');
  else if (han && (SURNAMES.has(text[0]!) || SURNAMES.has(text.slice(0, 2))) && text.length >= 2 && text.length <= 3) shapes.push('name-given');
  if (inside.some((t) => t.pos === 'nr')) shapes.push('pos-nr');
  if (EN_TITLE.test(text)) shapes.push('name-en-title');
  else if (/^[A-Z][a-z]+ [A-Z][a-z]+$/.test(text)) shapes.push('latin-two-caps');
  if (CORP.test(text)) shapes.push('corp-suffix');
  // The form word alone (我们公司, our company) names no company.
  if (CORP_ONLY.test(text)) shapes.push('corp-only');
  if (LATIN_CORP.test(text)) shapes.push('latin-corp');
  if (/^[A-Z]/.test(text) && inside.filter((t) => t.kind === 'latin').every((t) => /^[A-Z]/.test(t.text))) shapes.push('latin-caps');
  if (inside[0]?.pos === 'ns') shapes.push('place-first');
  if (INDUSTRY_WORDS.test(text)) shapes.push('industry-word');
  if (INDUSTRY_WORDS.test(inside.at(-1)?.text ?? '')) shapes.push('industry-head');
  return shapes;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Scan one message: tokens and every candidate span, format candidates first. */
export function scanLexical(text: string): Scan {
  const { norm, map } = fold(text);
  const tokens = lexTokens(norm);
  const slice = (s: number, e: number): string => text.slice(map[s]!, map[e]!);
  const phone = phones(norm);
  const area = areas(norm);
  const blockers = [...phone, ...area, ...[...norm.matchAll(OTHER_QTY)].map((m) => ({ start: m.index, end: m.index + m[0].length }))];
  // An amount inside an area or a tonnage ("2万平方米", "10万吨") is not offered as money.
  const amount = amounts(norm).filter((a) => !blockers.some((b) => overlaps(a, b) && (b.end > a.end || b.start < a.start)));
  const time = times(norm).filter((t) => ![...phone, ...area, ...amount].some((b) => overlaps(t, b)));
  const wechat = wechats(norm).filter((w) => !phone.some((p) => overlaps(w, p)));
  const formats = [...amount, ...area, ...phone, ...wechat, ...time];
  // A word inside a number, an id or a time ("RMB" of "RMB 500 million") is not a phrase of its own.
  const words = phrases(tokens).filter((p) => !formats.some((f) => overlaps(p, f)));
  const candidates = [...formats, ...words].map((c) => ({ ...c, text: slice(c.start, c.end).trim() }));
  for (const c of candidates) if (c.kind === 'phrase') c.shapes = phraseShapes(norm.slice(c.start, c.end), tokens.filter((t) => t.start >= c.start && t.end <= c.end));
  return { original: text, norm, tokens, candidates: dedupe(candidates), slice };
}

function dedupe(cs: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = `${c.kind}:${c.start}:${c.end}`;
    if (seen.has(k) || !c.text) return false;
    seen.add(k);
    return true;
  });
}
