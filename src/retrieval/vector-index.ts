/**
 * Approximate nearest-neighbour search over hnswlib-node, behind a small interface so the rest
 * of retrieval never touches the native addon. Cosine space; `ef` is set explicitly because
 * hnswlib's default (10) loses recall.
 */
import { existsSync } from 'node:fs';
import hnswlib from 'hnswlib-node';
import { CodedError } from '../core/errors.js';

const { HierarchicalNSW } = hnswlib;

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

/** An HNSW index in cosine space that grows as points are added. */
export class VectorIndex {
  private deleted = 0;
  /** Stored vectors copied out of the native index on first use (see `similarity`). */
  private readonly cache = new Map<number, Float32Array>();
  private cachedFloats = 0;
  /** Most floats the copy cache may hold (default 16M = 64 MB); beyond it vectors are fetched each time. */
  cacheBudget = 16 * 1024 * 1024;

  private constructor(
    private readonly hnsw: InstanceType<typeof HierarchicalNSW>,
    private readonly opts: VectorIndexOptions,
  ) {
    hnsw.setEf(opts.efSearch);
  }

  /** An empty index with room for `capacity` points. */
  static create(opts: VectorIndexOptions, capacity = 1024): VectorIndex {
    const h = new HierarchicalNSW('cosine', opts.dimension);
    h.initIndex({ maxElements: Math.max(16, capacity), m: opts.m, efConstruction: opts.efConstruction, randomSeed: 100 });
    return new VectorIndex(h, opts);
  }

  /** Load a saved index; missing or unreadable files become coded errors. */
  static load(file: string, opts: VectorIndexOptions): VectorIndex {
    if (!existsSync(file)) throw new CodedError('index_missing', `vector index ${file} not found; run \`npm run ingest\``);
    const h = new HierarchicalNSW('cosine', opts.dimension);
    try {
      h.readIndexSync(file);
    } catch (err) {
      throw new CodedError('index_corrupt', `vector index ${file} is unreadable; re-build it with \`npm run ingest\``, { cause: err });
    }
    return new VectorIndex(h, opts);
  }

  /** Vector length. */
  get dimension(): number {
    return this.opts.dimension;
  }

  /** Set the query-time candidate list (recall/latency trade-off). */
  setEf(ef: number): void {
    this.hnsw.setEf(ef);
  }

  /** Live points (added minus deleted). */
  get size(): number {
    return this.hnsw.getCurrentCount() - this.deleted;
  }

  /** Points ever stored, deleted included (deleted points still take space). */
  get stored(): number {
    return this.hnsw.getCurrentCount();
  }

  /** Add a point, doubling capacity when full. */
  add(label: number, vector: number[]): void {
    if (vector.length !== this.opts.dimension) {
      throw new CodedError('index_mismatch', `vector has dimension ${vector.length}, index expects ${this.opts.dimension}; re-ingest with \`npm run ingest\``);
    }
    const max = this.hnsw.getMaxElements();
    if (this.hnsw.getCurrentCount() >= max) this.hnsw.resizeIndex(max * 2);
    this.hnsw.addPoint(vector, label);
  }

  /** Mark a point deleted; searches skip it. */
  remove(label: number): void {
    const c = this.cache.get(label);
    if (c) this.cachedFloats -= c.length;
    this.cache.delete(label);
    this.hnsw.markDelete(label);
    this.deleted++;
  }

  /** The stored vector of a label. */
  vector(label: number): number[] {
    return this.hnsw.getPoint(label);
  }

  /**
   * Cosine similarity of a stored point and a unit query vector. The stored vector is copied into
   * a Float32Array once and reused: fetching it from the native index builds a fresh JS array
   * each time, which dominated query CPU when done for every BM25 candidate.
   */
  similarity(label: number, query: ArrayLike<number>): number {
    let v = this.cache.get(label);
    if (!v) {
      v = Float32Array.from(this.hnsw.getPoint(label));
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
    return this.hnsw.getIdsList();
  }

  /** The `k` nearest points by cosine similarity, best first. */
  search(vector: number[], k: number): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(vector, n);
    // hnswlib's cosine "distance" is 1 − cosine similarity.
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }

  /** Write the index file. */
  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }
}
