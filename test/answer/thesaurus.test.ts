/**
 * The editor's thesaurus file: parsed as documented, bad lines reported (by ingest, with their line
 * numbers) and skipped, re-read when the knowledge base reloads, and used by sentence selection.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/question-analysis.js';
import { testConfig } from '../../src/config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase } from '../../src/retrieval/index.js';
import { conceptAlternatives, currentThesaurus, parseThesaurus, readThesaurus, THESAURUS_FILE, useThesaurus } from '../../src/text/thesaurus.js';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge', import.meta.url));
const shipped = readThesaurus(KNOWLEDGE);
const dirs: string[] = [];
afterAll(() => {
  useThesaurus(shipped);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('thesaurus file', () => {
  it('reads groups and one-way lines, skipping notes and reporting bad lines', () => {
    const t = parseThesaurus('# note\n重点产业 优势产业、主导产业\n占地 => 用地 面积\nIndustries sector\n孤词\na b => c\n');
    expect(t.groups).toEqual([['重点产业', '优势产业', '主导产业'], ['industry', 'sector']]);
    expect(t.oneWay).toEqual({ 占地: ['用地', '面积'] });
    expect(t.problems).toEqual(['line 5: a group needs at least two wordings', 'line 6: "a => b c" needs one word before => and at least one after']);
  });

  it('ships the project thesaurus in knowledge/ with no bad line, and the answer layer uses it', () => {
    expect(shipped.problems).toEqual([]);
    expect(shipped.groups.length).toBeGreaterThan(10);
    useThesaurus(shipped);
    expect(conceptAlternatives('重点产业')).toContain('优势产业');
    const terms = analyzeQuestion('项目占地多少？', 'zh').terms;
    expect(terms.find((t) => t.text === '占地')?.alternatives).toEqual(['用地', '面积']);
  });

  it('is re-read from the knowledge folder when the knowledge base opens and reloads; ingest reports its bad lines', async () => {
    const root = mkdtempSync(join(tmpdir(), 'zx-thes-'));
    dirs.push(root);
    cpSync(KNOWLEDGE, join(root, 'knowledge'), { recursive: true });
    const dir = join(root, 'knowledge');
    writeFileSync(join(dir, THESAURUS_FILE), '刻章 印章刻制\n单独一个\n');
    const config = testConfig({ KNOWLEDGE_DIR: dir, DATA_DIR: join(root, 'data') });
    const summary = await runIngest(config);
    expect(summary.errors).toEqual([{ path: expect.stringMatching(/_thesaurus\.txt$/), reason: 'line 2: a group needs at least two wordings' }]);
    expect(summary.files).toBeGreaterThan(0);
    const kb = await openKnowledgeBase(config);
    expect(conceptAlternatives('刻章')).toEqual(['印章刻制']);
    expect(conceptAlternatives('重点产业')).toEqual([]);
    writeFileSync(join(dir, THESAURUS_FILE), '重点产业 优势产业\n');
    await kb.reload();
    expect(conceptAlternatives('刻章')).toEqual([]);
    expect(currentThesaurus().groups).toEqual([['重点产业', '优势产业']]);
  }, 120_000);
});
