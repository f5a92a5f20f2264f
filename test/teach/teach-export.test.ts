/**
 * Teaching actions on a real store, index and question service, then `npm run knowledge -- export`
 * and `export-examples`: a gap that carried a phone number leaves no phone number in the stored
 * Q&A document, the exported Markdown or the examples; a linked question lands in the Markdown
 * document's front matter without touching the editor's other lines, and in a TXT file's sidecar;
 * undo takes an item out of the index and of the export.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { createAnswerer } from '../../src/answer/create-answerer.js';
import { createQuestionService } from '../../src/answer/question-service.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import { readIndexedQuestions } from '../../src/retrieval/index-store.js';
import { openStore, TaughtStore, type SqliteStore } from '../../src/store/index.js';
import { sqliteTaughtLedger } from '../../src/store/taught.js';
import { sqliteGapLog } from '../../src/store/gap-log.js';
import { createTeachService, type TeachService } from '../../src/teach/teach-service.js';
import { FIXTURE_KB } from '../ingest/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'zx-teach-'));
const kb = join(root, 'knowledge');
cpSync(FIXTURE_KB, kb, { recursive: true });
// An editor's document with comments and formatting that an export must keep; a TXT file (sidecar).
const EDITOR_MD = `---
title: 园区停车（测试夹具）
# 编辑的注释：不要删
kind: service
tags: [停车]
---

# 园区停车

**访客车辆**请停放在东门外的临时车位。 <!-- 编辑备注 -->
`;
writeFileSync(join(kb, 'service/parking.md'), EDITOR_MD);
writeFileSync(join(kb, 'service/canteen.txt'), '园区食堂（测试夹具）\n\n食堂早上七点开门，晚上七点关门。\n');
const config = testConfig({ KNOWLEDGE_DIR: kb, DATA_DIR: join(root, 'data'), LOCAL_EMBEDDING_DIM: '256' });
const env = { ...process.env, KNOWLEDGE_DIR: kb, DATA_DIR: join(root, 'data'), LOCAL_EMBEDDING_DIM: '256', LOG_LEVEL: 'warn' };
const PHONE = '13812345678';
const staff = { id: 'console:li', name: '李专员' };

let store: SqliteStore;
let base: KnowledgeBase;
let teach: TeachService;
const clock = new ManualClock(Date.UTC(2026, 5, 1, 8));

beforeAll(async () => {
  await runIngest(config, { logger: silentLogger, clock });
  store = openStore(config, clock);
  base = await openKnowledgeBase(config, { logger: silentLogger });
  const questions = createQuestionService({ config, retriever: base, answerer: createAnswerer(config, silentLogger, { clock }), logger: silentLogger, clock });
  const taught = new TaughtStore(store.db, clock);
  teach = createTeachService({
    taught: sqliteTaughtLedger(store.db, clock),
    gapLog: sqliteGapLog(store.db),
    retriever: base,
    questions,
    clock,
    indexedQuestions: () => readIndexedQuestions(config.DATA_DIR),
    refresh: async () => {
      await runIngest(config, { logger: silentLogger, clock, taught: taught.forIngest() });
      await base.reload();
    },
  });
  // A logged question with a phone number that got no answer.
  const db = store.db;
  db.prepare("INSERT INTO conversations (id, channel, conversation_id, user_id, state, created_at, updated_at) VALUES ('web:g1', 'web', 'g1', 'u', 'idle', ?, ?)").run(clock.now(), clock.now());
  const msg = db.prepare('INSERT INTO messages (conversation, role, text, outbound, answered, intent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  msg.run('web:g1', 'user', `我的电话${PHONE}，想问下园区的健身房几点开？`, null, null, null, clock.now() - 1000);
  msg.run('web:g1', 'assistant', '资兴招商资料中没有写明…', JSON.stringify({ text: 'x', citations: [], answered: false, intent: 'question' }), 0, 'question', clock.now());
}, 60_000);
afterAll(() => {
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

const npm = (...args: string[]) => spawnSync('npm', ['run', '--silent', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });

describe('teaching actions, export and export-examples', () => {
  it('answers a gap that carried a phone number without storing or exporting the number', async () => {
    const [gap] = await teach.gaps();
    expect(gap!.question).toContain('[电话]');
    expect(gap!.question).not.toContain(PHONE);
    // Before teaching, the taught answer is nowhere (the gate may still quote an unrelated sentence
    // for this uncovered question — a known refusal weakness of the understanding layer, #12).
    const before = await teach.ask('园区的健身房几点开？');
    expect(before.text).not.toContain('健身房每天九点开门');
    const { item, now } = await teach.answer({ question: gap!.question, similar: ['园区的健身房几点开？'], answer: '测试夹具答案：健身房每天九点开门。' }, staff);
    expect(item.document).not.toContain(PHONE);
    expect(item.document).toContain('source: "李专员（控制台，2026-06-01）"');
    expect(now.answered).toBe(true);
    expect((await teach.ask('园区的健身房几点开？')).text).toContain('健身房每天九点开门');
    expect(await teach.gaps()).toEqual([]);
    const stored = JSON.stringify(store.db.prepare('SELECT * FROM taught_items').all());
    expect(stored).not.toContain(PHONE);
  }, 60_000);

  it('links questions to a Markdown passage and a TXT passage; export edits front matter surgically and writes a sidecar', async () => {
    const [md] = (await teach.search('访客车辆 东门外 临时车位')).filter((p) => p.path.endsWith('service/parking.md'));
    const [txt] = (await teach.search('食堂 七点开门')).filter((p) => p.path.endsWith('service/canteen.txt'));
    expect((await teach.ask('来办事的人车停哪儿？')).text).not.toMatch(/^根据资兴市招商资料：\*?\*?访客/);
    const linked = await teach.link({ questions: ['来办事的人车停哪儿？'], passage: { id: md!.id, path: md!.path, headingPath: md!.headingPath } }, staff);
    expect(linked.now.answered).toBe(true);
    expect(linked.now.citations.map((c) => c.path)).toContain(md!.path);
    const linked2 = await teach.link({ questions: ['吃饭的地方几点能进'], passage: { id: txt!.id, path: txt!.path, headingPath: txt!.headingPath } }, staff);
    expect(linked2.now.answered).toBe(true);

    const r = npm('knowledge', '--', 'export');
    expect(r.status).toBe(0);
    const after = readFileSync(join(kb, 'service/parking.md'), 'utf8');
    expect(after).toBe(EDITOR_MD.replace('tags: [停车]\n', 'tags: [停车]\nquestions:\n  - "来办事的人车停哪儿？"\n'));
    expect(readFileSync(join(kb, '_questions/service/canteen.txt.yml'), 'utf8')).toBe('questions:\n  - "吃饭的地方几点能进"\n');
    const qa = r.stdout.split('\n').find((l) => l.includes('/faq/qa-'))!.replace(/^wrote /, '');
    const exported = readFileSync(qa, 'utf8');
    expect(exported).toContain('健身房每天九点开门');
    expect(exported).not.toContain(PHONE);

    const ex = npm('knowledge', '--', 'export-examples');
    expect(ex.status).toBe(0);
    const examples = ex.stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; intent: string; answer?: { path: string; span: string } });
    expect(ex.stdout).not.toContain(PHONE);
    expect(examples.map((e) => e.question)).toEqual(expect.arrayContaining(['我的电话[电话]，想问下园区的健身房几点开？', '来办事的人车停哪儿？', '吃饭的地方几点能进']));
    for (const e of examples.filter((x) => x.answer)) {
      // Paths are shown under the knowledge folder's name: knowledge/service/parking.md.
      const file = join(kb, e.answer!.path.split('/').slice(1).join('/'));
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(e.answer!.span);
    }
  }, 120_000);

  it('undo takes a taught answer out of the index and out of the export', async () => {
    // (An exported answer is a file under knowledge/ from then on: undo is for what is still only taught.)
    const { item, now } = await teach.answer({ question: '园区的洗车点在哪？', answer: '测试夹具答案：洗车点在北门停车场旁。' }, staff);
    expect(now.answered).toBe(true);
    const r = await teach.undo(item.id, staff);
    expect(r.now?.answered).toBe(false);
    expect((await teach.ask('园区的洗车点在哪？')).text).not.toContain('北门停车场');
    expect((await teach.audit())[0]).toMatchObject({ action: 'undo', itemId: item.id, actor: { name: '李专员' } });
    await expect(teach.undo(item.id, staff)).rejects.toThrow(/already undone/);
    const ex = npm('knowledge', '--', 'export-examples');
    expect(ex.status).toBe(0);
    expect(ex.stdout).not.toContain('洗车');
  }, 60_000);
});
