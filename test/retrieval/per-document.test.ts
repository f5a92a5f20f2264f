/**
 * A policy file ingested clause by clause holds its answer in one of many small passages: the top
 * k may take up to five passages of one document (DEFAULT_HYBRID.perDoc), so the fourth or fifth
 * best clause of the file the question is about still reaches the answer layer. Fictional test
 * documents, ingested into a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/retrieval/index.js';

const CLAUSES = [
  '第一条　为吸引高层次人才来本市工作，制定本人才安家补贴办法。',
  '第二条　人才安家补贴由市人才工作领导小组办公室负责审核。',
  '第三条　A类人才安家补贴总额一百五十万元，分五年发放。',
  '第四条　B类人才安家补贴总额八十万元，分五年发放。',
  '第五条　C类人才安家补贴总额三十万元，分三年发放。',
  '第六条　申请人才安家补贴的，应在来本市工作之日起六个月内提出。',
];
const POLICY = `（测试文件）人才安家补贴办法\n\n${CLAUSES.join('\n\n')}\n`;
const OTHER = `（测试文件）工业用地办法\n\n一、工业用地可以弹性年期出让，出让年限最长不超过二十年。\n\n二、人才公寓由园区统一管理。\n`;

let root: string;
let kb: KnowledgeBase;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zx-perdoc-'));
  const knowledge = join(root, 'knowledge');
  mkdirSync(join(knowledge, 'policy'), { recursive: true });
  writeFileSync(join(knowledge, 'policy', 'talent.txt'), POLICY);
  writeFileSync(join(knowledge, 'policy', 'land.txt'), OTHER);
  const config = testConfig({ KNOWLEDGE_DIR: knowledge, DATA_DIR: join(root, 'data') });
  await runIngest(config);
  kb = await openKnowledgeBase(config);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('passages of one document in the top k', () => {
  it('takes up to five clauses of the file the question is about', async () => {
    const r = await kb.retrieve('人才安家补贴有哪些规定？', { k: 8 });
    const fromTalent = r.passages.filter((p) => p.path.endsWith('talent.txt'));
    expect(fromTalent.length).toBe(5);
    // Each a clause of its own, not the same one twice.
    expect(new Set(fromTalent.map((p) => p.id)).size).toBe(5);
  });
});
