/**
 * The embedded default embedder: no network, no weights. Feature hashing of jieba words and Han
 * character bigrams/trigrams, TF-IDF weighted (IDF learned at ingest, saved with the index),
 * signed so collisions cancel instead of piling up, L2-normalised. Deterministic.
 *
 * Features are identified by a 30-bit hash computed straight from the characters (no feature
 * strings are built), so a 100k-chunk ingest keeps compact typed arrays instead of millions of
 * string-keyed map entries, and IDF lookups are small-integer map lookups.
 */
import type { Embedder } from '../core/ports.js';
import { normalize, tokenizeNormalized } from '../text/index.js';

/** IDF statistics learned from the corpus at ingest: feature ids and their document frequencies. */
export interface LocalHashState {
  version: 2;
  docs: number;
  ids: number[];
  df: number[];
}

/** A text's hashed features (ids with weighted counts) and its words, which BM25 indexes too. */
export interface HashedFeatures {
  ids: Int32Array;
  counts: Float32Array;
  words: readonly string[];
}

const HAN_RUN = /[\u3400-\u9fff]+/g;
/** FNV-1a offset bases, one per feature kind, so a word and a bigram with the same characters differ. */
const SEED = { word: 0x811c9dc5, bigram: 0x050c5d1f, trigram: 0x1b873593 } as const;

/** 30-bit FNV-1a of s[from, to): fast, stable across runs and platforms, a small integer for maps. */
function fnv1a(s: string, from: number, to: number, seed: number): number {
  let h = seed;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h ^ (h >>> 30)) & 0x3fffffff;
}

/** Weighted features of a text: words count fully, character n-grams catch what jieba splits differently. */
export function hashFeatures(text: string): HashedFeatures {
  return hashFeaturesNormalized(normalize(text));
}

/** `hashFeatures` of text already passed through `normalize`; `words` are its tokens when already known. */
export function hashFeaturesNormalized(norm: string, words: readonly string[] = tokenizeNormalized(norm)): HashedFeatures {
  const tf = new Map<number, number>();
  const add = (id: number, w: number) => tf.set(id, (tf.get(id) ?? 0) + w);
  for (const w of words) add(fnv1a(w, 0, w.length, SEED.word), 1);
  for (const m of norm.matchAll(HAN_RUN)) {
    const start = m.index!;
    const end = start + m[0].length;
    for (let i = start; i + 1 < end; i++) add(fnv1a(norm, i, i + 2, SEED.bigram), 0.5);
    for (let i = start; i + 2 < end; i++) add(fnv1a(norm, i, i + 3, SEED.trigram), 0.5);
  }
  const ids = new Int32Array(tf.size);
  const counts = new Float32Array(tf.size);
  let n = 0;
  for (const [id, c] of tf) {
    ids[n] = id;
    counts[n++] = c;
  }
  return { ids, counts, words };
}

/** Learn document frequencies of hashed features over the corpus texts (or their precomputed features). */
export function fitLocalHash(texts: Iterable<string | HashedFeatures>): LocalHashState {
  const df = new Map<number, number>();
  let docs = 0;
  for (const t of texts) {
    docs++;
    for (const id of (typeof t === 'string' ? hashFeatures(t) : t).ids) df.set(id, (df.get(id) ?? 0) + 1);
  }
  return { version: 2, docs, ids: [...df.keys()], df: [...df.values()] };
}

/** Id of the local embedder, recorded in the index (v1 hashed feature strings; v2 hashes characters). */
export const LOCAL_HASH_ID = 'local-hash-v2';

/** Local TF-IDF feature-hashing embedder. */
export class LocalHashEmbedder implements Embedder {
  readonly id = LOCAL_HASH_ID;
  private readonly df = new Map<number, number>();
  private readonly docs: number;

  constructor(
    readonly dimension: number,
    state?: LocalHashState,
  ) {
    this.docs = state?.docs ?? 0;
    if (state) for (let i = 0; i < state.ids.length; i++) this.df.set(state.ids[i]!, state.df[i]!);
  }

  /** Smoothed IDF; a feature never seen at ingest gets the highest weight. */
  private idf(id: number): number {
    return Math.log((this.docs + 1) / ((this.df.get(id) ?? 0) + 1)) + 1;
  }

  /** Embed one text synchronously (the work is CPU-only). */
  embed(text: string): number[] {
    return this.embedFeatures(hashFeatures(text));
  }

  /** Embed precomputed `hashFeatures` (ingest computes them once for IDF, vectors and BM25). */
  embedFeatures(features: HashedFeatures): number[] {
    const v = new Float64Array(this.dimension);
    const { ids, counts } = features;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const count = counts[i]!;
      // The bucket from the low bits, the sign from a multiplicative mix of all of them.
      const sign = Math.imul(id, 0x9e3779b1) < 0 ? -1 : 1;
      v[id % this.dimension]! += sign * (count === 1 ? 1 : 1 + Math.log(count)) * this.idf(id);
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
