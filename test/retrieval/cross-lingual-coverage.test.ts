/**
 * An English question over a Chinese-only policy file: term coverage credits the Chinese passage
 * for the English words the dictionary bridge (CC-CEDICT, built at ingest) says in Chinese, so it
 * reaches the relevance an English passage would have with the same words. The sample knowledge
 * base plus two fictional Chinese-only files of the test's own, ingested into a temporary folder.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/retrieval/index.js';

let root: string;
let kb: KnowledgeBase;

const CHINESE = `---
title: （测试文件）人才安家补贴办法
kind: policy
lang: zh
---

# 人才安家补贴办法

第一条　未在本市购房的人才，可按每月1000元领取租房补贴，最长不超过三年。

第二条　申请人应在来本市工作之日起六个月内提出申请。
`;
const OTHER = `---
title: （测试文件）工业用地办法
kind: policy
lang: zh
---

# 工业用地办法

一、工业用地可以弹性年期出让，出让年限最长不超过二十年。
`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zx-crossling-'));
  const knowledge = join(root, 'knowledge');
  // The sample knowledge base (bilingual) plus two Chinese-only policy files an editor added.
  cpSync(fileURLToPath(new URL('../../knowledge', import.meta.url)), knowledge, { recursive: true });
  mkdirSync(join(knowledge, 'policy', 'new'), { recursive: true });
  writeFileSync(join(knowledge, 'policy', 'new', 'talent-housing.md'), CHINESE);
  writeFileSync(join(knowledge, 'policy', 'new', 'land.md'), OTHER);
  const config = testConfig({ KNOWLEDGE_DIR: knowledge, DATA_DIR: join(root, 'data') });
  await runIngest(config);
  kb = await openKnowledgeBase(config);
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('an English question over a Chinese-only document', () => {
  it('finds the Chinese passage that says its words relevant, ranked first', async () => {
    // Without the bridge's wordings in term coverage, the English words count as stated nowhere and
    // the passage ranks first but below the relevance threshold (the answer layer then declines).
    for (const q of ['How long can I receive the rent subsidy?', 'Is there any subsidy for renting if I do not buy an apartment?']) {
      const r = await kb.retrieve(q, { k: 3 });
      expect(r.passages[0]?.path, q).toContain('talent-housing');
      expect(r.relevant, q).toBe(true);
    }
  });

  it('leaves a Chinese question ranked as before', async () => {
    const r = await kb.retrieve('工业用地出让年限最长多少年？', { k: 3 });
    expect(r.passages[0]?.path).toContain('land');
    expect(r.relevant).toBe(true);
  });
});
