/**
 * The answerability model: given signals of the question and of what retrieval and the sentence
 * ranker found, how likely the best selection answers the question (`answer`), or only touches its
 * topic (`topic`: the documents speak of it but do not state what is asked), or nothing of it
 * (`none`). A calibrated probability: its expected calibration error is reported on validation.
 * Features are numbers about the match, never words or passage ids, so a new knowledge base needs
 * no retraining.
 */
import { readFileSync } from 'node:fs';
import { checkedModel, predict, train, type LogRegModel, type SparseVector } from './logreg.js';

export const ANSWERABILITY_CLASSES = ['answer', 'topic', 'none'] as const;
export type Answerability = (typeof ANSWERABILITY_CLASSES)[number];

/** Signals of one question against what was retrieved; each in [0, 1]. */
export interface AnswerabilitySignals {
  confidence: number;
  relevant: number;
  topScore: number;
  best: number;
  second: number;
  coverage: number;
  own: number;
  requiredOk: number;
  asksRequired: number;
  nameMissing: number;
  detailMissing: number;
  sameLang: number;
  /** Share of the question's term weight stated anywhere in the retrieved passages. */
  stated: number;
  /** Share of the question's heavy terms (names, measured things) stated nowhere. */
  heavyMissing: number;
  english: number;
  followUp: number;
  /** The intent model's probability that this is off-topic or an injection attempt. */
  outOfScope: number;
  smalltalk: number;
  /** The question matched a question an editor linked to a passage (question index), when there is one. */
  linkedQuestion: number;
  /** The question asks whether (能报吗, 要交税吗), not for a figure, date, list or name. */
  yesNo: number;
}

const NAMES: (keyof AnswerabilitySignals)[] = [
  'confidence', 'relevant', 'topScore', 'best', 'second', 'coverage', 'own', 'requiredOk', 'asksRequired',
  'nameMissing', 'detailMissing', 'sameLang', 'stated', 'heavyMissing', 'english', 'followUp', 'outOfScope', 'smalltalk', 'linkedQuestion', 'yesNo',
];
const BINNED: (keyof AnswerabilitySignals)[] = ['confidence', 'best', 'coverage', 'stated', 'outOfScope', 'heavyMissing'];
const BINS = 5;
const DIM = NAMES.length + BINNED.length * BINS + 12;

function vector(s: AnswerabilitySignals): SparseVector {
  const v: SparseVector = new Map();
  NAMES.forEach((n, i) => v.set(i, s[n]));
  let at = NAMES.length;
  for (const n of BINNED) {
    v.set(at + Math.min(BINS - 1, Math.max(0, Math.floor(s[n] * BINS))), 1);
    at += BINS;
  }
  v.set(at++, s.best * s.stated);
  v.set(at++, s.best * s.confidence);
  v.set(at++, s.asksRequired * (1 - s.requiredOk));
  v.set(at++, s.coverage * (1 - s.nameMissing));
  v.set(at++, s.best * (1 - s.heavyMissing));
  v.set(at++, s.best * (1 - s.detailMissing));
  v.set(at++, s.best * s.detailMissing * s.asksRequired);
  v.set(at++, s.stated * s.stated);
  v.set(at++, s.confidence * s.stated);
  // Asked whether something holds, the sentence must state that very thing: a word of it stated
  // nowhere (交税 in "上市奖励要交税吗") leaves only sentences about the topic.
  v.set(at++, s.yesNo * s.heavyMissing);
  v.set(at++, s.yesNo * (1 - s.stated));
  v.set(at++, s.yesNo * (1 - s.own));
  return v;
}

export const ANSWERABILITY_MODEL_FILE = new URL('./models/answerability.json', import.meta.url);

/** Train on labelled signals. */
export function trainAnswerability(rows: { signals: AnswerabilitySignals; label: Answerability }[]): LogRegModel {
  const classes = [...ANSWERABILITY_CLASSES];
  const model = train('answerability', classes, DIM, rows.map((r) => vector(r.signals)), rows.map((r) => classes.indexOf(r.label)), { epochs: 400, learningRate: 0.5, l2: 1e-4 });
  return { ...model, meta: { ...model.meta, counts: Object.fromEntries(classes.map((c) => [c, rows.filter((r) => r.label === c).length])) } };
}

let shipped: LogRegModel | undefined;

/** The shipped model (read once). */
export function answerabilityModel(): LogRegModel {
  shipped ??= checkedModel(JSON.parse(readFileSync(ANSWERABILITY_MODEL_FILE, 'utf8')) as LogRegModel, DIM);
  return shipped;
}

/** Probabilities of answer / topic / none. */
export function judgeAnswerability(s: AnswerabilitySignals, model: LogRegModel = answerabilityModel()): Record<Answerability, number> {
  const p = predict(model, vector(s));
  return { answer: p[0]!, topic: p[1]!, none: p[2]! };
}
