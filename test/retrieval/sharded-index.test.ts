import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { ingestShards } from '../../src/ingest/run-ingest.js';
import { testConfig } from '../../src/config.js';
import { indexDir, indexProblem, openKnowledgeBase, VectorIndex } from '../../src/retrieval/index.js';
import { ParallelIndexBuilder } from '../../src/retrieval/parallel-build.js';
import type { Embedder } from '../../src/core/ports.js';
import { tempKb } from '../ingest/helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zx-shards-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** `n` deterministic unit vectors of dimension `dim`. */
function unitVectors(n: number, dim: number, seed = 3): number[][] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: dim }, () => rnd() - 0.5);
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    return v.map((x) => x / norm);
  });
}

function exactTop(points: number[][], q: number[], k: number): number[] {
  return points
    .map((p, i) => ({ i, s: p.reduce((a, x, j) => a + x * q[j]!, 0) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => x.i);
}

const OPTS = { dimension: 32, m: 16, efConstruction: 200, efSearch: 200 };

describe('sharded HNSW built on worker threads', () => {
  it('builds shards in parallel that search like exact cosine and keep every vector', async () => {
    const points = unitVectors(900, OPTS.dimension);
    // A queue of two batches per worker, so adding waits on the workers.
    const builder = new ParallelIndexBuilder(OPTS, 3, points.length, 2 * 3 * 256 * OPTS.dimension * 4);
    for (const [label, v] of points.entries()) await builder.add(label, v);
    const index = await builder.finish(tempDir());
    expect(index.shardCount).toBe(3);
    expect(index.size).toBe(900);
    expect(index.labels().sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
    // Every stored vector comes back (unit vectors are stored as given, up to float32).
    for (const label of [0, 1, 2, 451, 899]) {
      index.vector(label).forEach((x, j) => expect(x).toBeCloseTo(points[label]![j]!, 5));
    }
    // A stored point finds itself first; queries match exact search on this small set.
    expect(index.search(points[451]!, 1)[0]).toMatchObject({ label: 451 });
    const queries = unitVectors(20, OPTS.dimension, 99);
    let hits = 0;
    for (const q of queries) {
      const got = new Set(index.search(q, 10).map((h) => h.label));
      hits += exactTop(points, q, 10).filter((i) => got.has(i)).length;
    }
    expect(hits / (queries.length * 10)).toBeGreaterThanOrEqual(0.99);
    const sims = index.search(queries[0]!, 10).map((h) => h.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
  });

  it('saves one file per shard and loads them back to the same answers', async () => {
    const points = unitVectors(300, OPTS.dimension);
    const builder = new ParallelIndexBuilder(OPTS, 2, points.length);
    for (const [label, v] of points.entries()) await builder.add(label, v);
    const index = await builder.finish(tempDir());
    const dir = tempDir();
    const files = [join(dir, 'a.hnsw'), join(dir, 'b.hnsw')];
    index.save(files);
    expect(() => index.save([join(dir, 'only-one.hnsw')])).toThrow(/2 shards/);
    const again = VectorIndex.load(files, OPTS);
    const q = unitVectors(1, OPTS.dimension, 5)[0]!;
    expect(again.search(q, 10)).toEqual(index.search(q, 10));
    expect(again.size).toBe(300);
  });

  it('a builder thread that dies mid-build fails the build with a coded error instead of hanging it', async () => {
    const points = unitVectors(600, OPTS.dimension);
    const builder = new ParallelIndexBuilder(OPTS, 2, points.length, 2 * 256 * OPTS.dimension * 4);
    for (const [label, v] of points.slice(0, 300).entries()) await builder.add(label, v);
    // The thread of shard 1 goes away (as if killed by the OS).
    await (builder as unknown as { shards: { worker: { terminate(): Promise<number> } }[] }).shards[1]!.worker.terminate();
    const rest = (async () => {
      for (const [i, v] of points.slice(300).entries()) await builder.add(300 + i, v);
      return builder.finish(tempDir());
    })();
    await expect(rest).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/exited with code/) });
    await builder.close();
  });

  it('close() while an add waits on a full queue settles it with an error; a finished builder refuses work', async () => {
    const points = unitVectors(2000, OPTS.dimension);
    const builder = new ParallelIndexBuilder(OPTS, 1, points.length, 256 * OPTS.dimension * 4);
    // One batch may wait: adding runs ahead of the thread until an add blocks.
    let blocked: Promise<void> | undefined;
    for (const [label, v] of points.entries()) {
      const p = builder.add(label, v);
      const settled = await Promise.race([p.then(() => true, () => true), new Promise((r) => setTimeout(() => r(false), 0))]);
      if (!settled) {
        blocked = p;
        break;
      }
    }
    expect(blocked).toBeDefined();
    await builder.close();
    await expect(blocked).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/closed/) });
    await expect(builder.add(0, points[0]!)).rejects.toMatchObject({ code: 'internal' });

    const done = new ParallelIndexBuilder(OPTS, 2, 10);
    for (const [label, v] of points.slice(0, 10).entries()) await done.add(label, v);
    expect((await done.finish()).size).toBe(10);
    await expect(done.add(10, points[10]!)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/finished or was closed/) });
    await expect(done.finish()).rejects.toMatchObject({ code: 'internal' });
  });

  it('rejects a vector of the wrong dimension with a coded error and stops its workers on close', async () => {
    const builder = new ParallelIndexBuilder(OPTS, 2, 10);
    await expect(builder.add(0, [1, 2, 3])).rejects.toMatchObject({ code: 'index_mismatch' });
    await builder.close();
    await builder.close();
  });
});

describe('how many shards an ingest builds', () => {
  it('one below INGEST_PARALLEL_MIN_CHUNKS; from it on INGEST_WORKERS, or one per core up to 4 when 0', () => {
    const cfg = testConfig({ INGEST_PARALLEL_MIN_CHUNKS: '1000', INGEST_WORKERS: '3' });
    expect(ingestShards(cfg, 999)).toBe(1);
    expect(ingestShards(cfg, 1000)).toBe(3);
    expect(ingestShards({ ...cfg, INGEST_WORKERS: 1 }, 50_000)).toBe(1);
    expect(ingestShards({ ...cfg, INGEST_WORKERS: 0 }, 50_000)).toBe(Math.min(4, availableParallelism()));
  });
});

describe('ingest with the parallel build', () => {
  const parallel = { INGEST_PARALLEL_MIN_CHUNKS: '1', INGEST_WORKERS: '2' };

  it('gives the same passages as the single-thread build, and re-ingests incrementally', async () => {
    const one = tempKb();
    const two = tempKb(parallel);
    cleanups.push(one.cleanup, two.cleanup);
    await runIngest(one.config);
    const s = await runIngest(two.config);
    const meta = JSON.parse(readFileSync(join(indexDir(two.config.DATA_DIR), 'meta.json'), 'utf8'));
    expect(meta.shards).toBe(2);
    expect(statSync(join(indexDir(two.config.DATA_DIR), 'vectors.1.hnsw')).size).toBeGreaterThan(0);
    const a = await openKnowledgeBase(one.config);
    const b = await openKnowledgeBase(two.config);
    for (const q of ['鹏博士算力中心总投资多少？', '氢能船舶项目是哪家公司投资的', '一对一服务', '助保贷投放了多少']) {
      const [ra, rb] = [await a.retrieve(q), await b.retrieve(q)];
      expect(rb.passages.map((p) => p.text)).toEqual(ra.passages.map((p) => p.text));
      expect(rb.relevant).toBe(ra.relevant);
    }
    // A changed file: unchanged chunks' vectors are read back from the shards and reused.
    writeFileSync(join(two.kb, 'service/new.md'), '---\ntitle: 招商联络站\n---\n\n资兴在广州、佛山、长沙等地设立了专职驻外招商联络站。\n');
    const next = await runIngest(two.config);
    expect(next).toMatchObject({ added: 1, unchanged: 4, embedded: 1, chunks: s.chunks + 1 });
    const c = await openKnowledgeBase(two.config);
    expect((await c.retrieve('驻外招商联络站设在哪些城市？')).passages[0]!.text).toContain('佛山');
    expect((await c.retrieve('鹏博士算力中心总投资多少？')).passages[0]!.text).toContain('30亿元');
  });

  it('notices a missing or truncated shard file without loading the index', async () => {
    const t = tempKb(parallel);
    cleanups.push(t.cleanup);
    await runIngest(t.config);
    expect(indexProblem(t.config.DATA_DIR)).toBeUndefined();
    const shard = join(indexDir(t.config.DATA_DIR), 'vectors.1.hnsw');
    const bytes = readFileSync(shard);
    truncateSync(shard, 200);
    expect(indexProblem(t.config.DATA_DIR)).toMatchObject({ code: 'index_corrupt' });
    rmSync(shard);
    expect(indexProblem(t.config.DATA_DIR)).toMatchObject({ code: 'index_missing' });
    await expect(openKnowledgeBase(t.config)).rejects.toMatchObject({ code: 'index_missing' });
    writeFileSync(shard, bytes);
    expect(indexProblem(t.config.DATA_DIR)).toBeUndefined();
  });

  it('an embedder failing mid-ingest rejects the run, stops the builder threads and keeps the old index', async () => {
    const t = tempKb(parallel);
    cleanups.push(t.cleanup);
    await runIngest(t.config);
    let calls = 0;
    const failing: Embedder = {
      id: 'local-hash-v2',
      dimension: 256,
      embedQuery: async () => new Array(256).fill(0.1),
      embedDocuments: async (texts) => {
        if (++calls > 0) throw new Error('embedding service went away');
        return texts.map(() => new Array(256).fill(0.1));
      },
    };
    writeFileSync(join(t.kb, 'service/new.md'), '---\ntitle: 新文档\n---\n\n资兴新设立了人才引进专项资金。\n');
    await expect(runIngest(t.config, { embedder: failing })).rejects.toThrow(/went away/);
    expect(indexProblem(t.config.DATA_DIR)).toBeUndefined();
    expect((await (await openKnowledgeBase(t.config)).retrieve('鹏博士算力中心总投资多少？')).passages[0]!.text).toContain('30亿元');
  });
});
