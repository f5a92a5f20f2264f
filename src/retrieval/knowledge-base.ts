/**
 * The loaded knowledge base the server holds: a Retriever plus status, with `reload()` swapping
 * in a freshly ingested index atomically (queries already running finish on the old one).
 */
import type { Config } from '../config.js';
import { silentLogger } from '../core/log.js';
import type { Clock, Embedder, Logger, Retriever } from '../core/ports.js';
import type { RetrievalResult } from '../core/types.js';
import { createEmbedder } from './create-embedder.js';
import { DEFAULT_HYBRID, HybridRetriever, type HybridOptions } from './hybrid-retriever.js';
import { loadIndex, type IndexData } from './index-store.js';
import { readThesaurus, THESAURUS_FILE, useThesaurus } from '../text/thesaurus.js';
import { useBridge } from '../text/bridge.js';

/** What the server and console show about the index. */
export interface KnowledgeBaseStatus {
  documents: number;
  chunks: number;
  builtAt: number | null;
  embedder: string;
  errors: { path: string; reason: string }[];
  /** Documents flagged for review at ingest. */
  flags: { path: string; flags: string[] }[];
}

/** A Retriever over the current index, reloadable without a restart. */
export interface KnowledgeBase extends Retriever {
  status(): KnowledgeBaseStatus;
  reload(): Promise<void>;
}

/** Options of `openKnowledgeBase`. */
export interface OpenOptions {
  logger?: Logger;
  /** Use this embedder instead of the configured one (tests, benchmarks). */
  embedder?: Embedder;
  hybrid?: Partial<HybridOptions>;
  /** Clock of the remote embedder's circuit breaker (default: the wall clock). */
  clock?: Clock;
}

interface Loaded {
  data: IndexData;
  retriever: HybridRetriever;
}

/** Load index + embedder; throws index_missing / index_corrupt / index_mismatch. */
function load(config: Config, opts: OpenOptions): Loaded {
  const probe = opts.embedder ?? createEmbedder(config, undefined, opts.logger, opts.clock);
  const data = loadIndex(config.DATA_DIR, {
    embedder: probe.id,
    dimension: probe.dimension,
    m: config.HNSW_M,
    efConstruction: config.HNSW_EF_CONSTRUCTION,
    efSearch: config.HNSW_EF_SEARCH,
  });
  // The local embedder needs the IDF learned at ingest; a given embedder is used as is.
  const embedder = opts.embedder ?? createEmbedder(config, data.embedderState, opts.logger, opts.clock);
  return { data, retriever: new HybridRetriever(data, embedder, { ...DEFAULT_HYBRID, ...opts.hybrid }, opts.logger) };
}

/** Open the knowledge base under `${DATA_DIR}/index/`. */
export async function openKnowledgeBase(config: Config, opts: OpenOptions = {}): Promise<KnowledgeBase> {
  const log = opts.logger ?? silentLogger;
  let current = load(config, opts);
  applyThesaurus(config, log);
  useBridge(current.data.termPairs);
  log.info('knowledge base loaded', { chunks: current.data.meta.chunks, embedder: current.data.meta.embedder });
  return {
    retrieve(query: string, o?: { k?: number }): Promise<RetrievalResult> {
      // Bind the current retriever now: a reload during this query does not affect it.
      const r = current.retriever;
      return r.retrieve(query, { k: o?.k ?? config.RETRIEVAL_TOP_K });
    },
    transliterate(text: string): string {
      return current.retriever.transliterate(text);
    },
    status(): KnowledgeBaseStatus {
      const m = current.data.meta;
      return { documents: m.documents, chunks: m.chunks, builtAt: m.builtAt, embedder: m.embedder, errors: m.errors, flags: m.flags ?? [] };
    },
    async reload(): Promise<void> {
      // Build the new one fully before swapping; on failure the old one stays in service.
      const next = load(config, opts);
      current = next;
      applyThesaurus(config, log);
      useBridge(next.data.termPairs);
      log.info('knowledge base reloaded', { chunks: next.data.meta.chunks });
    },
  };
}

/** The editor's thesaurus beside the documents, re-read with them (a bad line is reported and skipped). */
function applyThesaurus(config: Config, log: Logger): void {
  const t = readThesaurus(config.KNOWLEDGE_DIR);
  for (const p of t.problems) log.warn('thesaurus line skipped', { file: THESAURUS_FILE, problem: p });
  useThesaurus(t);
}
