/**
 * A small BM25 index over `tokenize` tokens, serialisable to JSON. Built in one pass at ingest;
 * documents are addressed by the same integer labels as the vector index.
 */
import { CodedError } from '../core/errors.js';

/** Serialised form of a BM25 index. */
export interface Bm25Data {
  version: 1;
  k1: number;
  b: number;
  labels: number[];
  lengths: number[];
  /** term → flat [docIndex, tf, docIndex, tf, …] */
  postings: Record<string, number[]>;
}

/** One BM25 hit. */
export interface Bm25Hit {
  label: number;
  score: number;
}

/** BM25 (Okapi) with k1/b defaults tuned for short Chinese chunks. */
export class Bm25Index {
  private readonly postings = new Map<string, number[]>();
  private readonly labels: number[] = [];
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private scores: Float64Array | undefined;

  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.5,
  ) {}

  /** Number of documents. */
  get size(): number {
    return this.labels.length;
  }

  /** Add a document's tokens under `label`. */
  /** Every indexed term with its document frequency. */
  *vocabulary(): IterableIterator<[string, number]> {
    for (const [term, p] of this.postings) yield [term, p.length / 2];
  }

  add(label: number, tokens: readonly string[]): void {
    const doc = this.labels.length;
    this.labels.push(label);
    this.lengths.push(tokens.length);
    this.totalLength += tokens.length;
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = []));
      p.push(doc, n);
    }
  }

  /** Documents containing `term`. */
  df(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
  }

  /** BM25 IDF of a term (never negative). */
  idf(term: string): number {
    const n = this.size;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Top `k` documents for the query tokens (duplicates in the query count once). */
  search(tokens: string[], k: number, weights?: Map<string, number>): Bm25Hit[] {
    const n = this.size;
    if (n === 0 || k <= 0) return [];
    const avg = this.totalLength / n || 1;
    // Scratch buffers reused across queries: a fresh 100k-entry array per query shows up in p99.
    if (!this.scores || this.scores.length < n) this.scores = new Float64Array(n);
    const scores = this.scores;
    const touched: number[] = [];
    // Terms in more than 30% of documents move scores little but cost the most; they are skipped
    // when the query has rarer terms to rank by (document-frequency pruning).
    const terms = [...new Set(tokens)].filter((t) => this.postings.has(t));
    const hasRare = terms.some((t) => this.df(t) <= n * 0.3);
    for (const term of terms) {
      const p = this.postings.get(term)!;
      if (hasRare && p.length / 2 > n * 0.3) continue;
      const idf = this.idf(term) * (weights?.get(term) ?? 1);
      for (let i = 0; i < p.length; i += 2) {
        const d = p[i]!;
        const tf = p[i + 1]!;
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * this.lengths[d]!) / avg));
        if (scores[d] === 0) touched.push(d);
        scores[d]! += s;
      }
    }
    // Keep the best k in a small sorted array instead of sorting every touched document.
    const best: number[] = [];
    for (const d of touched) {
      const s = scores[d]!;
      if (best.length === k && s <= scores[best[k - 1]!]!) continue;
      let i = best.length === k ? k - 1 : best.length;
      while (i > 0 && scores[best[i - 1]!]! < s) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = d;
    }
    const out = best.map((d) => ({ label: this.labels[d]!, score: scores[d]! }));
    for (const d of touched) scores[d] = 0;
    return out;
  }

  /** Plain-JSON form for saving. */
  toJSON(): Bm25Data {
    return { version: 1, k1: this.k1, b: this.b, labels: this.labels, lengths: this.lengths, postings: Object.fromEntries(this.postings) };
  }

  /** Rebuild from `toJSON()` output; throws index_corrupt on a malformed shape. */
  static fromJSON(data: unknown): Bm25Index {
    const d = data as Partial<Bm25Data> | null;
    if (!d || d.version !== 1 || !Array.isArray(d.labels) || !Array.isArray(d.lengths) || typeof d.postings !== 'object' || d.labels.length !== d.lengths.length) {
      throw new CodedError('index_corrupt', 'BM25 index file is malformed; re-build it with `npm run ingest`');
    }
    const idx = new Bm25Index(d.k1, d.b);
    // A loop, not push(...spread): a 100k-element spread overflows the call stack.
    for (let i = 0; i < d.labels.length; i++) {
      idx.labels.push(d.labels[i]!);
      idx.lengths.push(d.lengths[i]!);
    }
    idx.totalLength = d.lengths.reduce((a, b) => a + b, 0);
    for (const [t, p] of Object.entries(d.postings ?? {})) idx.postings.set(t, p);
    return idx;
  }
}
