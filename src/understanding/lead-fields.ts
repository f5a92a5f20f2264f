/**
 * Lead-field extraction as span scoring: the lexical scanner (src/text/lexical-scan.ts) offers
 * candidate spans by their form; one multinomial logistic regression decides for each candidate
 * which lead field it is, or `none`, from its context — the words and characters around it, its
 * unit, the field the bot had just asked for, whether the message corrects an earlier answer.
 * So "年产值5亿" and "投资5亿" differ by the words before the amount, not by a hand-written rule.
 * A second small model over the message's words says whether the message is a correction.
 * It learns from the messages that state no lead too (questions, small talk, off-topic): capture
 * reads every message at its confirmation step, and "What incentives" is not a company.
 *
 * Features never include a candidate's own first word: company and person names in the corpus
 * repeat across paraphrases, and a model that memorised them would fail on the next investor.
 * The head (last word, last character, parts of speech) stays: it is what makes 科技有限公司 a
 * company and 先生 a person.
 */
import { readFileSync } from 'node:fs';
import { predict, train, vectorize, type LogRegModel, type SparseVector } from './logreg.js';
import type { CorpusExample } from './corpus.js';
import { scanLexical, type Candidate, type Scan } from '../text/lexical-scan.js';
import { ALLOWED, candidateFeatures, isDenied, messageFeatures, neighbours, SPAN_FIELDS, type SpanContext, type SpanField } from './lead-field-features.js';

export { SPAN_FIELDS, candidateFeatures, type SpanContext, type SpanField } from './lead-field-features.js';

const CLASSES = ['none', ...SPAN_FIELDS];
const KIND = 'lead-fields';
const DIM = 1 << 16;

import { PHONE_RE, WECHAT_RE, type Lead, type LeadField } from '../core/lead.js';

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

/**
 * A message whose phrases are all not fields: it states no lead (a question, small talk, off-topic,
 * an injection). Self-introductions before a question are left out: they may name the investor's
 * company or trade without the corpus labelling it, since only lead messages carry fields.
 */
function isNegative(e: CorpusExample): boolean {
  return e.intent !== 'lead' && e.intent !== 'handoff' && e.voice !== 'long_intro';
}

/** Train the span scorer (and, in `meta.correction`, the correction detector) on labelled lead messages. */
export function trainLeadFieldModel(examples: CorpusExample[], opts: LeadTrainOptions = {}): LogRegModel {
  const xs: SparseVector[] = [];
  const ys: number[] = [];
  const kinds: Candidate['kind'][] = [];
  const cx: SparseVector[] = [];
  const cy: number[] = [];
  let messages = 0;
  const o = { ...TRAIN_DEFAULTS, ...opts };
  for (const e of examples) {
    const negative = !e.fields && o.negatives && isNegative(e);
    if (!e.fields && !negative) continue;
    messages++;
    const fields = e.fields ?? {};
    const scan = scanLexical(e.question);
    // A correction answers an earlier question, not the one pending: it is scored without `asked`.
    const ctx: SpanContext = { asked: e.asked && !e.correction ? [e.asked] : [], correction: e.correction === true };
    // Corrections and answers to a question are rare in the corpus but are most of what capture
    // sees after the first message: they count several times (deterministic oversampling).
    const copies = e.correction ? o.correctionCopies : e.asked ? o.askedCopies : 1;
    for (const c of scan.candidates) {
      const x = vec(candidateFeatures(scan, c, ctx));
      const y = CLASSES.indexOf(labelOf(c, fields));
      for (let i = 0; i < copies; i++) {
        xs.push(x);
        ys.push(y);
        kinds.push(c.kind);
      }
    }
    if (negative) continue;
    for (let i = 0; i < (e.correction ? o.correctionCopies : 1); i++) {
      cx.push(vec(messageFeatures(scan)));
      cy.push(e.correction ? 1 : 0);
    }
  }
  const model = train(KIND, CLASSES, DIM, xs, ys, { epochs: o.epochs, learningRate: o.learningRate, l2: o.l2, sampleWeight: balance(kinds, ys, o.positiveWeight, o.balanceByKind) });
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
  /** Also learn from messages that state no lead (questions, small talk, off-topic, injections). */
  negatives?: boolean;
  /** Weight each form's fields against its own `none` candidates (see `balance`). */
  balanceByKind?: boolean;
}
// Chosen on validation with corpus slice j (amounts that are revenue, output or capital): once the
// corpus holds such amounts, weighting each form's fields by its own share of \`none\` (balanceByKind)
// taught "an amount without 投资 before it is not one" and lost most plain amounts (0.79 → 0.61);
// one weight for every field, with a higher bar, keeps them (0.83, and 0.31 → 0.54 on slice j).
// Phrases then need 0.5, not 0.3: at 0.3 a word such as 电话 beside a phone number became a name,
// and fields were read from 267 of 752 messages that state no lead (0.5: 173; before slice j: 205).
const TRAIN_DEFAULTS = { epochs: 60, learningRate: 1, l2: 1e-3, positiveWeight: 32, threshold: 0.9, phraseThreshold: 0.5, correctionCopies: 8, askedCopies: 3, negatives: true, balanceByKind: false };

/**
 * Example weights: a field counts `positiveWeight` times a `none` (most phrases are not fields).
 * With `byKind`, a form's fields are weighted up only as far as that form's candidates are mostly
 * `none`: most amounts are investments, so up-weighting them would teach "an amount is an
 * investment" and drown the few 注册资本 and 年产值 amounts that are not.
 */
function balance(kinds: Candidate['kind'][], ys: number[], positiveWeight: number, byKind: boolean): number[] {
  const none = new Map<string, number>();
  const pos = new Map<string, number>();
  kinds.forEach((k, i) => (ys[i] === 0 ? none : pos).set(k, ((ys[i] === 0 ? none : pos).get(k) ?? 0) + 1));
  const w = new Map([...pos].map(([k, n]) => [k, byKind ? Math.min(positiveWeight, Math.max(1, (none.get(k) ?? 0) / n)) : positiveWeight]));
  return kinds.map((k, i) => (ys[i] === 0 ? 1 : w.get(k)!));
}

let shipped: LogRegModel | undefined;
/** The shipped model (src/understanding/models/lead-fields.json), loaded once. */
export function leadFieldModel(): LogRegModel {
  shipped ??= JSON.parse(readFileSync(new URL('./models/lead-fields.json', import.meta.url), 'utf8')) as LogRegModel;
  return shipped;
}

const CORRECTION_FACTOR = 0.2;

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
      // A company name names something before its form word: 公司 alone ("我们公司计划…") is none.
      if (f === 'company' && c.kind === 'phrase' && c.shapes.includes('corp-only')) continue;
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
    if (bad && bad.kind === 'phone') {
      badPhone = { ok: false, reason: /^[01]/.test(bad.value) ? 'length' : 'prefix', digits: bad.digits, text: bad.text };
      cuts.push(bad);
    }
  }
  let rest = scan.norm;
  for (const c of [...cuts].sort((a, b) => b.start - a.start)) rest = `${rest.slice(0, c.start)} ${rest.slice(c.end)}`;
  const out: LeadExtraction = { fields, spans, correction, rest: rest.replace(/\s+/g, ' ').trim() };
  if (badPhone) out.badPhone = badPhone;
  return out;
}
