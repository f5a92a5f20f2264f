/**
 * The on-disk index under `${DATA_DIR}/index/`: meta, chunk store, BM25, HNSW vectors, embedder
 * state, term map and the ingest manifest. Written to a sibling directory and swapped in with
 * renames so a reader never sees half an index.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CodedError } from '../core/errors.js';
import type { Lang } from '../core/types.js';
import { Bm25Index } from './bm25.js';
import type { LocalHashState } from './local-hash-embedder.js';
import type { TermPair } from './term-map.js';
import { VectorIndex, type VectorIndexOptions } from './vector-index.js';

/** A chunk as stored: passage fields plus its vector label. */
export interface StoredChunk {
  id: string;
  label: number;
  docId: string;
  title: string;
  path: string;
  headingPath: string[];
  text: string;
  /** Normalised, lower-cased title + headings + text: what query-term coverage is checked against. */
  search?: string;
  kind?: string;
  lang?: Lang;
  source?: string;
  published?: string | null;
  tags?: string[];
}

/** What an ingest run recorded per source file. */
export interface ManifestEntry {
  hash: string;
  size: number;
  mtimeMs: number;
  chunkIds: string[];
  error?: string;
}

/** Index metadata, checked on load. */
export const metaSchema = z.object({
  version: z.literal(1),
  embedder: z.string(),
  dimension: z.number().int().positive(),
  documents: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  builtAt: z.number(),
  errors: z.array(z.object({ path: z.string(), reason: z.string() })),
});

/** Parsed index metadata. */
export type IndexMeta = z.infer<typeof metaSchema>;

/** Everything an index holds in memory. */
export interface IndexData {
  meta: IndexMeta;
  chunks: StoredChunk[];
  bm25: Bm25Index;
  vectors: VectorIndex;
  embedderState?: LocalHashState;
  termPairs: TermPair[];
  manifest: Record<string, ManifestEntry>;
}

/** Directory of the live index. */
export function indexDir(dataDir: string): string {
  return join(dataDir, 'index');
}

const FILES = { meta: 'meta.json', chunks: 'chunks.json', bm25: 'bm25.json', vectors: 'vectors.hnsw', embedder: 'embedder.json', terms: 'terms.json', manifest: 'manifest.json' } as const;

/** Write the whole index atomically (new directory, then rename over the old one). */
export function saveIndex(dataDir: string, data: IndexData): void {
  const live = indexDir(dataDir);
  const next = `${live}.next`;
  const prev = `${live}.prev`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  writeFileSync(join(next, FILES.chunks), JSON.stringify(data.chunks));
  writeFileSync(join(next, FILES.bm25), JSON.stringify(data.bm25.toJSON()));
  data.vectors.save(join(next, FILES.vectors));
  writeFileSync(join(next, FILES.embedder), JSON.stringify(data.embedderState ?? null));
  writeFileSync(join(next, FILES.terms), JSON.stringify(data.termPairs));
  writeFileSync(join(next, FILES.manifest), JSON.stringify(data.manifest, null, 1));
  // meta last: its presence marks a complete directory.
  writeFileSync(join(next, FILES.meta), JSON.stringify(data.meta, null, 2));
  rmSync(prev, { recursive: true, force: true });
  if (existsSync(live)) renameSync(live, prev);
  renameSync(next, live);
  rmSync(prev, { recursive: true, force: true });
}

/** The directory to read: the live one, or the previous one if a swap was interrupted. */
function readableDir(dataDir: string): string | undefined {
  const live = indexDir(dataDir);
  if (existsSync(join(live, FILES.meta))) return live;
  if (existsSync(join(`${live}.prev`, FILES.meta))) return `${live}.prev`;
  return undefined;
}

function readJson(dir: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CodedError(missing ? 'index_missing' : 'index_corrupt', `index file ${join(dir, file)} is ${missing ? 'missing' : 'unreadable'}; re-build the index with \`npm run ingest\``, { cause: err });
  }
}

/** Read only the meta file, or undefined when there is no index. */
export function readMeta(dataDir: string): IndexMeta | undefined {
  const dir = readableDir(dataDir);
  if (!dir) return undefined;
  const parsed = metaSchema.safeParse(readJson(dir, FILES.meta));
  if (!parsed.success) throw new CodedError('index_corrupt', `index meta in ${dir} is malformed; re-build the index with \`npm run ingest\``);
  return parsed.data;
}

/** Read the manifest of the last ingest (empty when there is none or it is unreadable). */
export function readManifest(dataDir: string): Record<string, ManifestEntry> {
  const dir = readableDir(dataDir);
  if (!dir) return {};
  try {
    return JSON.parse(readFileSync(join(dir, FILES.manifest), 'utf8')) as Record<string, ManifestEntry>;
  } catch {
    return {};
  }
}

/**
 * Load the index. Throws index_missing (no index), index_corrupt (unreadable files) or
 * index_mismatch (built with another embedder or dimension).
 */
export function loadIndex(dataDir: string, expect: { embedder: string; dimension: number } & Omit<VectorIndexOptions, 'dimension'>): IndexData {
  const dir = readableDir(dataDir);
  if (!dir) throw new CodedError('index_missing', `no index in ${indexDir(dataDir)}; build it with \`npm run ingest\``);
  const meta = readMeta(dataDir)!;
  // An embedder that learns its dimension from the first response reports 0 until then.
  if (meta.embedder !== expect.embedder || (expect.dimension > 0 && meta.dimension !== expect.dimension)) {
    throw new CodedError(
      'index_mismatch',
      `the index was built with embedder ${meta.embedder} (dimension ${meta.dimension}) but ${expect.embedder} (dimension ${expect.dimension || 'auto'}) is configured; re-build the index with \`npm run ingest\``,
    );
  }
  const chunks = readJson(dir, FILES.chunks);
  if (!Array.isArray(chunks)) throw new CodedError('index_corrupt', `chunk store in ${dir} is malformed; re-build the index with \`npm run ingest\``);
  const bm25 = Bm25Index.fromJSON(readJson(dir, FILES.bm25));
  const vectors = VectorIndex.load(join(dir, FILES.vectors), { dimension: meta.dimension, m: expect.m, efConstruction: expect.efConstruction, efSearch: expect.efSearch });
  if (vectors.size !== chunks.length || bm25.size !== chunks.length) {
    throw new CodedError('index_corrupt', `index files in ${dir} disagree (${chunks.length} chunks, ${vectors.size} vectors, ${bm25.size} BM25 docs); re-build with \`npm run ingest\``);
  }
  const state = readJson(dir, FILES.embedder) as LocalHashState | null;
  const terms = existsSync(join(dir, FILES.terms)) ? (readJson(dir, FILES.terms) as TermPair[]) : [];
  return { meta, chunks: chunks as StoredChunk[], bm25, vectors, embedderState: state ?? undefined, termPairs: terms, manifest: readManifest(dataDir) };
}
