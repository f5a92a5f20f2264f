/** Lets LangChain code use any of our embedders. */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { Embedder } from '../core/ports.js';

/** LangChain `Embeddings` backed by an `Embedder`. */
export class EmbedderEmbeddings extends Embeddings {
  constructor(
    private readonly embedder: Embedder,
    params: EmbeddingsParams = {},
  ) {
    super(params);
  }

  /** Embed documents through the wrapped embedder (with LangChain's retry/concurrency caller). */
  override embedDocuments(documents: string[]): Promise<number[][]> {
    return this.caller.call(() => this.embedder.embedDocuments(documents));
  }

  /** Embed a query through the wrapped embedder. */
  override embedQuery(document: string): Promise<number[]> {
    return this.caller.call(() => this.embedder.embedQuery(document));
  }
}
