/** Picks the configured embedder. */
import type { Config } from '../config.js';
import type { Embedder, Logger } from '../core/ports.js';
import { LocalHashEmbedder, type LocalHashState } from './local-hash-embedder.js';
import { OpenAIEmbedder, openAIEmbedderOptions } from './openai-embedder.js';

/** The embedder named by EMBEDDINGS_PROVIDER; the local one takes the IDF state saved with the index. */
export function createEmbedder(config: Config, state?: LocalHashState, logger?: Logger): Embedder {
  if (config.EMBEDDINGS_PROVIDER === 'openai') return new OpenAIEmbedder({ ...openAIEmbedderOptions(config), logger });
  return new LocalHashEmbedder(config.LOCAL_EMBEDDING_DIM, state);
}
