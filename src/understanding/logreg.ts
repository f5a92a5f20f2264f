/**
 * Multinomial logistic regression over sparse hashed features: the one learner behind every
 * understanding model. Training is full-batch gradient descent with L2 and a fixed number of
 * epochs from zero weights, in a fixed example order, so the same corpus gives the same weights;
 * weights are rounded to 4 decimals when saved, so the shipped file is byte-for-byte reproducible.
 */
import { CodedError } from '../core/errors.js';

/** Sparse features: hashed index → value. */
export type SparseVector = Map<number, number>;

/** A trained model as shipped (JSON). */
export interface LogRegModel {
  /** What the model is for and which feature extractor it expects. */
  kind: string;
  version: number;
  classes: string[];
  /** Size of the hashed feature space. */
  dim: number;
  /** Row-major [class][feature], only non-zero entries kept: feature → weight per class. */
  weights: Record<string, number[]>;
  bias: number[];
  /** Free-form facts about training (corpus counts, hyper-parameters). */
  meta?: Record<string, unknown>;
}

/** Hyper-parameters of `train`. */
export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Per-class weights (to balance rare classes); default 1 each. */
  classWeight?: number[];
  /** Per-example weights (multiplying the class weight); default 1 each. */
  sampleWeight?: number[];
}

/** Train on `xs` (sparse features) with labels `ys` (class indices). */
export function train(kind: string, classes: string[], dim: number, xs: SparseVector[], ys: number[], opts: TrainOptions = {}): LogRegModel {
  const epochs = opts.epochs ?? 200;
  const lr = opts.learningRate ?? 0.5;
  const l2 = opts.l2 ?? 1e-4;
  const k = classes.length;
  const cw = opts.classWeight ?? classes.map(() => 1);
  const w = Array.from({ length: k }, () => new Float64Array(dim));
  const b = new Float64Array(k);
  const n = xs.length;
  const entries = xs.map((x) => [...x.entries()].sort((p, q) => p[0] - q[0]));
  const gw = Array.from({ length: k }, () => new Float64Array(dim));
  const gb = new Float64Array(k);
  const probs = new Float64Array(k);
  // Adagrad-style per-feature step sizes: rare n-grams learn as fast as common ones.
  const hist = Array.from({ length: k }, () => new Float64Array(dim).fill(1e-8));
  const histB = new Float64Array(k).fill(1e-8);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const g of gw) g.fill(0);
    gb.fill(0);
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      scores(w, b, e, probs);
      softmaxInPlace(probs);
      const y = ys[i]!;
      const weight = cw[y]! * (opts.sampleWeight?.[i] ?? 1);
      for (let c = 0; c < k; c++) {
        const d = weight * (probs[c]! - (c === y ? 1 : 0));
        if (d === 0) continue;
        gb[c]! += d;
        const gwc = gw[c]!;
        for (const [j, v] of e) gwc[j]! += d * v;
      }
    }
    for (let c = 0; c < k; c++) {
      const wc = w[c]!;
      const gwc = gw[c]!;
      const hc = hist[c]!;
      for (let j = 0; j < dim; j++) {
        const g = gwc[j]! / n + l2 * wc[j]!;
        if (g === 0) continue;
        hc[j]! += g * g;
        wc[j]! -= (lr * g) / Math.sqrt(hc[j]!);
      }
      const g = gb[c]! / n;
      histB[c]! += g * g;
      b[c]! -= (lr * g) / Math.sqrt(histB[c]!);
    }
  }
  const weights: Record<string, number[]> = {};
  for (let j = 0; j < dim; j++) {
    const row = w.map((wc) => round(wc[j]!));
    if (row.some((v) => v !== 0)) weights[String(j)] = row;
  }
  return { kind, version: 1, classes, dim, weights, bias: [...b].map(round), meta: { examples: n, epochs, learningRate: lr, l2 } };
}

/**
 * A shipped model whose feature space matches the code reading it. A model file trained by other
 * code (features added or removed without `npm run train`) would give quietly wrong probabilities.
 */
export function checkedModel(model: LogRegModel, dim: number): LogRegModel {
  if (model.dim !== dim) throw new CodedError('model_mismatch', `the ${model.kind} model has ${model.dim} features but the code makes ${dim}: run npm run train`);
  return model;
}

/** Class probabilities for one example. */
export function predict(model: LogRegModel, x: SparseVector): number[] {
  const out = model.bias.slice();
  for (const [j, v] of x) {
    const row = model.weights[String(j)];
    if (!row) continue;
    for (let c = 0; c < out.length; c++) out[c]! += row[c]! * v;
  }
  const p = Float64Array.from(out);
  softmaxInPlace(p);
  return [...p];
}

function scores(w: Float64Array[], b: Float64Array, e: [number, number][], out: Float64Array): void {
  for (let c = 0; c < w.length; c++) {
    let s = b[c]!;
    const wc = w[c]!;
    for (const [j, v] of e) s += wc[j]! * v;
    out[c] = s;
  }
}

function softmaxInPlace(p: Float64Array): void {
  let max = -Infinity;
  for (const v of p) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = Math.exp(p[i]! - max);
    sum += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i]! /= sum;
}

function round(v: number): number {
  const r = Math.round(v * 1e4) / 1e4;
  return Object.is(r, -0) ? 0 : r;
}

/** FNV-1a of a string, reduced to `dim` buckets: the hashing trick for feature names. */
export function hashFeature(name: string, dim: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % dim;
}

/** Build a sparse vector from named features (values add up on collisions), L2-normalised when asked. */
export function vectorize(named: Iterable<[string, number]>, dim: number, normalise = true): SparseVector {
  const v: SparseVector = new Map();
  for (const [name, value] of named) {
    const j = hashFeature(name, dim);
    v.set(j, (v.get(j) ?? 0) + value);
  }
  if (normalise) {
    let norm = 0;
    for (const x of v.values()) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [j, x] of v) v.set(j, x / norm);
  }
  return v;
}

/** Expected calibration error of binary probabilities against 0/1 outcomes, over `bins` equal-width bins. */
export function expectedCalibrationError(probs: number[], outcomes: boolean[], bins = 10): number {
  const sum = new Array<number>(bins).fill(0);
  const hit = new Array<number>(bins).fill(0);
  const count = new Array<number>(bins).fill(0);
  probs.forEach((p, i) => {
    const bin = Math.min(bins - 1, Math.floor(p * bins));
    sum[bin]! += p;
    hit[bin]! += outcomes[i] ? 1 : 0;
    count[bin]! += 1;
  });
  let ece = 0;
  for (let i = 0; i < bins; i++) if (count[i]) ece += (count[i]! / probs.length) * Math.abs(sum[i]! / count[i]! - hit[i]! / count[i]!);
  return ece;
}
