import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { percentile } from '../../tools/loadtest/stats.js';
import { syntheticSection } from '../../tools/eval/retrieval-bench.js';

/** The project's real knowledge base: the synthetic corpus is made from its chunks. */
const KNOWLEDGE = fileURLToPath(new URL('../../knowledge', import.meta.url));

/** "1.23 ms / 4.56 ms" → [1.23, 4.56]. */
const twoMs = (v: string) => v.split('/').map((s) => Number.parseFloat(s));

describe('percentile', () => {
  it('picks the nearest-rank sample', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([42], 50)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('synthetic bench section', () => {
  it('builds, ingests and measures a 400-chunk corpus, latency in a fresh child process', { timeout: 120_000 }, async () => {
    const config = testConfig({ KNOWLEDGE_DIR: KNOWLEDGE, LOCAL_EMBEDDING_DIM: '256' });
    const questions = ['鹏博士算力中心总投资多少？', '资兴有哪些优势产业？'];
    const s = await syntheticSection(config, 400, () => {}, questions);
    const rows = new Map(s.rows);

    expect(s.title).toMatch(/\b400 chunks\b/);
    expect(s.rows.some(([k]) => k.startsWith('ingest (full'))).toBe(true);

    // Both latency rows come from the child process (scripts/query-latency.ts run with tsx's loader).
    const prefixRow = s.rows.find(([k]) => /^hybrid query p50 \/ p99 \(\d+ chunk-prefix queries, fresh process, warmed\)$/.test(k));
    const questionRow = rows.get('hybrid query p50 / p99 (2 eval questions, fresh process, warmed)');
    expect(prefixRow).toBeDefined();
    expect(questionRow).toBeDefined();
    for (const v of [prefixRow![1], questionRow!]) {
      const [p50, p99] = twoMs(v);
      expect(Number.isFinite(p50) && p50! > 0).toBe(true);
      expect(Number.isFinite(p99) && p99! > 0).toBe(true);
      expect(p99!).toBeGreaterThanOrEqual(p50!);
    }

    // HNSW vs exact: every recall is a fraction; at the largest ef a tiny corpus is searched almost exactly.
    const recallRows = s.rows.filter(([k]) => k.includes('recall@10 vs exact'));
    expect(recallRows.length).toBeGreaterThanOrEqual(2);
    const efOf = (k: string) => Number(/ef=(\d+)/.exec(k)![1]);
    const recallOf = (v: string) => Number.parseFloat(v.split(',')[0]!);
    for (const [, v] of recallRows) {
      const r = recallOf(v);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(1);
    }
    const maxEf = Math.max(...recallRows.map(([k]) => efOf(k)));
    const atMax = recallRows.filter(([k]) => efOf(k) === maxEf);
    expect(atMax.length).toBeGreaterThanOrEqual(1);
    for (const [, v] of atMax) expect(recallOf(v)).toBeGreaterThanOrEqual(0.9);
  });
});
