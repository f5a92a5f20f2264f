/**
 * The answerability gate: the sentence ranker's selection and the signals the answerability model
 * judges (retrieval's confidence, how much of the question the passages state, the best sentence's
 * features, the intent model's doubts), then the decision — answer, topic only, or nothing. The
 * question service and the extractive answerer (also the LLM's fallback) decide the same way.
 */
import type { Lang, RetrievalResult } from '../core/types.js';
import { answerabilityModel, judgeAnswerability, type Answerability, type AnswerabilitySignals } from '../understanding/answerability.js';
import { classifyMessage, type IntentVerdict } from '../understanding/intent-model.js';
import type { LogRegModel } from '../understanding/logreg.js';
import { linkedSelection } from './linked-answer.js';
import { selectQuotes, statedShare, type Selection } from './sentence-selection.js';
import { analyzeQuestion, type AskKind } from './question-analysis.js';
import { credit } from './term-match.js';
import { listsNewItems, namesSomethingNew } from './enumeration.js';
import { normalize, tokenize } from '../text/index.js';

/** The ranker's selection and the answerability signals for one question. */
export interface Judged {
  selection: Selection | undefined;
  signals: AnswerabilitySignals;
}

/** Select sentences and compute the answerability signals. */
export function judgeRetrieval(
  query: string,
  lang: Lang,
  retrieval: RetrievalResult,
  extra: { followUp: boolean; outOfScope: number; smalltalk: number; linkedQuestion?: number; ranker?: LogRegModel; message?: string },
): Judged {
  const passages = retrieval.passages;
  // A strong question-index match answers from the passage it was linked to (see linked-answer.ts).
  const linked = retrieval.linked ? linkedSelection(query, lang, retrieval) : undefined;
  const selection = linked ?? (passages.length ? selectQuotes(query, lang, passages, { ...(extra.ranker ? { ranker: extra.ranker } : {}), ...(extra.message ? { message: extra.message } : {}) }) : undefined);
  const share = statedShare(query, lang, passages);
  const f = selection?.best.features;
  const signals: AnswerabilitySignals = {
    confidence: retrieval.confidence,
    relevant: retrieval.relevant ? 1 : 0,
    topScore: passages[0]?.score ?? 0,
    best: selection?.best.score ?? 0,
    second: selection?.second ?? 0,
    coverage: f?.coverage ?? 0,
    own: f?.own ?? 0,
    requiredOk: f?.requiredOk ?? 0,
    asksRequired: f?.asksRequired ?? 0,
    nameMissing: f?.nameMissing ?? 1,
    detailMissing: f?.detailMissing ?? 1,
    sameLang: f?.sameLang ?? 0,
    stated: share.stated,
    heavyMissing: share.heavyMissing,
    english: lang === 'en' ? 1 : 0,
    followUp: extra.followUp ? 1 : 0,
    outOfScope: extra.outOfScope,
    smalltalk: extra.smalltalk,
    // The shipped model has never seen this signal set (its weight is zero): the rule in judgeQuestion acts on it.
    linkedQuestion: extra.linkedQuestion ?? (linked ? (retrieval.linked?.score ?? 0) : 0),
    yesNo: asksWhether(query, lang) ? 1 : 0,
  };
  return { selection, signals };
}

/** Kinds of what a question asks for other than whether: a figure, a date, a list, a name. */
const WHAT: readonly AskKind[] = ['amount', 'price', 'date', 'duration', 'list', 'org', 'who', 'name', 'english'];

/** The question asks who, which organisation, or what something is called, and for no figure or date besides. */
function asksForName(query: string, lang: Lang): boolean {
  const asks = analyzeQuestion(query, lang).asks;
  const figure = asks.has('amount') || asks.has('price') || asks.has('date') || asks.has('duration');
  return !figure && (asks.has('who') || asks.has('org') || asks.has('name'));
}

/** True when the question asks for none of those ("能报吗", "要交税吗"). */
function asksWhether(query: string, lang: Lang): boolean {
  const asks = analyzeQuestion(query, lang).asks;
  return !WHAT.some((k) => asks.has(k));
}

/** A judged question: the selection, its signals, the model's probabilities and the decision. */
export interface Verdict extends Judged {
  p: Record<Answerability, number>;
  decision: Answerability;
}

/** The answer threshold the shipped answerability model was tuned with (on validation). */
export function answerThreshold(): number {
  const t = answerabilityModel().meta?.threshold;
  return typeof t === 'number' ? t : 0.5;
}

/** Answer when the probability of a right answer reaches the threshold; else topic-only or nothing. */
export function decide(p: Record<Answerability, number>, threshold: number = answerThreshold()): Answerability {
  if (p.answer >= threshold) return 'answer';
  return p.topic >= p.none ? 'topic' : 'none';
}

/** Judge one question against its retrieval (the intent model's doubts computed here unless given). */
export function judgeQuestion(query: string, lang: Lang, retrieval: RetrievalResult, opts: { followUp?: boolean; intent?: ReturnType<typeof classifyMessage>; message?: string } = {}): Verdict {
  const v = opts.intent ?? classifyMessage(query);
  const judged = judgeRetrieval(query, lang, retrieval, { followUp: opts.followUp ?? false, outOfScope: v.probabilities.off_topic + v.probabilities.injection, smalltalk: v.probabilities.smalltalk, ...(opts.message ? { message: opts.message } : {}) });
  const p = judgeAnswerability(judged.signals);
  // A rule over retrieval's scores: a strong question-index match with a quotable linked passage answers.
  if (judged.signals.linkedQuestion > 0 && judged.selection) return { ...judged, p, decision: 'answer' };
  // A figure question whose chosen sentence does not name the measured thing (投资 for "投资多少钱")
  // would be answered with some other figure: never an answer, whatever the model's probability.
  const otherFigure = judged.signals.asksRequired === 1 && (judged.signals.detailMissing === 1 || !namesSubject(query, lang, judged.selection));
  // Likewise a "which ones" question whose best sentence lists nothing it does not already name
  // ("1+8的8个文件都叫啥" → "共有72条措施"): the documents speak of the topic, not the items. A list in a
  // sentence quoted after it is about something else ("500强企业具体是哪些" → "…500强企业…落户。" then
  // "提供全过程、精细化、保姆式服务").
  const quoted = judged.selection?.quotes.map((q) => q.text) ?? [];
  const noList = Boolean(judged.selection) && analyzeQuestion(query, lang).asks.has('list') && !listsNewItems(query, quoted.slice(0, 1));
  // And a "who is it / what is it called" question whose sentences name no one and nothing it does
  // not already say ("指挥部负责人叫啥名字" → "据指挥部负责人介绍…"): the documents do not give the name.
  const unnamed = Boolean(judged.selection) && asksForName(query, lang) && !namesSomethingNew(query, quoted);
  return { ...judged, p, decision: !judged.selection ? 'none' : (otherFigure || noList || unnamed) && decide(p) === 'answer' ? 'topic' : decide(p) };
}

/**
 * Whether the chosen sentence (with its document's title and headings) names at least one of the
 * question's content words: "资兴的GDP是多少" is not answered by a sentence that never says GDP,
 * whatever figure it holds. A question without content words passes.
 */
function namesSubject(query: string, lang: Lang, selection: Selection | undefined): boolean {
  if (!selection) return false;
  const heavy = analyzeQuestion(query, lang).terms.filter((t) => t.weight >= 1);
  if (heavy.length === 0) return true;
  const cited = selection.cited.map((p) => [p.title, ...p.headingPath].join(' ')).join(' ');
  const hay = normalize(`${selection.best.display} ${cited}`).toLowerCase();
  // Latin words are matched against the text's tokens (taxes = tax), Chinese ones as substrings.
  const tokens = new Set(tokenize(hay));
  return heavy.some((t) => credit(t, hay, tokens) >= 0.5);
}

/**
 * Whether what was retrieved is plainly about the question: a good share of its words (and all but
 * a few of its heavy ones) stated in the passages, retrieval confident and a sentence that matches
 * well. The intent model judges the message alone and takes a topic it never saw in training
 * (schooling for talent, housing subsidies, permits) for off-topic; when the knowledge base itself
 * speaks of it this plainly, it is a question. Chinese questions only: English words reach Chinese
 * passages through the dictionary bridge, which states almost anything a little.
 */
export function groundedInPassages(judged: Judged, lang: Lang): boolean {
  const s = judged.signals;
  return lang === 'zh' && s.confidence >= GROUNDED.confidence && s.stated >= GROUNDED.stated && s.heavyMissing <= GROUNDED.heavyMissing && s.best >= GROUNDED.best;
}

/** Thresholds of `groundedInPassages`, chosen on the validation sets (training/validation, training/ood validation). */
const GROUNDED = { confidence: 0.45, stated: 0.65, heavyMissing: 0.34, best: 0.6 };

/** The intent verdict with its off-topic probability given to `question` (see `groundedInPassages`). */
export function asQuestion(v: IntentVerdict): IntentVerdict {
  const probabilities = { ...v.probabilities, question: v.probabilities.question + v.probabilities.off_topic, off_topic: 0 };
  return { intent: 'question', confidence: probabilities.question, probabilities };
}
