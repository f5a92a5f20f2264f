/**
 * The question index: questions editors and staff linked to documents (front matter `questions:`,
 * sidecars, taught links), matched against an incoming question as questions — never mixed into the
 * passage text the BM25 and vector indexes hold. A match is scored from retrieval's own signals
 * (embedding cosine and IDF-weighted term coverage in both directions), so the answer gate can use
 * it as a rule over scores, with no word lists and no retraining of the understanding models.
 */

/** One indexed question and the chunks it points at (a linked passage, or every chunk of its document). */
export interface QuestionEntry {
  question: string;
  path: string;
  chunkIds: string[];
  /** The question's embedding as made at ingest (unit length), when the index has one. */
  vector?: number[];
}

/** A weighted content term, as the hybrid retriever weighs them. */
export interface WeightedTerm {
  term: string;
  parts: string[];
  w: number;
}

/** The best question-index match of a query. */
export interface QuestionMatch {
  entry: QuestionEntry;
  score: number;
  cosine: number;
  coverage: number;
}

/** Weight of the embedding cosine in the match score (the rest is two-way term coverage). */
const W_COSINE = 0.4;

/**
 * Score at and above which a match is "strong": the question was, for retrieval's signals, asked
 * as an indexed one. Chosen by hand (not yet tuned on a labelled set): on the paraphrases tried in
 * test/teach/qa-documents.test.ts and test/browser/teach.test.ts a paraphrase sharing the topic
 * words scored above it, and a question sharing only 资兴/是多少 with an indexed one stayed below.
 */
export const STRONG_QUESTION_MATCH = 0.7;

/** IDF-weighted share of `terms` found in `hay` (a compound absent as a whole counts through its parts). */
export function weightedCoverage(terms: WeightedTerm[], hay: string): number {
  let total = 0;
  let covered = 0;
  for (const { term, parts, w } of terms) {
    total += w;
    if (hay.includes(term)) covered += w;
    else if (parts.length) covered += (w * parts.filter((p) => hay.includes(p)).length) / parts.length;
  }
  return total > 0 ? covered / total : 0;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/** The indexed questions of one index, with their normalised text and term weights made on first use. */
export class QuestionIndex {
  private readonly norms: string[];
  private readonly weights = new Map<number, WeightedTerm[]>();

  constructor(
    readonly entries: readonly QuestionEntry[],
    private readonly normalizeText: (s: string) => string,
    private readonly termWeights: (norm: string) => WeightedTerm[],
  ) {
    this.norms = entries.map((e) => normalizeText(e.question).toLowerCase());
  }

  get size(): number {
    return this.entries.length;
  }

  /** The best match of a normalised query (with its unit vector, when there is one), or undefined. */
  match(queryNorm: string, queryVector: number[] | undefined): QuestionMatch | undefined {
    if (this.entries.length === 0) return undefined;
    const qLower = queryNorm.toLowerCase();
    const qTerms = this.termWeights(queryNorm);
    if (qTerms.length === 0) return undefined;
    let best: QuestionMatch | undefined;
    for (const [i, entry] of this.entries.entries()) {
      const forward = weightedCoverage(qTerms, this.norms[i]!);
      if (forward === 0) continue;
      let w = this.weights.get(i);
      if (!w) {
        w = this.termWeights(this.norms[i]!);
        this.weights.set(i, w);
      }
      const backward = weightedCoverage(w, qLower);
      const coverage = forward + backward > 0 ? (2 * forward * backward) / (forward + backward) : 0;
      const cosine = queryVector && entry.vector ? Math.max(0, dot(queryVector, entry.vector)) : coverage;
      const score = W_COSINE * cosine + (1 - W_COSINE) * coverage;
      if (!best || score > best.score) best = { entry, score, cosine, coverage };
    }
    return best;
  }
}
