/**
 * The embedded default embedder: no network, no weights. Feature hashing of jieba words and Han
 * character bigrams/trigrams, TF-IDF weighted (IDF learned at ingest, saved with the index),
 * signed so collisions cancel instead of piling up, L2-normalised. Deterministic.
 */
import type { Embedder } from '../core/ports.js';
import { normalize, tokenizeNormalized } from '../text/index.js';

/** IDF statistics learned from the corpus at ingest. */
export interface LocalHashState {
  docs: number;
  df: Record<string, number>;
}

const HAN_RUN = /[\u3400-\u9fff]+/g;

/** Weighted features of a text: words count fully, character n-grams catch what jieba splits differently. */
export function hashFeatures(text: string): Map<string, number> {
  return hashFeaturesNormalized(normalize(text));
}

/** `hashFeatures` of text already passed through `normalize`; `words` are its tokens when already known. */
export function hashFeaturesNormalized(norm: string, words: readonly string[] = tokenizeNormalized(norm)): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (f: string, w: number) => tf.set(f, (tf.get(f) ?? 0) + w);
  for (const w of words) add(`w:${w}`, 1);
  for (const run of norm.match(HAN_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) add(`b:${run.slice(i, i + 2)}`, 0.5);
    for (let i = 0; i + 2 < run.length; i++) add(`t:${run.slice(i, i + 3)}`, 0.5);
  }
  return tf;
}

/** 32-bit FNV-1a: fast, stable across runs and platforms. */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Learn document frequencies of hashed features over the corpus texts (or their precomputed features). */
export function fitLocalHash(texts: Iterable<string | Map<string, number>>): LocalHashState {
  const counts = new Map<string, number>();
  let docs = 0;
  for (const t of texts) {
    docs++;
    for (const f of (typeof t === 'string' ? hashFeatures(t) : t).keys()) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  return { docs, df: Object.fromEntries(counts) };
}

/** The words (`tokenize` tokens, repeated by count) inside a feature map, for BM25. */
export function wordsOf(features: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [f, n] of features) if (f.startsWith('w:')) for (let i = 0; i < n; i++) out.push(f.slice(2));
  return out;
}

/** Local TF-IDF feature-hashing embedder. */
export class LocalHashEmbedder implements Embedder {
  readonly id = 'local-hash-v1';
  private readonly dfMap: Map<string, number>;
  private readonly docs: number;
  /**
   * Bucket and signed IDF of features seen at ingest, filled on first use: ingest embeds the same
   * features over and over. Features never seen at ingest (new query words) are not kept, so a
   * long-running server's cache is bounded by the corpus vocabulary.
   */
  private readonly slots = new Map<string, { bucket: number; weight: number }>();

  constructor(
    readonly dimension: number,
    state?: LocalHashState,
  ) {
    this.docs = state?.docs ?? 0;
    this.dfMap = new Map(Object.entries(state?.df ?? {}));
  }

  private slot(feature: string): { bucket: number; weight: number } {
    const hit = this.slots.get(feature);
    if (hit) return hit;
    const sign = fnv1a(feature, 0x9e3779b9) & 1 ? 1 : -1;
    const s = { bucket: fnv1a(feature) % this.dimension, weight: sign * this.idf(feature) };
    if (this.dfMap.has(feature)) this.slots.set(feature, s);
    return s;
  }

  /** Smoothed IDF; a feature never seen at ingest gets the highest weight. */
  private idf(feature: string): number {
    return Math.log((this.docs + 1) / ((this.dfMap.get(feature) ?? 0) + 1)) + 1;
  }

  /** Embed one text synchronously (the work is CPU-only). */
  embed(text: string): number[] {
    return this.embedFeatures(hashFeatures(text));
  }

  /** Embed precomputed `hashFeatures` (ingest computes them once for IDF, vectors and BM25). */
  embedFeatures(features: Map<string, number>): number[] {
    const v = new Float64Array(this.dimension);
    for (const [f, count] of features) {
      const { bucket, weight } = this.slot(f);
      v[bucket]! += (count === 1 ? 1 : 1 + Math.log(count)) * weight;
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  /** Embed many texts. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  /** Embed a query. */
  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}
