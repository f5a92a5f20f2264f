/**
 * The sentence ranker: how likely one sentence of a retrieved passage answers the question, from
 * features of the pair only (how much of the question it covers, whether it carries the kind of
 * figure asked for, whether the question's names are in it, its passage's rank and score…). Never
 * from the words themselves, so it carries over to documents it was not trained on.
 */
import { readFileSync } from 'node:fs';
import { checkedModel, predict, train, type LogRegModel, type SparseVector } from './logreg.js';

/** Numeric features of one (question, sentence) pair; all in [0, 1] or small ranges. */
export interface SentenceFeatures {
  coverage: number;
  own: number;
  featureShare: number;
  unitMatch: number;
  listBonus: number;
  topic: number;
  passageScore: number;
  rank: number;
  long: number;
  requiredOk: number;
  asksRequired: number;
  asksList: number;
  detailMissing: number;
  nameMissing: number;
  sameLang: number;
  position: number;
  hasFigure: number;
  /** Share of the question's Han character bigrams found in the sentence (typos and unsegmented words still overlap). */
  charOverlap: number;
  /** The same in the sentence's title and headings. */
  headOverlap: number;
}

const NAMES: (keyof SentenceFeatures)[] = [
  'coverage', 'own', 'featureShare', 'unitMatch', 'listBonus', 'topic', 'passageScore', 'rank', 'long',
  'requiredOk', 'asksRequired', 'asksList', 'detailMissing', 'nameMissing', 'sameLang', 'position', 'hasFigure', 'charOverlap', 'headOverlap',
];
const BINNED: (keyof SentenceFeatures)[] = ['coverage', 'own', 'topic', 'passageScore', 'charOverlap'];
const BINS = 5;

/** Dense features plus bins of the continuous ones and a few interactions (a linear model's non-linearity). */
export function rankerVector(f: SentenceFeatures): SparseVector {
  const v: SparseVector = new Map();
  NAMES.forEach((n, i) => v.set(i, f[n]));
  let at = NAMES.length;
  for (const n of BINNED) {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(f[n] * BINS)));
    v.set(at + bin, 1);
    at += BINS;
  }
  v.set(at++, f.asksRequired * f.requiredOk);
  v.set(at++, f.asksRequired * (1 - f.requiredOk));
  v.set(at++, f.coverage * f.sameLang);
  v.set(at++, f.coverage * (1 - f.nameMissing));
  v.set(at++, f.own * f.own);
  v.set(at++, f.charOverlap * f.sameLang);
  v.set(at++, f.charOverlap * f.requiredOk);
  return v;
}
const DIM = NAMES.length + BINNED.length * BINS + 7;

export const RANKER_MODEL_FILE = new URL('./models/sentence-ranker.json', import.meta.url);

/** Train on labelled candidate sentences (true: the sentence holds the answer). */
export function trainSentenceRanker(rows: { features: SentenceFeatures; positive: boolean }[]): LogRegModel {
  const xs = rows.map((r) => rankerVector(r.features));
  const ys = rows.map((r) => (r.positive ? 1 : 0));
  const pos = ys.filter(Boolean).length;
  const classWeight = [1, Math.min(5, (rows.length - pos) / Math.max(1, pos))];
  const model = train('sentence-ranker', ['other', 'answers'], DIM, xs, ys, { epochs: 300, learningRate: 0.5, l2: 1e-4, classWeight });
  return { ...model, meta: { ...model.meta, positives: pos } };
}

let shipped: LogRegModel | undefined;

/** The shipped ranker (read once). */
export function sentenceRankerModel(): LogRegModel {
  shipped ??= checkedModel(JSON.parse(readFileSync(RANKER_MODEL_FILE, 'utf8')) as LogRegModel, DIM);
  return shipped;
}

/** Probability that the sentence answers. */
export function rankSentence(f: SentenceFeatures, model: LogRegModel = sentenceRankerModel()): number {
  return predict(model, rankerVector(f))[1]!;
}
