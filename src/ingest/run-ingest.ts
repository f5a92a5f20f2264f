/**
 * One ingest run: scan the knowledge folder, reuse chunks and vectors of unchanged files (by
 * sha256), load/split/embed new and changed ones, drop deleted ones, then write BM25, HNSW,
 * chunk store, manifest and meta in one atomic swap. Bad files are reported and skipped.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { CodedError, asCodedError } from '../core/errors.js';
import { silentLogger } from '../core/log.js';
import type { Clock, Embedder, Logger } from '../core/ports.js';
import { normalize, tokenizeNormalized } from '../text/index.js';
import { Bm25Index } from '../retrieval/bm25.js';
import { configuredEmbedder, createEmbedder } from '../retrieval/create-embedder.js';
import { fitLocalHash, hashFeaturesNormalized, LocalHashEmbedder, type HashedFeatures, type LocalHashState } from '../retrieval/local-hash-embedder.js';
import { loadIndex, saveIndex, type IndexData, type ManifestEntry, type StoredChunk } from '../retrieval/index-store.js';
import { extractTermPairs, isGlossary } from '../retrieval/term-map.js';
import { wordBridge } from './word-bridge.js';
import { ParallelIndexBuilder } from '../retrieval/parallel-build.js';
import { VectorIndex, type VectorIndexOptions } from '../retrieval/vector-index.js';
import { allowedLinkHosts } from '../core/links.js';
import { documentFlags, type DocumentFlag } from './flags.js';
import { loadDocument } from './loaders.js';
import { displayPrefix, scanKnowledge } from './scan.js';
import { readThesaurus, THESAURUS_FILE } from '../text/thesaurus.js';
import { indexedText } from '../retrieval/indexed-text.js';
import { questionsFingerprint, sidecarQuestions, uniqueQuestions, type TaughtKnowledge } from './questions.js';
import type { QuestionEntry } from '../retrieval/question-index.js';
import { loadTaught } from './taught-source.js';
import { splitDocument } from './splitter.js';

/** What an ingest run did. */
export interface IngestSummary {
  files: number;
  documents: number;
  chunks: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Chunks embedded in this run (the rest were reused). */
  embedded: number;
  errors: { path: string; reason: string }[];
  /** Documents to review: external links, payment requests, contact ids, instruction-like text. */
  flags: { path: string; flags: DocumentFlag[] }[];
  seconds: number;
}

/** Options of `runIngest`. */
export interface IngestOptions {
  logger?: Logger;
  onProgress?: (done: number, total: number) => void;
  embedder?: Embedder;
  clock?: Clock;
  /** Re-embed everything, ignoring the previous index. */
  full?: boolean;
  /** What staff taught (Q&A documents, linked questions); default: read from the database under DATA_DIR. */
  taught?: TaughtKnowledge;
}

/** Worker threads (= HNSW shards) for an ingest of `chunks` chunks: 1 below the parallel threshold. */
export function ingestShards(config: Config, chunks: number): number {
  if (chunks < config.INGEST_PARALLEL_MIN_CHUNKS) return 1;
  return config.INGEST_WORKERS > 0 ? config.INGEST_WORKERS : Math.max(1, Math.min(4, availableParallelism()));
}

/** Where vectors go as they are made: one in-process index, or shards built on worker threads. */
interface VectorSink {
  add(label: number, vector: number[]): void | Promise<void>;
  finish(): Promise<VectorIndex>;
  close(): Promise<void>;
}

function vectorSink(config: Config, opts: VectorIndexOptions, capacity: number, log: Logger): VectorSink {
  const shards = ingestShards(config, capacity);
  if (shards === 1) {
    const index = VectorIndex.create(opts, capacity);
    return { add: (label, v) => index.add(label, v), finish: async () => index, close: async () => {} };
  }
  const builder = new ParallelIndexBuilder(opts, shards, capacity);
  // The progress bar follows embedding; the graphs may take longer to finish than that.
  log.info('building the vector index on worker threads', { shards, chunks: capacity });
  return {
    add: (label, v) => builder.add(label, v),
    finish: () => builder.finish(),
    close: () => builder.close(),
  };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Version of what loaders and splitter make of a file. Chunks of an index built by another
 * version are not reused even for unchanged files (their titles, 文号 and clause boundaries would
 * be stale), and `isIndexStale` reports such an index so the next start re-ingests it.
 */
export const INGEST_VERSION = 3;

// Above this share of new chunks the local embedder's IDF is re-learned and everything re-embedded;
// below it the saved IDF is kept so unchanged chunks keep comparable vectors.
const REFIT_SHARE = 0.5;

/** Ingest the knowledge folder into `${DATA_DIR}/index/`; throws only when nothing could be ingested. */
export async function runIngest(config: Config, opts: IngestOptions = {}): Promise<IngestSummary> {
  const t0 = performance.now();
  const log = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const taught = opts.taught ?? (await loadTaught(config));
  const scanned = scanKnowledge(config.KNOWLEDGE_DIR);
  const prefix = displayPrefix(config.KNOWLEDGE_DIR);
  // A taught document exported to knowledge/ (same path) is read from the file: the file wins.
  const onDisk = new Set(scanned.map((f) => f.path));
  const files: { path: string; rel: string; size: number; mtimeMs: number; taught?: boolean; read: () => Buffer }[] = [
    ...scanned.map((f) => ({ ...f, read: () => readFileSync(f.file) })),
    ...taught.documents
      .filter((d) => !onDisk.has(`${prefix}/${d.rel}`))
      .map((d) => ({ path: `${prefix}/${d.rel}`, rel: d.rel, size: Buffer.byteLength(d.text), mtimeMs: 0, taught: true, read: () => Buffer.from(d.text, 'utf8') })),
  ];
  const previous = opts.full ? undefined : tryLoadPrevious(config, opts.embedder, log);
  const prevChunksById = new Map(previous?.chunks.map((c) => [c.id, c]) ?? []);

  const manifest: Record<string, ManifestEntry> = {};
  const errors: { path: string; reason: string }[] = [];
  const kept: { chunk: Omit<StoredChunk, 'label'>; vector?: number[] }[] = [];
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  let documents = 0;

  for (const f of files) {
    let buf: Buffer;
    try {
      buf = f.read();
    } catch (err) {
      errors.push({ path: f.path, reason: `unreadable: ${(err as Error).message}` });
      continue;
    }
    const hash = sha256(buf);
    const before = previous?.manifest[f.path];
    const base = { hash, size: f.size, mtimeMs: f.mtimeMs, ...(f.taught ? { taught: true } : {}) };
    if (before && before.hash === hash && previous) {
      if (before.error) {
        errors.push({ path: f.path, reason: before.error });
        manifest[f.path] = before;
        continue;
      }
      const reused = before.chunkIds.map((id) => prevChunksById.get(id));
      if (reused.every((c): c is StoredChunk => c !== undefined)) {
        for (const c of reused) kept.push({ chunk: c, vector: previous.vectors.vector(c.label) });
        manifest[f.path] = { ...base, chunkIds: before.chunkIds, ...(before.questions?.length ? { questions: before.questions } : {}) };
        unchanged++;
        documents++;
        continue;
      }
    }
    try {
      const doc = await loadDocument(f.path, buf);
      const pieces = splitDocument(doc.body, { size: config.CHUNK_SIZE, overlap: config.CHUNK_OVERLAP, title: doc.title });
      if (pieces.length === 0) throw new CodedError('ingest_file_failed', 'no text content');
      const docId = `doc_${sha256(f.path).slice(0, 12)}`;
      const seen = new Map<string, number>();
      const ids: string[] = [];
      for (const p of pieces) {
        let id = `c_${sha256(`${f.path}\n${p.headingPath.join('\n')}\n${p.text}`).slice(0, 16)}`;
        const n = seen.get(id) ?? 0;
        seen.set(id, n + 1);
        if (n > 0) id = `${id}_${n}`;
        ids.push(id);
        kept.push({ chunk: { id, docId, title: doc.title, ...(doc.docNo ? { docNo: doc.docNo } : {}), path: f.path, headingPath: p.headingPath, text: p.text, kind: doc.kind, lang: doc.lang, source: doc.source, published: doc.published, tags: doc.tags } });
      }
      manifest[f.path] = { ...base, chunkIds: ids, ...(doc.questions.length ? { questions: doc.questions } : {}) };
      if (before) changed++;
      else added++;
      documents++;
    } catch (err) {
      const reason = asCodedError(err).message;
      log.warn('skipping file', { path: f.path, reason });
      errors.push({ path: f.path, reason });
      manifest[f.path] = { ...base, chunkIds: [], error: reason };
    }
  }
  const removed = Object.keys(previous?.manifest ?? {}).filter((p) => !manifest[p]).length;
  const flags = flagDocuments(kept.map((k) => k.chunk), allowedLinkHosts(config));
  // The editor's thesaurus is read by the running assistant; a line it cannot read is reported here.
  for (const problem of readThesaurus(config.KNOWLEDGE_DIR).problems) errors.push({ path: `${displayPrefix(config.KNOWLEDGE_DIR)}/${THESAURUS_FILE}`, reason: problem });

  if (kept.length === 0) {
    throw new CodedError('ingest_file_failed', `nothing could be ingested from ${config.KNOWLEDGE_DIR} (${files.length} files, ${errors.length} errors)`);
  }

  // The embedder: the given one, or the configured one with IDF learned here.
  const texts = kept.map((k) => indexedText(k.chunk.title, k.chunk.headingPath, k.chunk.text));
  // Normalised once: it feeds features, BM25 and the coverage text stored with each chunk.
  const norms = texts.map((t) => normalize(t));
  let embedder = opts.embedder;
  let state: LocalHashState | undefined;
  // With the local embedder, features are computed once per chunk and serve IDF, vectors and BM25.
  let features: HashedFeatures[] | undefined;
  if (!embedder && config.EMBEDDINGS_PROVIDER === 'local') {
    features = norms.map((t) => hashFeaturesNormalized(t));
    const fresh = kept.filter((k) => !k.vector).length;
    if (previous?.embedderState && fresh <= kept.length * REFIT_SHARE) {
      state = previous.embedderState;
    } else {
      state = fitLocalHash(features);
      for (const k of kept) k.vector = undefined;
    }
    embedder = new LocalHashEmbedder(config.LOCAL_EMBEDDING_DIM, state);
  }
  embedder ??= createEmbedder(config, undefined, log);

  const todo = kept.map((k, i) => (k.vector ? -1 : i)).filter((i) => i >= 0);
  // Vectors go into the HNSW index (or its builder threads) as soon as they exist and are then
  // dropped: holding 100k JS arrays of 1024 doubles would cost gigabytes. Label = position in `kept`.
  let sink: VectorSink | undefined;
  let index: VectorIndex;
  let chunks: StoredChunk[];
  const bm25 = new Bm25Index();
  try {
    const place = async (label: number, v: number[]) => {
      sink ??= vectorSink(config, { dimension: embedder.dimension || v.length, m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH }, kept.length, log);
      await sink.add(label, v);
      kept[label]!.vector = undefined;
    };
    for (const [label, k] of kept.entries()) if (k.vector) await place(label, k.vector);
    const batch = 256;
    opts.onProgress?.(0, todo.length);
    for (let i = 0; i < todo.length; i += batch) {
      const idx = todo.slice(i, i + batch);
      const local = features && embedder instanceof LocalHashEmbedder ? embedder : undefined;
      const vecs = local ? idx.map((j) => local.embedFeatures(features![j]!)) : await embedder.embedDocuments(idx.map((j) => texts[j]!));
      for (const [n, j] of idx.entries()) await place(j, vecs[n]!);
      opts.onProgress?.(Math.min(i + batch, todo.length), todo.length);
    }
    // BM25 and the chunk store are built here while builder threads may still be adding points.
    chunks = kept.map((k, label) => {
      bm25.add(label, features ? features[label]!.words : tokenizeNormalized(norms[label]!));
      return { ...k.chunk, label, search: norms[label]!.toLowerCase() };
    });
    index = await sink!.finish();
  } finally {
    await sink?.close();
  }
  const dimension = embedder.dimension || index.dimension;

  const questions = await questionIndex(config.KNOWLEDGE_DIR, files, manifest, taught, chunks, embedder, features !== undefined, errors);

  // The glossary's own pairs first; then CC-CEDICT's wordings of the documents' Chinese words.
  const glossaryPairs = chunks.filter((c) => isGlossary(c.path, c.title)).flatMap((c) => extractTermPairs(c.text));
  const termPairs = [...glossaryPairs, ...wordBridge(chunks.map((c) => c.text), log)];

  const data: IndexData = {
    meta: { version: 1, ingest: INGEST_VERSION, embedder: embedder.id, dimension, documents, chunks: chunks.length, builtAt: clock.now(), errors, flags, questions: questionsFingerprint(config.KNOWLEDGE_DIR, taught) },
    chunks,
    bm25,
    vectors: index,
    embedderState: state,
    termPairs,
    manifest,
    questions,
  };
  saveIndex(config.DATA_DIR, data);
  const summary: IngestSummary = { files: files.length, documents, chunks: chunks.length, added, changed, removed, unchanged, embedded: todo.length, errors, flags, seconds: (performance.now() - t0) / 1000 };
  log.info('ingest finished', { ...summary, errors: errors.length, flags: flags.length });
  return summary;
}

/**
 * The question index: every document's questions (front matter, sidecar, taught links), each
 * pointing at its linked passage or at all its document's chunks, embedded like a query.
 */
async function questionIndex(
  knowledgeDir: string,
  files: { path: string; rel: string }[],
  manifest: Record<string, ManifestEntry>,
  taught: TaughtKnowledge,
  chunks: StoredChunk[],
  embedder: Embedder,
  local: boolean,
  errors: { path: string; reason: string }[],
): Promise<QuestionEntry[]> {
  const entries: QuestionEntry[] = [];
  for (const f of files) {
    const m = manifest[f.path];
    if (!m || m.chunkIds.length === 0) continue;
    const own = [...(m.questions ?? []), ...sidecarQuestions(knowledgeDir, f.rel, (reason) => errors.push({ path: f.path, reason }))];
    for (const question of uniqueQuestions(own)) entries.push({ question, path: f.path, chunkIds: m.chunkIds });
  }
  for (const link of taught.links) {
    const m = manifest[link.path];
    if (!m || m.chunkIds.length === 0) continue;
    // The passage picked, else (the document changed) the chunks under the same headings, else the document.
    const heading = link.headingPath?.join('\n');
    const under = heading === undefined ? [] : chunks.filter((c) => c.path === link.path && c.headingPath.join('\n') === heading).map((c) => c.id);
    const target = link.chunkId && m.chunkIds.includes(link.chunkId) ? [link.chunkId] : under.length ? under : m.chunkIds;
    entries.push({ question: link.question, path: link.path, chunkIds: target });
  }
  if (entries.length === 0) return entries;
  const norms = entries.map((e) => normalize(e.question));
  const vectors = local && embedder instanceof LocalHashEmbedder ? norms.map((n) => embedder.embedFeatures(hashFeaturesNormalized(n))) : await embedder.embedDocuments(norms);
  return entries.map((e, i) => ({ ...e, vector: unitRounded(vectors[i]!) }));
}

/** A vector scaled to unit length, rounded to 5 decimals (the question index is JSON). */
function unitRounded(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
  return v.map((x) => Math.round((x / n) * 1e5) / 1e5);
}

/** The previous index when it matches the embedder to use; otherwise undefined (full rebuild). */
function tryLoadPrevious(config: Config, embedder: Embedder | undefined, log: Logger): IndexData | undefined {
  const configured = configuredEmbedder(config);
  const id = embedder?.id ?? configured.embedder;
  const dimension = embedder?.dimension ?? configured.dimension;
  try {
    const previous = loadIndex(config.DATA_DIR, { embedder: id, dimension, m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, efSearch: config.HNSW_EF_SEARCH });
    if (previous.meta.ingest !== INGEST_VERSION) {
      log.info('index made by another ingest version, re-reading every file', { was: previous.meta.ingest ?? 1, now: INGEST_VERSION });
      return undefined;
    }
    return previous;
  } catch (err) {
    const e = asCodedError(err);
    if (e.code !== 'index_missing') log.warn('previous index not reusable, rebuilding everything', { code: e.code, reason: e.message });
    return undefined;
  }
}

/** The review flags of each document, from its chunks (reused ones included: flags follow the rules of this run). */
function flagDocuments(chunks: { path: string; text: string }[], allowed: readonly string[]): { path: string; flags: DocumentFlag[] }[] {
  const byPath = new Map<string, string[]>();
  for (const c of chunks) byPath.set(c.path, [...(byPath.get(c.path) ?? []), c.text]);
  const out: { path: string; flags: DocumentFlag[] }[] = [];
  for (const [path, texts] of byPath) {
    const flags = documentFlags(texts.join('\n'), allowed);
    if (flags.length > 0) out.push({ path, flags });
  }
  return out;
}

