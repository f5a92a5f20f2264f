/**
 * The on-disk index under `${DATA_DIR}/index/`: meta, chunk store, BM25, HNSW vectors, embedder
 * state, term map and the ingest manifest. Written to a sibling directory and swapped in with
 * renames so a reader never sees half an index.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CodedError } from '../core/errors.js';
import type { Lang } from '../core/types.js';
import { Bm25Index } from './bm25.js';
import type { LocalHashState } from './local-hash-embedder.js';
import type { QuestionEntry } from './question-index.js';
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
  /** The document's 文号, when it states one. */
  docNo?: string;
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
  /** The file's own questions (front matter), kept so an unchanged file need not be read again. */
  questions?: string[];
  /** A document taught in the console (from the database), not a file under knowledge/. */
  taught?: boolean;
}

/** Index metadata, checked on load. */
export const metaSchema = z.object({
  version: z.literal(1),
  embedder: z.string(),
  dimension: z.number().int().positive(),
  documents: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  builtAt: z.number(),
  /** Version of the loaders and splitter that made the chunks (absent: before versions); see INGEST_VERSION. */
  ingest: z.number().int().positive().optional(),
  /** HNSW shards (vector files); absent means one. */
  shards: z.number().int().positive().optional(),
  errors: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** Documents flagged for review at ingest (absent in indexes built before flags existed). */
  flags: z.array(z.object({ path: z.string(), flags: z.array(z.string()) })).optional(),
  /** Fingerprint of the questions outside the documents (sidecars, taught items) the index was built with. */
  questions: z.string().optional(),
  /** Byte size of every other index file as written, so damage is noticed without loading them. */
  files: z.record(z.string(), z.number().int().nonnegative()).optional(),
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
  /** The question index (absent in indexes built before it existed: none). */
  questions?: QuestionEntry[];
}

/** Directory of the live index. */
export function indexDir(dataDir: string): string {
  return join(dataDir, 'index');
}

const FILES = { meta: 'meta.json', chunks: 'chunks.json', bm25: 'bm25.json', vectors: 'vectors.hnsw', embedder: 'embedder.json', terms: 'terms.json', manifest: 'manifest.json', questions: 'questions.json' } as const;

/** Vector file names of an index with `shards` shards: vectors.hnsw, then vectors.1.hnsw, … */
function vectorFiles(shards: number): string[] {
  return Array.from({ length: shards }, (_, i) => (i === 0 ? FILES.vectors : `vectors.${i}.hnsw`));
}

/** Write the whole index atomically (new directory, then rename over the old one). */
export function saveIndex(dataDir: string, data: IndexData): void {
  const live = indexDir(dataDir);
  const next = `${live}.next`;
  const prev = `${live}.prev`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  writeFileSync(join(next, FILES.chunks), JSON.stringify(data.chunks));
  writeFileSync(join(next, FILES.bm25), JSON.stringify(data.bm25.toJSON()));
  const shards = data.vectors.shardCount;
  data.vectors.save(vectorFiles(shards).map((f) => join(next, f)));
  writeFileSync(join(next, FILES.embedder), JSON.stringify(data.embedderState ?? null));
  writeFileSync(join(next, FILES.terms), JSON.stringify(data.termPairs));
  writeFileSync(join(next, FILES.manifest), JSON.stringify(data.manifest, null, 1));
  writeFileSync(join(next, FILES.questions), JSON.stringify(data.questions ?? []));
  const files: Record<string, number> = {};
  for (const f of checkedFiles(shards)) files[f] = statSync(join(next, f)).size;
  // meta last: its presence marks a complete directory.
  writeFileSync(join(next, FILES.meta), JSON.stringify({ ...data.meta, ...(shards > 1 ? { shards } : {}), files }, null, 2));
  rmSync(prev, { recursive: true, force: true });
  if (existsSync(live)) renameSync(live, prev);
  renameSync(next, live);
  rmSync(prev, { recursive: true, force: true });
}

/** Files whose damage makes `loadIndex` fail (the manifest only steers incremental ingest). */
function checkedFiles(shards: number): string[] {
  return [FILES.chunks, FILES.bm25, ...vectorFiles(shards), FILES.embedder, FILES.terms];
}

/** Why an index cannot be opened: the code `loadIndex` would throw and a readable reason. */
export interface IndexProblem {
  code: 'index_missing' | 'index_corrupt' | 'index_mismatch';
  reason: string;
}

/**
 * Cheap check, without loading the index, of whether `loadIndex` would fail: the meta file,
 * every index file present with the size recorded at save, JSON files that look like JSON, an
 * HNSW header that fits the file, and the embedder the index was built with. Undefined when fine.
 */
export function indexProblem(dataDir: string, expect?: { embedder: string; dimension: number }): IndexProblem | undefined {
  const dir = readableDir(dataDir);
  if (!dir) return { code: 'index_missing', reason: `no index in ${indexDir(dataDir)}` };
  let meta: IndexMeta;
  try {
    meta = readMeta(dataDir)!;
  } catch (err) {
    const e = err instanceof CodedError ? err : undefined;
    return { code: e?.code === 'index_missing' ? 'index_missing' : 'index_corrupt', reason: (err as Error).message };
  }
  if (expect && (meta.embedder !== expect.embedder || (expect.dimension > 0 && meta.dimension !== expect.dimension))) {
    return { code: 'index_mismatch', reason: `index built with ${meta.embedder} (dimension ${meta.dimension}), ${expect.embedder} (dimension ${expect.dimension || 'auto'}) configured` };
  }
  const shards = meta.shards ?? 1;
  const vectorFileSet = new Set(vectorFiles(shards));
  let vectorCount = 0;
  for (const f of checkedFiles(shards)) {
    const file = join(dir, f);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      // Indexes written before the term map existed have no terms file; loadIndex accepts that.
      if (f === FILES.terms && !meta.files) continue;
      return { code: 'index_missing', reason: `index file ${file} is missing` };
    }
    const recorded = meta.files?.[f];
    if (recorded !== undefined && recorded !== size) return { code: 'index_corrupt', reason: `index file ${file} has ${size} bytes, ${recorded} were written` };
    let bad: string | undefined;
    if (vectorFileSet.has(f)) {
      const h = hnswHeader(file, size, meta.dimension);
      if (typeof h === 'string') bad = h;
      else vectorCount += h;
    } else {
      bad = jsonShapeProblem(file, size);
    }
    if (bad) return { code: 'index_corrupt', reason: `index file ${file} ${bad}` };
  }
  if (vectorCount !== meta.chunks) {
    return { code: 'index_corrupt', reason: `vector files in ${dir} hold ${vectorCount} vectors, the index has ${meta.chunks} chunks` };
  }
  return undefined;
}

/** Read the first `n` bytes of a file. */
function head(file: string, n: number, at = 0): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, at);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** A JSON file must start and end like the object, array or null it holds. */
function jsonShapeProblem(file: string, size: number): string | undefined {
  if (size === 0) return 'is empty';
  const first = head(file, Math.min(size, 64)).toString('utf8').trimStart()[0];
  const last = head(file, Math.min(size, 64), Math.max(0, size - 64)).toString('utf8').trimEnd().slice(-1);
  const ok = (first === '{' && last === '}') || (first === '[' && last === ']') || (first === 'n' && last === 'l');
  return ok ? undefined : 'is not JSON';
}

/**
 * hnswlib's saved header: offsetLevel0, max_elements, cur_element_count, size_data_per_element
 * (8-byte integers) then more fields (96 bytes in all); the level-0 block alone needs
 * cur_element_count × size_data_per_element bytes, each element holding the whole vector.
 * Returns the vector count, or what is wrong.
 */
function hnswHeader(file: string, size: number, dimension: number): number | string {
  if (size < 96) return 'is too short for an HNSW index';
  const h = head(file, 32);
  const count = Number(h.readBigUInt64LE(16));
  const perElement = Number(h.readBigUInt64LE(24));
  if (perElement < dimension * 4 || 96 + count * perElement > size) return 'has an HNSW header that does not fit the file';
  return count;
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
  const vectors = VectorIndex.load(vectorFiles(meta.shards ?? 1).map((f) => join(dir, f)), { dimension: meta.dimension, m: expect.m, efConstruction: expect.efConstruction, efSearch: expect.efSearch });
  if (vectors.size !== chunks.length || bm25.size !== chunks.length) {
    throw new CodedError('index_corrupt', `index files in ${dir} disagree (${chunks.length} chunks, ${vectors.size} vectors, ${bm25.size} BM25 docs); re-build with \`npm run ingest\``);
  }
  const state = readJson(dir, FILES.embedder) as LocalHashState | null;
  const terms = existsSync(join(dir, FILES.terms)) ? (readJson(dir, FILES.terms) as TermPair[]) : [];
  const questions = existsSync(join(dir, FILES.questions)) ? readJson(dir, FILES.questions) : [];
  if (!Array.isArray(questions)) throw new CodedError('index_corrupt', `question index in ${dir} is malformed; re-build the index with \`npm run ingest\``);
  return { meta, chunks: chunks as StoredChunk[], bm25, vectors, embedderState: state ?? undefined, termPairs: terms, manifest: readManifest(dataDir), questions: questions as QuestionEntry[] };
}

/** The indexed questions of the last ingest, without their vectors (empty when there are none). */
export function readIndexedQuestions(dataDir: string): { question: string; path: string }[] {
  const dir = readableDir(dataDir);
  if (!dir) return [];
  try {
    const list = JSON.parse(readFileSync(join(dir, FILES.questions), 'utf8')) as QuestionEntry[];
    return Array.isArray(list) ? list.map((e) => ({ question: String(e.question), path: String(e.path) })) : [];
  } catch {
    return [];
  }
}

/** Text of each indexed chunk by id (empty when there is no readable index). */
export function readChunkTexts(dataDir: string): Map<string, string> {
  const dir = readableDir(dataDir);
  if (!dir) return new Map();
  try {
    const chunks = JSON.parse(readFileSync(join(dir, FILES.chunks), 'utf8')) as StoredChunk[];
    return new Map(chunks.map((c) => [c.id, c.text]));
  } catch {
    return new Map();
  }
}
