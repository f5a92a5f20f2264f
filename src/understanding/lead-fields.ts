/**
 * Lead-field extraction as span scoring: the lexical scanner (src/text/lexical-scan.ts) offers
 * candidate spans by their form; one multinomial logistic regression decides for each candidate
 * which lead field it is, or `none`, from its context — the words and characters around it, its
 * unit, the field the bot had just asked for, whether the message corrects an earlier answer.
 * So "年产值5亿" and "投资5亿" differ by the words before the amount, not by a hand-written rule.
 * A second small model over the message's words says whether the message is a correction.
 *
 * Features never include a candidate's own first word: company and person names in the corpus
 * repeat across paraphrases, and a model that memorised them would fail on the next investor.
 * The head (last word, last character, parts of speech) stays: it is what makes 科技有限公司 a
 * company and 先生 a person.
 */
import { readFileSync } from 'node:fs';
import { predict, train, vectorize, type LogRegModel, type SparseVector } from './logreg.js';
import type { CorpusExample } from './corpus.js';
import { edgeWord, scanLexical, type Candidate, type LexToken, type Scan } from '../text/lexical-scan.js';
import { PHONE_RE, WECHAT_RE, type Lead, type LeadField } from '../leads/lead-schema.js';

/** The fields the extractor can fill. */
export const SPAN_FIELDS = ['company', 'contactName', 'phone', 'wechatId', 'industry', 'investment', 'landOrSpace', 'timeline'] as const;
/** One extractable lead field. */
export type SpanField = (typeof SPAN_FIELDS)[number];
const CLASSES = ['none', ...SPAN_FIELDS];
const KIND = 'lead-fields';
const DIM = 1 << 16;

/** Which fields a candidate of each form may be. */
const ALLOWED: Record<Candidate['kind'], SpanField[]> = {
  amount: ['investment'],
  area: ['landOrSpace'],
  phone: ['phone'],
  wechat: ['wechatId'],
  time: ['timeline'],
  phrase: ['company', 'contactName', 'industry', 'timeline', 'wechatId'],
};

/** What the extractor knows about the conversation besides the message. */
export interface SpanContext {
  asked?: readonly string[];
  correction?: boolean;
}

const NEGATION = /^(?:不是|并非|而非|非|不|not|instead|rather)$/i;
const DENIAL_AFTER = /^(?:不对|错了|打错|写错|说错|搞错|wrong|incorrect)$/i;
/** A value named to be denied ("不是2万", "not this year", "张先生不对") is the old one. */
function isDenied(before: LexToken[], after: LexToken[]): boolean {
  return before.slice(0, 2).some((t) => NEGATION.test(t.text)) || after.slice(0, 1).some((t) => DENIAL_AFTER.test(t.text));
}

function neighbours(scan: Scan, c: Candidate): { before: LexToken[]; after: LexToken[] } {
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
  if (rank === same.length - 1) add('lastOfKind');
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

function vec(names: string[]): SparseVector {
  return vectorize(names.map((n) => [n, 1] as [string, number]), DIM, false);
}

const stripEnd = (s: string): string => s.trim().replace(/[\s.。,，!！?？;；:：、]+$/u, '');

/** The field a candidate carries in a labelled example ('none' when it carries none). */
function labelOf(c: Candidate, fields: NonNullable<CorpusExample['fields']>): string {
  for (const f of ALLOWED[c.kind]) {
    const v = fields[f] as ({ span: string } & Record<string, unknown>) | undefined;
    if (!v) continue;
    if (c.kind === 'amount' && v.amountWan === c.amountWan && (v.currency ?? 'CNY') === c.currency && overlapsText(c.text, v.span)) return f;
    if (c.kind === 'area' && v.value === c.value && v.unit === c.unit && overlapsText(c.text, v.span)) return f;
    if (c.kind === 'phone' && digitsOf(v.span) === digitsOf(c.text)) return f;
    if ((c.kind === 'phrase' || c.kind === 'time' || c.kind === 'wechat') && stripEnd(c.text) === stripEnd(v.span)) return f;
  }
  return 'none';
}

const digitsOf = (s: string): string => s.normalize('NFKC').replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
const overlapsText = (a: string, b: string): boolean => a.includes(b) || b.includes(a) || digitsOf(a) === digitsOf(b);

function messageFeatures(scan: Scan): string[] {
  const words = scan.tokens.filter(isWord).map((t) => norm(t.text));
  const out = words.map((w) => `w=${w}`);
  for (let i = 1; i < words.length; i++) out.push(`bi=${words[i - 1]}_${words[i]}`);
  return out;
}

/** Train the span scorer (and, in `meta.correction`, the correction detector) on labelled lead messages. */
export function trainLeadFieldModel(examples: CorpusExample[], opts: LeadTrainOptions = {}): LogRegModel {
  const xs: SparseVector[] = [];
  const ys: number[] = [];
  const cx: SparseVector[] = [];
  const cy: number[] = [];
  let messages = 0;
  const o = { ...TRAIN_DEFAULTS, ...opts };
  for (const e of examples) {
    if (!e.fields) continue;
    messages++;
    const scan = scanLexical(e.question);
    // A correction answers an earlier question, not the one pending: it is scored without `asked`.
    const ctx: SpanContext = { asked: e.asked && !e.correction ? [e.asked] : [], correction: e.correction === true };
    // Corrections and answers to a question are rare in the corpus but are most of what capture
    // sees after the first message: they count several times (deterministic oversampling).
    const copies = e.correction ? o.correctionCopies : e.asked ? o.askedCopies : 1;
    for (const c of scan.candidates) {
      const x = vec(candidateFeatures(scan, c, ctx));
      const y = CLASSES.indexOf(labelOf(c, e.fields));
      for (let i = 0; i < copies; i++) {
        xs.push(x);
        ys.push(y);
      }
    }
    for (let i = 0; i < (e.correction ? o.correctionCopies : 1); i++) {
      cx.push(vec(messageFeatures(scan)));
      cy.push(e.correction ? 1 : 0);
    }
  }
  const classWeight = CLASSES.map((c) => (c === 'none' ? 1 : o.positiveWeight));
  const model = train(KIND, CLASSES, DIM, xs, ys, { epochs: o.epochs, learningRate: o.learningRate, l2: o.l2, classWeight });
  const correction = train(`${KIND}/correction`, ['no', 'yes'], DIM, cx, cy, { epochs: o.epochs, learningRate: o.learningRate, l2: o.l2, classWeight: [1, 1] });
  return { ...model, meta: { ...model.meta, messages, candidates: xs.length, threshold: o.threshold, phraseThreshold: o.phraseThreshold, correction } };
}

/** Hyper-parameters of the span scorer (defaults are what ships). */
export interface LeadTrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Weight of each field class against `none` (candidates are mostly not fields). */
  positiveWeight?: number;
  /** Least probability for a candidate to become a field (stored with the model). */
  threshold?: number;
  /** The same for word phrases (names, companies, industries). */
  phraseThreshold?: number;
  /** How many times a correction, and an answer to an asked field, count in training. */
  correctionCopies?: number;
  askedCopies?: number;
}
const TRAIN_DEFAULTS = { epochs: 60, learningRate: 1, l2: 1e-4, positiveWeight: 4, threshold: 0.5, phraseThreshold: 0.25, correctionCopies: 8, askedCopies: 3 };

let shipped: LogRegModel | undefined;
/** The shipped model (src/understanding/models/lead-fields.json), loaded once. */
export function leadFieldModel(): LogRegModel {
  shipped ??= JSON.parse(readFileSync(new URL('./models/lead-fields.json', import.meta.url), 'utf8')) as LogRegModel;
  return shipped;
}

const CORRECTION_FACTOR = 0.5;

/** One candidate chosen for a field. */
export interface ChosenSpan {
  field: SpanField;
  candidate: Candidate;
  p: number;
}

/** Probability that the message corrects an earlier answer. */
export function correctionProbability(scan: Scan, model: LogRegModel = leadFieldModel()): number {
  const m = model.meta?.correction as LogRegModel | undefined;
  return m ? predict(m, vec(messageFeatures(scan)))[1]! : 0;
}


/** Score every candidate and keep the best non-overlapping one per field. */
export function chooseSpans(scan: Scan, ctx: SpanContext, model: LogRegModel = leadFieldModel()): ChosenSpan[] {
  const threshold = typeof model.meta?.threshold === 'number' ? model.meta.threshold : 0.5;
  // Phrases are many per message and mostly not fields, so a phrase wins on a lower bar.
  const phraseThreshold = typeof model.meta?.phraseThreshold === 'number' ? model.meta.phraseThreshold : threshold;
  const scored: ChosenSpan[] = [];
  for (const c of scan.candidates) {
    const p = predict(model, vec(candidateFeatures(scan, c, ctx)));
    // Only `none` and the fields this form can be compete: mass the softmax gave to impossible
    // classes (a phone number as a company) is spread back over the possible ones.
    const allowed = ['none', ...ALLOWED[c.kind]].map((f) => p[CLASSES.indexOf(f)]!);
    const mass = allowed.reduce((a, b) => a + b, 0);
    // A correction states its new value in few words and little context ("不是2万，是5000万"): the
    // value it does not deny needs less evidence; the one it denies needs more.
    const n = neighbours(scan, c);
    const denied = ctx.correction && isDenied(n.before, n.after);
    const factor = !ctx.correction ? 1 : denied ? 1.5 : c.kind === 'phrase' ? 1 : CORRECTION_FACTOR;
    for (const f of ALLOWED[c.kind]) {
      const pf = p[CLASSES.indexOf(f)]! / mass;
      if (pf >= Math.min(0.95, (c.kind === 'phrase' ? phraseThreshold : threshold) * factor)) scored.push({ field: f, candidate: c, p: pf });
    }
  }
  scored.sort((a, b) => b.p - a.p || a.candidate.start - b.candidate.start);
  const chosen: ChosenSpan[] = [];
  for (const s of scored) {
    if (chosen.some((x) => x.field === s.field || (x.candidate.start < s.candidate.end && s.candidate.start < x.candidate.end))) continue;
    chosen.push(s);
  }
  return chosen.sort((a, b) => a.candidate.start - b.candidate.start);
}

/** A phone-like number that failed the format check, so the bot can say what is wrong. */
export interface BadPhone {
  ok: false;
  reason: 'length' | 'prefix';
  digits: number;
  text: string;
}

/** Everything one message states about a lead. */
export interface LeadExtraction {
  fields: Lead;
  /** The verbatim words each field came from. */
  spans: Partial<Record<LeadField, string>>;
  /** The message corrects an earlier answer ("不是2万，是5000万"). */
  correction: boolean;
  badPhone?: BadPhone;
  /** The message with the chosen spans removed. */
  rest: string;
}

/** Take every lead field one message states, with the span each came from. */
export function extractLeadFields(text: string, _lang: 'zh' | 'en' = 'zh', opts: { asked?: LeadField | readonly LeadField[]; model?: LogRegModel } = {}): LeadExtraction {
  const model = opts.model ?? leadFieldModel();
  const scan = scanLexical(text);
  const asked = opts.asked === undefined ? [] : typeof opts.asked === 'string' ? [opts.asked] : [...opts.asked];
  const correction = correctionProbability(scan, model) >= 0.5;
  const fields: Lead = {};
  const spans: Partial<Record<LeadField, string>> = {};
  let badPhone: BadPhone | undefined;
  const cuts: Candidate[] = [];
  for (const { field, candidate: c } of chooseSpans(scan, { asked: correction ? [] : asked, correction }, model)) {
    const span = stripEnd(c.text);
    if (c.kind === 'phone') {
      if (!c.ok || !PHONE_RE.test(c.value)) {
        badPhone = { ok: false, reason: /^[01]/.test(digitsOf(c.text)) ? 'length' : 'prefix', digits: c.digits, text: c.text };
        cuts.push(c);
        continue;
      }
      fields.phone = c.value;
    } else if (c.kind === 'amount') fields.investment = { amountWan: c.amountWan, currency: c.currency, text: span };
    else if (c.kind === 'area') fields.landOrSpace = { value: c.value, unit: c.unit, text: span };
    else if (field === 'wechatId') {
      if (!WECHAT_RE.test(span)) continue;
      fields.wechatId = span;
    } else if (field === 'company' || field === 'contactName' || field === 'industry' || field === 'timeline') fields[field] = span;
    spans[field] = span;
    cuts.push(c);
  }
  if (!badPhone && !fields.phone) {
    // A number shaped like a phone but failing the format is reported even when not chosen.
    const bad = scan.candidates.find((c) => c.kind === 'phone' && !c.ok && c.digits >= 9);
    if (bad && bad.kind === 'phone') badPhone = { ok: false, reason: /^[01]/.test(bad.value) ? 'length' : 'prefix', digits: bad.digits, text: bad.text };
  }
  let rest = scan.norm;
  for (const c of [...cuts].sort((a, b) => b.start - a.start)) rest = `${rest.slice(0, c.start)} ${rest.slice(c.end)}`;
  const out: LeadExtraction = { fields, spans, correction, rest: rest.replace(/\s+/g, ' ').trim() };
  if (badPhone) out.badPhone = badPhone;
  return out;
}
