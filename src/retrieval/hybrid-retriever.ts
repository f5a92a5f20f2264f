/**
 * Hybrid retrieval: HNSW cosine neighbours and BM25 hits are pooled, each candidate scored by a
 * weighted blend of cosine similarity, max-normalised BM25 and query-term coverage, and the
 * result is flagged relevant only when the query's salient terms are actually covered.
 */
import type { Embedder, Retriever } from '../core/ports.js';
import type { Passage, RetrievalResult } from '../core/types.js';
import { contentTerms, normalize, tokenize } from '../text/index.js';
import type { IndexData, StoredChunk } from './index-store.js';
import { indexedText } from '../ingest/splitter.js';
import { expandQuery } from './term-map.js';

/** Fusion weights and the relevance threshold (tuned on the dev cases; see scripts/eval.ts). */
export interface HybridOptions {
  /** Candidates taken from each of HNSW and BM25. */
  pool: number;
  wCosine: number;
  wBm25: number;
  wCoverage: number;
  /** Minimum confidence for `relevant`. */
  threshold: number;
  /** Most passages taken from one document in the top k. */
  perDoc: number;
  /** Minimum IDF-weighted share of query terms the best passages must contain. */
  minCoverage: number;
}

/** Defaults tuned on the sample knowledge base. */
export const DEFAULT_HYBRID: HybridOptions = { pool: 40, wCosine: 0.35, wBm25: 0.25, wCoverage: 0.4, threshold: 0.45, minCoverage: 0.45, perDoc: 2 };

/** Per-candidate signals, exposed for evaluation and debugging. */
export interface ScoredChunk {
  chunk: StoredChunk;
  cosine: number;
  bm25: number;
  coverage: number;
  score: number;
}

/** Retriever over one loaded index. Immutable: a reload builds a new one. */
export class HybridRetriever implements Retriever {
  private readonly byLabel = new Map<number, StoredChunk>();
  private readonly haystack = new Map<number, string>();

  constructor(
    private readonly data: IndexData,
    private readonly embedder: Embedder,
    private readonly opts: HybridOptions = DEFAULT_HYBRID,
  ) {
    for (const c of data.chunks) this.byLabel.set(c.label, c);
  }

  /** Normalised searchable text of a chunk (title, headings, body), built on first use. */
  private textOf(c: StoredChunk): string {
    if (c.search !== undefined) return c.search;
    let t = this.haystack.get(c.label);
    if (t === undefined) {
      t = normalize(indexedText(c.title, c.headingPath, c.text)).toLowerCase();
      this.haystack.set(c.label, t);
    }
    return t;
  }

  /** Score candidates for a query; best first. */
  async score(query: string): Promise<{ scored: ScoredChunk[]; terms: string[]; expanded: string[] }> {
    const terms = [...new Set(tokenize(query))];
    const expanded = expandQuery(terms, this.data.termPairs);
    const bmTokens = [...terms, ...expanded.flatMap((z) => tokenize(z))];
    const qText = expanded.length ? `${query} ${expanded.join(' ')}` : query;
    const qVec = await this.embedder.embedQuery(qText);
    const bm = this.data.bm25.search(bmTokens, this.opts.pool);
    const vec = this.data.vectors.search(qVec, this.opts.pool);
    const cand = new Map<number, { cosine: number; bm25: number }>();
    const floor = Math.max(0, vec.length ? vec[vec.length - 1]!.similarity : 0);
    for (const h of vec) cand.set(h.label, { cosine: Math.max(0, h.similarity), bm25: 0 });
    for (const h of bm) {
      const c = cand.get(h.label);
      if (c) c.bm25 = h.score;
      // Not among the nearest `pool` vectors, so its cosine is at most the last one's; using that
      // bound avoids fetching stored vectors from the native index on every query.
      else cand.set(h.label, { cosine: floor, bm25: h.score });
    }
    const maxBm = bm[0]?.score ?? 0;
    const weighted = this.termWeights(query);
    const totalW = weighted.reduce((a, b) => a + b.w, 0);
    const scored: ScoredChunk[] = [];
    for (const [label, c] of cand) {
      const chunk = this.byLabel.get(label);
      if (!chunk) continue;
      const hay = this.textOf(chunk);
      let covered = 0;
      for (const { term, parts, w } of weighted) {
        if (hay.includes(term)) covered += w;
        else if (parts.length) covered += (w * parts.filter((p) => hay.includes(p)).length) / parts.length;
      }
      const coverage = totalW > 0 ? covered / totalW : 0;
      const bm25 = maxBm > 0 ? c.bm25 / maxBm : 0;
      const score = this.opts.wCosine * c.cosine + this.opts.wBm25 * bm25 + this.opts.wCoverage * coverage;
      scored.push({ chunk, cosine: c.cosine, bm25, coverage, score: Math.min(1, Math.max(0, score)) });
    }
    scored.sort((a, b) => b.score - a.score);
    return { scored, terms, expanded };
  }

  /**
   * Content terms of the query weighted by rarity (BM25 IDF). A term the corpus never contains
   * weighs most, so a question about something the knowledge base lacks (天气, 每亩地价) cannot be
   * covered; a compound absent as a whole is weighted and covered through its parts.
   */
  termWeights(query: string): { term: string; parts: string[]; w: number }[] {
    const bm = this.data.bm25;
    return contentTerms(query).map(({ term, parts }) => {
      const w = bm.df(term) > 0 || parts.length === 0 ? bm.idf(term) : Math.max(...parts.map((p) => bm.idf(p)));
      // English morphology without a stemmer: match long Latin words by their prefix (invested ~ investment).
      const needle = /^[a-z]{6,}$/.test(term) ? term.slice(0, Math.max(5, term.length - 3)) : term;
      return { term: needle, parts, w };
    });
  }

  /** Top-k passages with a calibrated relevance flag. */
  async retrieve(query: string, opts: { k?: number } = {}): Promise<RetrievalResult> {
    const k = opts.k ?? 5;
    if (!query.trim() || this.data.chunks.length === 0) return { passages: [], relevant: false, confidence: 0, query };
    const { scored } = await this.score(query);
    // At most `perDoc` passages of one document, so the top k spans sources instead of repeating one.
    const top: ScoredChunk[] = [];
    const perDoc = new Map<string, number>();
    for (const s of scored) {
      const n = perDoc.get(s.chunk.docId) ?? 0;
      if (n >= this.opts.perDoc) continue;
      perDoc.set(s.chunk.docId, n + 1);
      top.push(s);
      if (top.length >= k) break;
    }
    const best = top[0];
    const confidence = best ? best.score : 0;
    const bestCoverage = Math.max(0, ...top.slice(0, 3).map((s) => s.coverage));
    const relevant = confidence >= this.opts.threshold && bestCoverage >= this.opts.minCoverage;
    const passages: Passage[] = top.map((s) => ({
      id: s.chunk.id,
      docId: s.chunk.docId,
      title: s.chunk.title,
      path: s.chunk.path,
      headingPath: s.chunk.headingPath,
      text: s.chunk.text,
      score: Math.round(s.score * 1000) / 1000,
      kind: s.chunk.kind,
      lang: s.chunk.lang,
      source: s.chunk.source,
    }));
    return { passages, relevant, confidence: Math.round(confidence * 1000) / 1000, query };
  }
}
