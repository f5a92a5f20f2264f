/**
 * Approximate nearest-neighbour search over hnswlib-node, behind a small interface so the rest
 * of retrieval never touches the native addon. Cosine space; `ef` is set explicitly because
 * hnswlib's default (10) loses recall.
 *
 * The index may be split into shards (label % shards picks one), which lets a large ingest build
 * them in parallel on worker threads (see parallel-build.ts); a search asks every shard for its
 * k nearest and merges them, which also lifts recall over one graph of the same total size.
 */
import { existsSync } from 'node:fs';
import type { HierarchicalNSW as Hnsw } from 'hnswlib-node';
import { CodedError } from '../core/errors.js';
import { hnswlib } from './hnswlib.js';

const newHnsw = (dimension: number): Hnsw => new (hnswlib().addon.HierarchicalNSW)('cosine', dimension);

/** Seed of hnswlib's level generator, so builds are reproducible. */
export const HNSW_SEED = 100;

/** One nearest neighbour: label and cosine similarity. */
export interface VectorHit {
  label: number;
  similarity: number;
}

/** Build and search parameters. */
export interface VectorIndexOptions {
  dimension: number;
  m: number;
  efConstruction: number;
  efSearch: number;
}

/** An HNSW index in cosine space, in one or more shards, that grows as points are added. */
export class VectorIndex {
  /** Stored vectors copied out of the native index on first use (see `similarity`). */
  private readonly cache = new Map<number, Float32Array>();
  private cachedFloats = 0;
  /** Most floats the copy cache may hold (default 16M = 64 MB); beyond it vectors are fetched each time. */
  cacheBudget = 16 * 1024 * 1024;

  private constructor(
    private readonly shards: Hnsw[],
    private readonly opts: VectorIndexOptions,
  ) {
    for (const h of shards) h.setEf(opts.efSearch);
  }

  /** An empty index with room for `capacity` points, in one in-process shard. */
  static create(opts: VectorIndexOptions, capacity = 1024): VectorIndex {
    const h = newHnsw(opts.dimension);
    h.initIndex({ maxElements: Math.max(16, capacity), m: opts.m, efConstruction: opts.efConstruction, randomSeed: HNSW_SEED });
    return new VectorIndex([h], opts);
  }

  /** Load a saved index from its shard files (in shard order); missing or unreadable files become coded errors. */
  static load(files: string | string[], opts: VectorIndexOptions): VectorIndex {
    const list = typeof files === 'string' ? [files] : files;
    const shards = list.map((file) => {
      if (!existsSync(file)) throw new CodedError('index_missing', `vector index ${file} not found; run \`npm run ingest\``);
      const h = newHnsw(opts.dimension);
      try {
        h.readIndexSync(file);
      } catch (err) {
        throw new CodedError('index_corrupt', `vector index ${file} is unreadable; re-build it with \`npm run ingest\``, { cause: err });
      }
      return h;
    });
    return new VectorIndex(shards, opts);
  }

  /** Number of shards (each its own file). */
  get shardCount(): number {
    return this.shards.length;
  }

  private shardOf(label: number): Hnsw {
    return this.shards[label % this.shards.length]!;
  }

  /** Vector length. */
  get dimension(): number {
    return this.opts.dimension;
  }

  /** Set the query-time candidate list (recall/latency trade-off). */
  setEf(ef: number): void {
    for (const h of this.shards) h.setEf(ef);
  }

  /** Points stored. (An index is rebuilt by each ingest, never edited in place: nothing is deleted.) */
  get size(): number {
    let n = 0;
    for (const h of this.shards) n += h.getCurrentCount();
    return n;
  }

  /** Add a point (to shard label % shards), doubling that shard's capacity when full. */
  add(label: number, vector: number[]): void {
    if (vector.length !== this.opts.dimension) {
      throw new CodedError('index_mismatch', `vector has dimension ${vector.length}, index expects ${this.opts.dimension}; re-ingest with \`npm run ingest\``);
    }
    const h = this.shardOf(label);
    const max = h.getMaxElements();
    if (h.getCurrentCount() >= max) h.resizeIndex(max * 2);
    h.addPoint(vector, label);
  }

  /** The stored vector of a label. */
  vector(label: number): number[] {
    return this.shardOf(label).getPoint(label);
  }

  /**
   * Cosine similarity of a stored point and a unit query vector. The stored vector is copied into
   * a Float32Array once and reused: fetching it from the native index builds a fresh JS array
   * each time, which dominated query CPU when done for every BM25 candidate.
   */
  similarity(label: number, query: ArrayLike<number>): number {
    let v = this.cache.get(label);
    if (!v) {
      v = Float32Array.from(this.shardOf(label).getPoint(label));
      if (this.cachedFloats + v.length <= this.cacheBudget) {
        this.cache.set(label, v);
        this.cachedFloats += v.length;
      }
    }
    let dot = 0;
    let nv = 0;
    for (let i = 0; i < v.length; i++) {
      dot += v[i]! * query[i]!;
      nv += v[i]! * v[i]!;
    }
    // hnswlib normalises points in cosine space, but a vector given to it un-normalised is not
    // guaranteed to come back unit length.
    return nv > 0 ? dot / Math.sqrt(nv) : 0;
  }

  /** Labels of live points. */
  labels(): number[] {
    return this.shards.flatMap((h) => h.getIdsList());
  }

  /** The `k` nearest points by cosine similarity, best first (the best k of every shard's k). */
  search(vector: number[], k: number): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const h of this.shards) {
      // Asking a shard for more points than it holds throws.
      const n = Math.min(k, h.getCurrentCount());
      if (n <= 0) continue;
      const { neighbors, distances } = h.searchKnn(vector, n);
      // hnswlib's cosine "distance" is 1 − cosine similarity.
      neighbors.forEach((label, i) => hits.push({ label, similarity: 1 - distances[i]! }));
    }
    if (this.shards.length === 1) return hits;
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  /** Write the shard files (one path per shard, in shard order). */
  save(files: string | string[]): void {
    const list = typeof files === 'string' ? [files] : files;
    if (list.length !== this.shards.length) throw new Error(`index has ${this.shards.length} shards, ${list.length} files given`);
    this.shards.forEach((h, i) => h.writeIndexSync(list[i]!));
  }
}
