/**
 * Q&A documents: a Markdown document's `questions:` (and a TXT file's sidecar questions) are indexed
 * as questions, so `npm run ask` answers them from that document after `npm run ingest` — where the
 * same documents without the questions do not. The knowledge folder is a temp copy of the test
 * fixture plus a made-up fixture document (not a fact about Zixing).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_KB } from '../ingest/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'zx-qa-'));
const kb = join(root, 'knowledge');
cpSync(FIXTURE_KB, kb, { recursive: true });
mkdirSync(join(kb, 'faq'));
const env = { ...process.env, KNOWLEDGE_DIR: kb, DATA_DIR: join(root, 'data'), LOCAL_EMBEDDING_DIM: '256', LOG_LEVEL: 'warn' };
afterAll(() => rmSync(root, { recursive: true, force: true }));

function npm(...args: string[]): string {
  const r = spawnSync('npm', ['run', '--silent', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// A made-up test fixture: the number is not Zixing's.
const HOTLINE = (questions: string) => `---
title: 招商联系电话（测试夹具）
kind: faq
source: 测试夹具，虚构内容
${questions}# an editor's comment, kept
---

# 招商联系电话

请拨打 0735-1234567，工作日 9:00—17:00 有专人接听。
`;

describe('Q&A documents through npm run ingest and npm run ask', () => {
  it('a question in front matter is answered from that document; without it, it is not', () => {
    writeFileSync(join(kb, 'faq/hotline.md'), HOTLINE(''));
    npm('ingest');
    const before = npm('ask', '--', '资兴的招商热线是多少？');
    expect(before).not.toContain('0735-1234567');

    writeFileSync(join(kb, 'faq/hotline.md'), HOTLINE('questions: ["资兴的招商热线是多少？"]\n'));
    expect(npm('ingest')).toContain('changed 1');
    const after = npm('ask', '--', '资兴的招商热线是多少？');
    expect(after).toContain('0735-1234567');
    expect(after).toContain('knowledge/faq/hotline.md');
    // A paraphrase matches the indexed question too; a question sharing only 资兴/是多少 does not.
    expect(npm('ask', '--', '资兴招商热线电话是多少')).toContain('0735-1234567');
    expect(npm('ask', '--', '资兴的电价是多少？')).not.toContain('0735-1234567');
  }, 120_000);

  it('a TXT file carries its questions in knowledge/_questions/<path>.yml', () => {
    writeFileSync(join(kb, 'faq/parking.txt'), '园区停车说明（测试夹具）\n\n访客车辆请停放在东门外的临时车位，凭登记单免费停放两小时。\n');
    npm('ingest');
    // Without the question, the passage is at most offered as related (not given as the answer).
    expect(npm('ask', '--', '来办事的人车停哪儿？')).not.toMatch(/^根据资兴市招商资料：访客车辆/);
    mkdirSync(join(kb, '_questions/faq'), { recursive: true });
    writeFileSync(join(kb, '_questions/faq/parking.txt.yml'), '# sidecar of faq/parking.txt\nquestions:\n  - 来办事的人车停哪儿？\n');
    npm('ingest');
    const out = npm('ask', '--', '来办事的人车停哪儿？');
    expect(out).toMatch(/^根据资兴市招商资料：访客车辆请停放在东门外的临时车位/);
    expect(out).toContain('knowledge/faq/parking.txt');
    // The sidecar folder is not ingested as a document of its own.
    expect(readFileSync(join(root, 'data/index/manifest.json'), 'utf8')).not.toContain('_questions');
  }, 120_000);
});
