import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/retrieval/index.js';
import { scanKnowledge } from '../../src/ingest/scan.js';
import { CodedError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import type { Embedder } from '../../src/core/ports.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-hash-embedder.js';

// The project's own knowledge base (read only); the index goes to a temp dir.
const KNOWLEDGE = fileURLToPath(new URL('../../knowledge', import.meta.url));
const present = existsSync(KNOWLEDGE) && scanKnowledge(KNOWLEDGE).length >= 5;

// The sample knowledge base ships with the repository: its absence fails here instead of skipping the suite silently.
it('has the sample knowledge base to test on', () => expect(present, `${KNOWLEDGE} missing or with fewer than 5 documents`).toBe(true));

describe.runIf(present)('retrieval on the sample knowledge base', () => {
  let root = '';
  let kb: KnowledgeBase;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'zx-sample-'));
    const config = testConfig({ KNOWLEDGE_DIR: KNOWLEDGE, DATA_DIR: root });
    await runIngest(config);
    kb = await openKnowledgeBase(config);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const top3 = async (q: string) => (await kb.retrieve(q, { k: 3 })).passages.map((p) => p.text).join('\n');

  it('finds the total investment of the 鹏博士 computing centre', async () => {
    const r = await kb.retrieve('鹏博士资兴算力中心总投资多少？');
    expect(r.relevant).toBe(true);
    expect(r.passages.slice(0, 3).some((p) => p.text.includes('30亿'))).toBe(true);
    expect(r.passages[0]!.path).toMatch(/^knowledge\//);
    for (const p of r.passages) expect(p.score).toBeGreaterThanOrEqual(0), expect(p.score).toBeLessThanOrEqual(1);
    // Best first.
    const scores = r.passages.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('answers traditional-character questions like simplified ones', async () => {
    expect(await top3('助保貸一共投放了多少資金？')).toContain('4440万');
  });

  it('reaches the facts from an English question', async () => {
    const r = await kb.retrieve('How much tax and fee relief has Zixing given to enterprises?');
    expect(r.relevant).toBe(true);
    expect(r.passages.some((p) => p.text.includes('3.82'))).toBe(true);
  });

  it('flags off-topic and uncovered questions as not relevant', async () => {
    for (const q of ['明天资兴天气怎么样？', '资兴工业用地每亩多少钱？', 'write me a poem', '资兴有什么好吃的？']) {
      const r = await kb.retrieve(q);
      expect({ q, relevant: r.relevant }).toEqual({ q, relevant: false });
      expect(r.confidence).toBeLessThan(0.6);
    }
  });

  it('falls back to BM25 when the query embedder fails, and says so in a warning with the code', async () => {
    const config = testConfig({ KNOWLEDGE_DIR: KNOWLEDGE, DATA_DIR: root });
    const warnings: Record<string, unknown>[] = [];
    const logger = { ...silentLogger, warn: (_m: string, d?: Record<string, unknown>) => void warnings.push(d ?? {}) };
    const local = new LocalHashEmbedder(config.LOCAL_EMBEDDING_DIM);
    const failing: Embedder = {
      id: local.id,
      dimension: local.dimension,
      embedDocuments: () => Promise.reject(new CodedError('embedding_failed', 'endpoint down')),
      embedQuery: () => Promise.reject(new CodedError('embedding_failed', 'endpoint down')),
    };
    const degraded = await openKnowledgeBase(config, { embedder: failing, logger });
    const r = await degraded.retrieve('鹏博士资兴算力中心总投资多少？');
    expect(r.relevant).toBe(true);
    expect(r.passages.slice(0, 3).some((p) => p.text.includes('30亿'))).toBe(true);
    expect(warnings.some((w) => w.code === 'embedding_failed')).toBe(true);
    // Still honest about what it does not know.
    expect((await degraded.retrieve('资兴工业用地每亩多少钱？')).relevant).toBe(false);
  });

  it('does not let question words the corpus lacks (担任, 哪些城市) sink an answerable question', async () => {
    const a = await kb.retrieve('招商大使是什么人担任的？');
    expect(a.relevant).toBe(true);
    expect(a.passages.slice(0, 3).some((p) => p.text.includes('企业家'))).toBe(true);
    const b = await kb.retrieve('资兴的领导到过哪些城市去招商？');
    expect(b.relevant).toBe(true);
    expect(b.passages.some((p) => p.text.includes('上海'))).toBe(true);
  });

  it('still refuses questions whose topic word the corpus lacks', async () => {
    for (const q of ['郴州市去年GDP是多少？', '资兴的厂房租金一平米多少钱？', 'What is the minimum wage in Zixing?', '从资兴坐高铁去广州要多久？']) {
      expect({ q, relevant: (await kb.retrieve(q)).relevant }).toEqual({ q, relevant: false });
    }
  });

  it('empty queries return nothing', async () => {
    expect(await kb.retrieve('   ')).toMatchObject({ passages: [], relevant: false, confidence: 0 });
  });
});
