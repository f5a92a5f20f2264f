import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { Bm25Index } from '../../src/retrieval/bm25.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-hash-embedder.js';
import { indexProblem, openKnowledgeBase, VectorIndex } from '../../src/retrieval/index.js';
import type { Embedder } from '../../src/core/ports.js';
import { tempKb } from '../ingest/helpers.js';
import { testConfig } from '../../src/config.js';
import { tokenize } from '../../src/text/index.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A different embedder (its own id), to provoke the mismatch check. */
class OtherEmbedder implements Embedder {
  readonly id = 'other-v1';
  readonly dimension = 256;
  private readonly inner = new LocalHashEmbedder(256);
  embedDocuments(t: string[]) {
    return this.inner.embedDocuments(t);
  }
  embedQuery(t: string) {
    return this.inner.embedQuery(t);
  }
}

describe('index store', () => {
  it('round-trips: a reopened index gives the same results', async () => {
    const t = tempKb();
    cleanups.push(t.cleanup);
    await runIngest(t.config);
    const queries = ['鹏博士算力中心总投资多少？', '氢能船舶项目是哪家公司投资的', '一对一服务'];
    const a = await openKnowledgeBase(t.config);
    const first = await Promise.all(queries.map((q) => a.retrieve(q)));
    const b = await openKnowledgeBase(t.config);
    const second = await Promise.all(queries.map((q) => b.retrieve(q)));
    expect(second).toEqual(first);
    expect(first[0]!.passages[0]!.text).toContain('30亿元');
  });

  it('refuses an index built with another embedder and says to re-ingest', async () => {
    const t = tempKb();
    cleanups.push(t.cleanup);
    await runIngest(t.config, { embedder: new OtherEmbedder() });
    const err = await openKnowledgeBase(t.config).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'index_mismatch' });
    expect((err as Error).message).toMatch(/npm run ingest/);
    // A dimension change is a mismatch too.
    await runIngest(t.config);
    await expect(openKnowledgeBase({ ...t.config, LOCAL_EMBEDDING_DIM: 128 })).rejects.toMatchObject({ code: 'index_mismatch' });
  });

  it('reports a missing or corrupt index with coded errors', async () => {
    const root = mkdtempSync(join(tmpdir(), 'zx-idx-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const config = testConfig({ DATA_DIR: root });
    await expect(openKnowledgeBase(config)).rejects.toMatchObject({ code: 'index_missing' });

    const t = tempKb();
    cleanups.push(t.cleanup);
    await runIngest(t.config);
    writeFileSync(join(t.config.DATA_DIR, 'index', 'chunks.json'), '{not json');
    await expect(openKnowledgeBase(t.config)).rejects.toMatchObject({ code: 'index_corrupt' });
    writeFileSync(join(t.config.DATA_DIR, 'index', 'vectors.hnsw'), 'junk');
    await runIngest(t.config); // a corrupt index is rebuilt, not fatal
    await expect(openKnowledgeBase(t.config)).resolves.toBeDefined();
  });

  it('indexProblem notices missing, truncated and junk files and another embedder without loading', async () => {
    const t = tempKb();
    cleanups.push(t.cleanup);
    await runIngest(t.config);
    const dir = join(t.config.DATA_DIR, 'index');
    const expectLocal = { embedder: 'local-hash-v2', dimension: t.config.LOCAL_EMBEDDING_DIM };
    expect(indexProblem(t.config.DATA_DIR, expectLocal)).toBeUndefined();
    expect(indexProblem(t.config.DATA_DIR, { embedder: 'other-v1', dimension: 256 })).toMatchObject({ code: 'index_mismatch' });
    const bm25 = readFileSync(join(dir, 'bm25.json'));
    writeFileSync(join(dir, 'bm25.json'), bm25.subarray(0, bm25.length - 10));
    expect(indexProblem(t.config.DATA_DIR, expectLocal)).toMatchObject({ code: 'index_corrupt' });
    writeFileSync(join(dir, 'bm25.json'), bm25);
    const vectors = readFileSync(join(dir, 'vectors.hnsw'));
    writeFileSync(join(dir, 'vectors.hnsw'), vectors.subarray(0, 200));
    expect(indexProblem(t.config.DATA_DIR, expectLocal)).toMatchObject({ code: 'index_corrupt' });
    writeFileSync(join(dir, 'vectors.hnsw'), vectors);
    rmSync(join(dir, 'embedder.json'));
    expect(indexProblem(t.config.DATA_DIR, expectLocal)).toMatchObject({ code: 'index_missing' });
  });

  it('cosine of a stored vector matches the HNSW search similarity', () => {
    const e = new LocalHashEmbedder(64);
    const v = VectorIndex.create({ dimension: 64, m: 8, efConstruction: 50, efSearch: 50 });
    const texts = ['资兴 招商 大数据', '鹏博士 算力中心 30亿元', '助保贷 4440万元'];
    texts.forEach((x, i) => v.add(i, e.embed(x)));
    const q = e.embed('鹏博士算力中心');
    for (const h of v.search(q, 3)) expect(v.similarity(h.label, q)).toBeCloseTo(h.similarity, 4);
  });

  it('BM25 serialises and ranks by term rarity', () => {
    const bm = new Bm25Index();
    const docs = ['资兴 招商 大数据', '资兴 招商 硅材料', '资兴 助保贷 4440万元'];
    docs.forEach((d, i) => bm.add(i, tokenize(d)));
    const again = Bm25Index.fromJSON(JSON.parse(JSON.stringify(bm.toJSON())));
    expect(again.search(tokenize('助保贷'), 3)).toEqual(bm.search(tokenize('助保贷'), 3));
    expect(bm.search(tokenize('资兴 硅材料'), 3)[0]!.label).toBe(1);
    expect(() => Bm25Index.fromJSON({ version: 2 })).toThrow(/malformed/);
  });
});
