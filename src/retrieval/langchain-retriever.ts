/**
 * The knowledge base as a LangChain retriever, for teams that build their own chains or agents
 * over the bureau's knowledge. It wraps the `Retriever` port (usually the loaded, reloadable
 * knowledge base), so a chain gets the same hybrid ranking and the same "nothing relevant"
 * verdict as the bot, and every `Document` carries what a chain needs to cite it and to refuse.
 */
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Answerability, AnswerabilityVerdict, Retriever } from '../core/ports.js';
import type { Lang, RetrievalResult } from '../core/types.js';

/** Metadata of every `Document` a `ZixingRetriever` returns. */
export interface PassageMetadata {
  /** Chunk id (also the `Document`'s `id`). */
  chunkId: string;
  docId: string;
  title: string;
  /** Source file relative to the project root, e.g. `knowledge/project/….md`. */
  path: string;
  /** Headings above the passage, outermost first. */
  headingPath: string[];
  /** The document's original `source` (e.g. 湖南日报), when it names one. */
  source?: string;
  kind?: string;
  lang?: Lang;
  /** Fused relevance score of this passage, in [0, 1]; documents come best first. */
  score: number;
  /** 1-based position in the result, for [n] citations. */
  rank: number;
  /** The query actually searched. */
  query: string;
  /**
   * The verdict on the question (the same on every document of one call): a chain should refuse
   * rather than answer from these passages when it is false.
   */
  answerable: boolean;
  /** Probability that the question is answerable from these passages, in [0, 1]. */
  answerProbability: number;
}

/** Options of `ZixingRetriever`. */
export interface ZixingRetrieverInput extends BaseRetrieverInput {
  /** What to search: the loaded knowledge base, or any other implementation of the port. */
  retriever: Retriever;
  /** Passages per question (default: the wrapped retriever's, `RETRIEVAL_TOP_K` for the knowledge base). */
  k?: number;
  /** Judges answerability (default: `retrievalAnswerability`). */
  answerability?: Answerability;
}

/** The default verdict: the retrieval's calibrated `relevant` flag and `confidence`. */
export const retrievalAnswerability: Answerability = (_question, retrieval): AnswerabilityVerdict => ({
  answerable: retrieval.relevant,
  probability: retrieval.confidence,
});

/** LangChain `BaseRetriever` over the knowledge base: `invoke(question)` → cited `Document`s. */
export class ZixingRetriever extends BaseRetriever<PassageMetadata> {
  static override lc_name(): string {
    return 'ZixingRetriever';
  }

  lc_namespace = ['zixing', 'retrievers'];

  private readonly retriever: Retriever;
  private readonly k: number | undefined;
  private readonly answerability: Answerability;

  constructor({ retriever, k, answerability = retrievalAnswerability, ...fields }: ZixingRetrieverInput) {
    super(fields);
    this.retriever = retriever;
    this.k = k;
    this.answerability = answerability;
  }

  /** Search, judge the question once, and turn each passage into a `Document`. */
  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<PassageMetadata>[]> {
    const retrieval = await this.retriever.retrieve(query, this.k === undefined ? {} : { k: this.k });
    const verdict = await this.answerability(query, retrieval);
    return toDocuments(retrieval, verdict);
  }
}

/** The passages of a retrieval as LangChain `Document`s, each carrying the question's verdict. */
export function toDocuments(retrieval: RetrievalResult, verdict: AnswerabilityVerdict): Document<PassageMetadata>[] {
  return retrieval.passages.map((p, i) => {
    const metadata: PassageMetadata = {
      chunkId: p.id,
      docId: p.docId,
      title: p.title,
      path: p.path,
      headingPath: p.headingPath,
      score: p.score,
      rank: i + 1,
      query: retrieval.query,
      answerable: verdict.answerable,
      answerProbability: verdict.probability,
    };
    // Absent fields stay absent, so serialised metadata has no `undefined` holes.
    if (p.source !== undefined) metadata.source = p.source;
    if (p.kind !== undefined) metadata.kind = p.kind;
    if (p.lang !== undefined) metadata.lang = p.lang;
    return new Document({ pageContent: p.text, metadata, id: p.id });
  });
}
