/** Retrieval: embedders, vector and BM25 indexes, hybrid search over the saved knowledge base. */
export { openKnowledgeBase, type KnowledgeBase, type KnowledgeBaseStatus, type OpenOptions } from './knowledge-base.js';
export { HybridRetriever, DEFAULT_HYBRID, type HybridOptions, type ScoredChunk } from './hybrid-retriever.js';
export { createEmbedder } from './create-embedder.js';
export { LocalHashEmbedder, fitLocalHash, type LocalHashState } from './local-hash-embedder.js';
export { OpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder.js';
export { EmbedderEmbeddings } from './langchain-embeddings.js';
export { ZixingRetriever, retrievalAnswerability, toDocuments, type PassageMetadata, type ZixingRetrieverInput } from './langchain-retriever.js';
export { Bm25Index } from './bm25.js';
export { VectorIndex } from './vector-index.js';
export { loadIndex, saveIndex, readMeta, indexDir, indexProblem, type IndexProblem, type StoredChunk, type IndexData, type IndexMeta } from './index-store.js';
