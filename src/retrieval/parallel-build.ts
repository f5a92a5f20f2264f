/**
 * Builds a sharded HNSW index on worker threads, one shard per worker, while the caller goes on
 * embedding. Points go to shard label % shards (the routing VectorIndex uses when it loads the
 * files). Vectors travel as transferred Float32Array batches. Up to `queueBytes` of them may wait
 * (256 MB by default: all of a 100k-chunk corpus at dimension 256), so the caller finishes
 * embedding early and builds BM25 while the graphs grow; beyond that, `add` waits, which bounds
 * memory when large remote embeddings outrun graph construction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CodedError } from '../core/errors.js';
import { hnswlib } from './hnswlib.js';
import { HNSW_SEED, VectorIndex, type VectorIndexOptions } from './vector-index.js';

const WORKER_URL = new URL('./hnsw-shard-worker.mjs', import.meta.url);
const BATCH = 256;
const QUEUE_BYTES = 256 * 1024 * 1024;

interface Shard {
  worker: Worker;
  labels: number[];
  vectors: Float32Array;
  filled: number;
  /** Batches posted and not yet acknowledged. */
  pending: number;
  /** Resolvers waiting for an acknowledgement. */
  waiters: (() => void)[];
  failed?: Error;
  /** Resolved when the worker reports its shard written. */
  saved: Promise<void>;
  /** Fail this shard: waiting adds wake and throw, `saved` rejects. */
  fail: (err: Error) => void;
}

/** A sharded index under construction on worker threads. */
export class ParallelIndexBuilder {
  private readonly shards: Shard[];
  private closed = false;
  private finishing = false;
  /** Batches that may wait per worker. */
  private readonly inFlight: number;

  /**
   * Start `shards` workers, each with room for its share of `capacity` points; at most
   * `queueBytes` of vectors wait across them.
   */
  constructor(
    private readonly opts: VectorIndexOptions,
    shards: number,
    capacity: number,
    queueBytes = QUEUE_BYTES,
  ) {
    if (shards < 1) throw new Error('at least one shard');
    this.inFlight = Math.max(1, Math.floor(queueBytes / (BATCH * opts.dimension * 4) / shards));
    const per = Math.ceil(capacity / shards) + 1;
    this.shards = Array.from({ length: shards }, () => {
      const worker = new Worker(WORKER_URL, { workerData: { dimension: opts.dimension, m: opts.m, efConstruction: opts.efConstruction, capacity: per, seed: HNSW_SEED, addon: hnswlib().file } });
      let onSaved!: () => void;
      let onFailed!: (err: Error) => void;
      const saved = new Promise<void>((resolve, reject) => {
        onSaved = resolve;
        onFailed = reject;
      });
      // Observed here so a failure before finish() is not an unhandled rejection.
      saved.catch(() => {});
      const fail = (err: Error) => {
        shard.failed ??= err instanceof CodedError ? err : new CodedError('internal', `building the vector index failed: ${err.message}`, { cause: err });
        for (const w of shard.waiters.splice(0)) w();
        onFailed(shard.failed);
      };
      const shard: Shard = { worker, labels: [], vectors: new Float32Array(BATCH * opts.dimension), filled: 0, pending: 0, waiters: [], saved, fail };
      worker.on('message', (msg: { type: string }) => {
        if (msg.type === 'saved') onSaved();
        if (msg.type !== 'added') return;
        shard.pending--;
        shard.waiters.shift()?.();
      });
      worker.on('error', (err) => fail(err));
      // A thread that ends on its own (killed, out of memory) fails the build instead of hanging it.
      worker.on('exit', (code) => this.closed || fail(new Error(`builder thread exited with code ${code}`)));
      return shard;
    });
  }

  /** Queue one point; resolves at once unless its worker is `inFlight` batches behind. */
  async add(label: number, vector: ArrayLike<number>): Promise<void> {
    if (vector.length !== this.opts.dimension) {
      throw new CodedError('index_mismatch', `vector has dimension ${vector.length}, index expects ${this.opts.dimension}; re-ingest with \`npm run ingest\``);
    }
    this.ensureOpen();
    const s = this.shards[label % this.shards.length]!;
    this.check(s);
    s.vectors.set(vector, s.filled * this.opts.dimension);
    s.labels.push(label);
    s.filled++;
    if (s.filled === BATCH) await this.flush(s);
  }

  private check(s: Shard): void {
    if (s.failed) throw s.failed;
  }

  private async flush(s: Shard): Promise<void> {
    while (s.pending >= this.inFlight && !s.failed) await new Promise<void>((r) => s.waiters.push(r));
    this.check(s);
    if (s.filled === 0) return;
    const vectors = s.filled === BATCH ? s.vectors : s.vectors.slice(0, s.filled * this.opts.dimension);
    const labels = Int32Array.from(s.labels);
    s.worker.postMessage({ type: 'add', labels, vectors }, [labels.buffer as ArrayBuffer, vectors.buffer as ArrayBuffer]);
    s.pending++;
    s.labels = [];
    s.vectors = new Float32Array(BATCH * this.opts.dimension);
    s.filled = 0;
  }

  /**
   * Add what is still buffered, have every worker write its shard, stop the workers and load the
   * shards into one VectorIndex. The shard files go to a temporary directory (the OS's, default)
   * and are removed. A builder finishes once; after that, or after `close`, it refuses work.
   */
  async finish(tmpDir = tmpdir()): Promise<VectorIndex> {
    this.ensureOpen();
    this.finishing = true;
    const dir = mkdtempSync(join(tmpDir, 'zx-shards-'));
    try {
      for (const s of this.shards) await this.flush(s);
      const files = this.shards.map((_, i) => join(dir, `shard-${i}.hnsw`));
      this.shards.forEach((s, i) => {
        this.check(s);
        s.worker.postMessage({ type: 'save', file: files[i] });
      });
      await Promise.all(this.shards.map((s) => s.saved));
      // The threads' copies go before the shards are loaded here, so the index is never held twice.
      await this.close();
      return VectorIndex.load(files, this.opts);
    } finally {
      await this.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private ensureOpen(): void {
    if (this.closed || this.finishing) throw new CodedError('internal', 'this index builder has finished or was closed');
  }

  /** Stop the workers (idempotent); the index under construction is discarded and waiting adds fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.shards) s.fail(new CodedError('internal', 'the index builder was closed'));
    await Promise.all(this.shards.map((s) => s.worker.terminate()));
  }
}
