import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { runIngest } from '../../src/ingest/index.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/retrieval/index.js';
import { scanKnowledge } from '../../src/ingest/scan.js';

// The project's own knowledge base (read only); the index goes to a temp dir.
const KNOWLEDGE = fileURLToPath(new URL('../../knowledge', import.meta.url));
const present = existsSync(KNOWLEDGE) && scanKnowledge(KNOWLEDGE).length >= 5;

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

  it('empty queries return nothing', async () => {
    expect(await kb.retrieve('   ')).toMatchObject({ passages: [], relevant: false, confidence: 0 });
  });
});
