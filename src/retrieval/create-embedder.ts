/** Picks the configured embedder. */
import type { Config } from '../config.js';
import type { Clock, Embedder, Logger } from '../core/ports.js';
import { LOCAL_HASH_ID, LocalHashEmbedder, type LocalHashState } from './local-hash-embedder.js';
import { OpenAIEmbedder, openAIEmbedderOptions } from './openai-embedder.js';

/**
 * The embedder named by EMBEDDINGS_PROVIDER; the local one takes the IDF state saved with the index.
 * `clock` drives the remote embedder's query circuit breaker.
 */
export function createEmbedder(config: Config, state?: LocalHashState, logger?: Logger, clock?: Clock): Embedder {
  if (config.EMBEDDINGS_PROVIDER === 'openai') return new OpenAIEmbedder({ ...openAIEmbedderOptions(config), logger, clock });
  return new LocalHashEmbedder(config.LOCAL_EMBEDDING_DIM, state);
}

/** Id and dimension (0: learned from the first response) of the configured embedder, without building it. */
export function configuredEmbedder(config: Config): { embedder: string; dimension: number } {
  if (config.EMBEDDINGS_PROVIDER === 'local') return { embedder: LOCAL_HASH_ID, dimension: config.LOCAL_EMBEDDING_DIM };
  const dims = config.EMBEDDINGS_DIMENSIONS || undefined;
  return { embedder: `openai:${config.EMBEDDINGS_MODEL}${dims ? `@${dims}` : ''}`, dimension: dims ?? 0 };
}
