/** Ingestion: knowledge files → chunks → embeddings → index files under `${DATA_DIR}/index/`. */
export { runIngest, type IngestSummary, type IngestOptions } from './run-ingest.js';
export { isIndexStale, indexDamage } from './stale.js';
export { progressBar } from './progress.js';
export { splitDocument, type Chunk } from './splitter.js';
export { indexedText } from '../retrieval/indexed-text.js';
export { loadDocument, type LoadedDocument } from './loaders.js';
