/**
 * Hybrid retrieval: HNSW cosine neighbours and BM25 hits are pooled, each candidate scored by a
 * weighted blend of cosine similarity, max-normalised BM25 and query-term coverage, and the
 * result is flagged relevant only when the query's salient terms are actually covered.
 */
import { LRUCache } from 'lru-cache';
import { buildPinyinBridge, wordsFromHomophones, wordsFromPinyin, type PinyinBridge } from './pinyin-bridge.js';
import { asCodedError } from '../core/errors.js';
import { silentLogger } from '../core/log.js';
import type { Embedder, Logger, Retriever } from '../core/ports.js';
import type { Passage, RetrievalResult } from '../core/types.js';
import { contentTermsNormalized, normalize, tokenize, tokenizeNormalized } from '../text/index.js';
import type { IndexData, StoredChunk } from './index-store.js';
import { indexedText } from './indexed-text.js';
import { hashFeaturesNormalized, LocalHashEmbedder } from './local-hash-embedder.js';
import { QuestionIndex, STRONG_QUESTION_MATCH, type QuestionMatch } from './question-index.js';
import { expandQuery, translationsOf } from './term-map.js';

/** The vector scaled to unit length (cosines against stored unit vectors are then dot products). */
function unit(v: number[]): number[] {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return n > 0 && Math.abs(n - 1) > 1e-6 ? v.map((x) => x / n) : v;
}

/** Fusion weights and the relevance threshold (tuned on the dev cases; see scripts/eval.ts). */
export interface HybridOptions {
  /** Candidates taken from each of HNSW and BM25. */
  pool: number;
  wCosine: number;
  wBm25: number;
  wCoverage: number;
  /** Minimum confidence for `relevant`. */
  threshold: number;
  /**
   * Most passages taken from one document in the top k. A policy file ingested clause by clause
   * holds its answer in one of many small passages (a table row, 第九条): with three a document,
   * the row that answers often ranked fourth and never reached the answer layer (chosen on the
   * validation sets: 3 → 802 right decisions of 965, 4 and 5 → 805, 8 → 803).
   */
  perDoc: number;
  /** Minimum IDF-weighted share of query terms the best passages must contain. */
  minCoverage: number;
}

/** Defaults tuned on the sample knowledge base. */
export const DEFAULT_HYBRID: HybridOptions = { pool: 40, wCosine: 0.35, wBm25: 0.25, wCoverage: 0.4, threshold: 0.45, minCoverage: 0.45, perDoc: 5 };

/** Weight of an answer-type word (哪些城市, which cities) relative to a topic word. */
const ANSWER_TYPE_FACTOR = 0.3;
/** Weight of a function word (preposition, adverb, pronoun, numeral) relative to a topic word. */
const FUNCTION_WORD_FACTOR = 0.35;
/** Chunks scanned to estimate a substring document frequency. */
const SDF_SAMPLE = 4000;
/** Credit for an English word of the question that a passage says only in Chinese (the dictionary bridge's wording). */
const TRANSLATED = 1;

/** BM25's IDF for a document frequency. */
function idfOf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Share of the unseen-word weight for a word absent from the corpus, by part of speech: nouns and
 * names are what a question is about; verbs, time, numeral and function words usually are not;
 * English words get less because English passages are translations with varying vocabulary.
 */
function unseenFactor(term: string, pos: string, englishQuery: boolean): number {
  // In a Chinese question a Latin word is a name or acronym (GDP, AI): as topical as a noun.
  if (/^[a-z]/.test(term)) return englishQuery ? 0.6 : 1;
  if (pos === 'vn' || pos.startsWith('v')) return 0.5;
  // Function words are scaled down separately (FUNCTION_WORD_FACTOR); time words (去年, 下周) here.
  if (/^(n|eng|x|j|nz|nr|ns|nt)/.test(pos) || /^(p|d|c|u|r|f|m|q|y|e|o|z)/.test(pos)) return 1;
  return 0.35;
}

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
  /** Substring document frequencies of query words that are not corpus tokens. */
  private readonly sdf = new LRUCache<string, number>({ max: 10_000 });
  private readonly questions: QuestionIndex;
  private readonly byId = new Map<string, StoredChunk>();

  constructor(
    private readonly data: IndexData,
    private readonly embedder: Embedder,
    private readonly opts: HybridOptions = DEFAULT_HYBRID,
    private readonly logger: Logger = silentLogger,
  ) {
    for (const c of data.chunks) {
      this.byLabel.set(c.label, c);
      this.byId.set(c.id, c);
    }
    this.questions = new QuestionIndex(data.questions ?? [], normalize, (norm) => this.termWeightsNormalized(norm));
  }

  private bridge: PinyinBridge | undefined;

  /** The question plus the knowledge base's words it spells in pinyin or mistypes as homophones (the bridge is built on first use). */
  transliterate(text: string): string {
    // Only text with Latin letters can spell pinyin, only Chinese mistype a homophone; the bridge
    // costs one pass over the vocabulary.
    const latin = /[a-z]{2}/i.test(text);
    const han = /\p{Script=Han}/u.test(text);
    if (!latin && !han) return text;
    this.bridge ??= buildPinyinBridge(this.data.bm25.vocabulary());
    const words = [...(latin ? wordsFromPinyin(text, this.bridge) : []), ...(han ? wordsFromHomophones(text, this.bridge) : [])];
    return words.length ? `${text} ${[...new Set(words)].join(' ')}` : text;
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

  /** Score candidates for a query; best first. The query is normalised and segmented once. */
  async score(query: string): Promise<{ scored: ScoredChunk[]; terms: string[]; expanded: string[]; question?: QuestionMatch }> {
    const norm = normalize(query);
    const words = tokenizeNormalized(norm);
    const terms = [...new Set(words)];
    const expanded = expandQuery(terms, this.data.termPairs);
    const translations = /[a-z]/.test(norm) ? translationsOf(terms, this.data.termPairs) : undefined;
    const expandedWords = expanded.flatMap((z) => tokenize(z));
    const bmTokens = [...terms, ...expandedWords];
    const qNorm = expanded.length ? normalize(`${norm} ${expanded.join(' ')}`) : norm;
    const qVec = await this.queryVector(qNorm, [...words, ...expandedWords]);
    const bm = this.data.bm25.search(bmTokens, this.opts.pool);
    const vec = qVec ? this.data.vectors.search(qVec, this.opts.pool) : [];
    const cand = new Map<number, { cosine: number; bm25: number }>();
    for (const h of vec) cand.set(h.label, { cosine: Math.max(0, h.similarity), bm25: 0 });
    for (const h of bm) {
      const c = cand.get(h.label);
      if (c) c.bm25 = h.score;
      // Not among the nearest `pool` vectors: its exact cosine, from the cached stored vector.
      else cand.set(h.label, { cosine: qVec ? Math.max(0, this.data.vectors.similarity(h.label, qVec)) : 0, bm25: h.score });
    }
    const maxBm = bm[0]?.score ?? 0;
    const weighted = this.termWeightsNormalized(norm);
    const totalW = weighted.reduce((a, b) => a + b.w, 0);
    const { wCosine, wBm25, wCoverage } = this.opts;
    // Without a query vector the other two signals carry the cosine's weight too, so the
    // relevance threshold keeps its meaning.
    const scale = qVec ? 1 : (wCosine + wBm25 + wCoverage) / (wBm25 + wCoverage);
    const scored: ScoredChunk[] = [];
    for (const [label, c] of cand) {
      const chunk = this.byLabel.get(label);
      if (!chunk) continue;
      const hay = this.textOf(chunk);
      let covered = 0;
      for (const { term, word, parts, w } of weighted) {
        if (hay.includes(term)) covered += w;
        else if (parts.length) covered += (w * parts.filter((p) => hay.includes(p)).length) / parts.length;
        // An English word of the question said in Chinese by the passage (subsidy ~ 补贴).
        else if (translations?.get(word)?.some((z) => hay.includes(z))) covered += w * TRANSLATED;
      }
      const coverage = totalW > 0 ? covered / totalW : 0;
      const bm25 = maxBm > 0 ? c.bm25 / maxBm : 0;
      const score = scale * (wCosine * c.cosine + wBm25 * bm25 + wCoverage * coverage);
      scored.push({ chunk, cosine: c.cosine, bm25, coverage, score: Math.min(1, Math.max(0, score)) });
    }
    scored.sort((a, b) => b.score - a.score);
    // The question index sees the question as asked (not the expanded query): it matches questions.
    const question = this.questions.size ? this.questions.match(norm, qVec) : undefined;
    return { scored, terms, expanded, ...(question ? { question } : {}) };
  }

  /**
   * The query's embedding, or undefined when the embedder fails (endpoint down, malformed reply,
   * circuit open): BM25 and term coverage still rank, so the user gets an answer instead of an error.
   */
  private async queryVector(norm: string, words: string[]): Promise<number[] | undefined> {
    try {
      // The local embedder reuses the query's tokens instead of segmenting the text again.
      const v = this.embedder instanceof LocalHashEmbedder ? this.embedder.embedFeatures(hashFeaturesNormalized(norm, words)) : await this.embedder.embedQuery(norm);
      return unit(v);
    } catch (err) {
      const e = asCodedError(err);
      this.logger.warn('query embedding failed; ranking with BM25 only', { code: e.code, error: e.message });
      return undefined;
    }
  }

  /**
   * Content terms of the query weighted by rarity (BM25 IDF). A topical word the corpus never
   * contains (天气, 电价, GDP) weighs most, so a question about something the knowledge base lacks
   * cannot be covered; a compound absent as a whole is weighted and covered through its parts.
   * Absent words that rarely carry the topic weigh less: verbs (担任, 去过), time, numeral and
   * function words, English words (translations vary more), and answer-type words (哪些**城市**).
   */
  termWeights(query: string): { term: string; word: string; parts: string[]; w: number }[] {
    return this.termWeightsNormalized(normalize(query));
  }

  private termWeightsNormalized(norm: string): { term: string; word: string; parts: string[]; w: number }[] {
    const bm = this.data.bm25;
    const unseen = bm.idf('\u0000');
    const english = !/[\u3400-\u9fff]/.test(norm);
    return contentTermsNormalized(norm).map(({ term, parts, pos = '', answerType }) => {
      let w: number;
      if (bm.df(term) > 0) w = bm.idf(term);
      else if (parts.length) {
        w = Math.max(...parts.map((p) => bm.idf(p)));
        if (parts.every((p) => bm.df(p) === 0)) w *= unseenFactor(term, pos, english);
      } else {
        // Not a token of the corpus, but maybe inside its words (人 in 负责人): rarity as coverage sees it.
        const sdf = this.substringDf(term);
        w = sdf > 0 ? idfOf(sdf, this.data.chunks.length) : unseen * unseenFactor(term, pos, english);
      }
      if (answerType) w *= ANSWER_TYPE_FACTOR;
      // Prepositions, adverbs, pronouns, numerals and the like (由, 一般) never name the topic, even
      // when the corpus has them; a lone Han character (去, 坐) is weak evidence either way.
      if (/^(p|d|c|u|r|f|m|q|y|e|o|z)/.test(pos) && !/^[a-z]/.test(term)) w *= FUNCTION_WORD_FACTOR;
      else if (/^[\u3400-\u9fff]$/.test(term)) w *= 0.5;
      // English morphology without a stemmer: match long Latin words by their prefix (invested ~ investment).
      const needle = /^[a-z]{6,}$/.test(term) ? term.slice(0, Math.max(5, term.length - 3)) : term;
      return { term: needle, word: term, parts, w };
    });
  }

  /** Chunks whose searchable text contains `term`, estimated on a sample of large corpora. */
  private substringDf(term: string): number {
    const cached = this.sdf.get(term);
    if (cached !== undefined) return cached;
    const chunks = this.data.chunks;
    const step = Math.max(1, Math.floor(chunks.length / SDF_SAMPLE));
    let hits = 0;
    let seen = 0;
    for (let i = 0; i < chunks.length; i += step, seen++) if (this.textOf(chunks[i]!).includes(term)) hits++;
    const df = seen ? Math.round((hits * chunks.length) / seen) : 0;
    this.sdf.set(term, df);
    return df;
  }

  /** Top-k passages with a calibrated relevance flag. */
  async retrieve(query: string, opts: { k?: number } = {}): Promise<RetrievalResult> {
    const k = opts.k ?? 5;
    if (!query.trim() || this.data.chunks.length === 0) return { passages: [], relevant: false, confidence: 0, query };
    const { scored, question } = await this.score(query);
    const linked = question && question.score >= STRONG_QUESTION_MATCH ? this.linkedChunk(question, scored) : undefined;
    if (linked) {
      // The linked passage leads, scored as the match; the rest follow as retrieved.
      const at = scored.findIndex((s) => s.chunk.id === linked.chunk.id);
      if (at >= 0) scored.splice(at, 1);
      scored.unshift(linked);
    }
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
    const relevant = linked !== undefined || (confidence >= this.opts.threshold && bestCoverage >= this.opts.minCoverage);
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
      ...(s.chunk.docNo ? { docNo: s.chunk.docNo } : {}),
      ...(s.chunk.published ? { published: s.chunk.published } : {}),
    }));
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      passages,
      relevant,
      confidence: round(confidence),
      query,
      ...(linked && question ? { linked: { question: question.entry.question, score: round(question.score), passageId: linked.chunk.id } } : {}),
    };
  }

  /** The chunk a strong question match points at: of its chunks, the one retrieval scored best, else the first. */
  private linkedChunk(match: QuestionMatch, scored: ScoredChunk[]): ScoredChunk | undefined {
    const ids = new Set(match.entry.chunkIds);
    const hit = scored.find((s) => ids.has(s.chunk.id));
    const chunk = hit?.chunk ?? match.entry.chunkIds.map((id) => this.byId.get(id)).find((c) => c !== undefined);
    if (!chunk) return undefined;
    return { chunk, cosine: hit?.cosine ?? match.cosine, bm25: hit?.bm25 ?? 0, coverage: Math.max(hit?.coverage ?? 0, match.coverage), score: Math.max(hit?.score ?? 0, match.score) };
  }
}
