/**
 * FAQ spreadsheet import: a fixture made by LibreOffice (test/fixtures/faq/make-fixture.sh, with a
 * merged title row, a multi-line cell and a numeric cell) gives 3 documents and 1 refused row by
 * row number, through `npm run import-faq`; then `npm run ask` answers an imported similar question.
 * CSV rules (quoted line breaks, English headers, duplicates, over-long cells) are checked directly.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importFaq } from '../../src/ingest/faq-import.js';
import { FIXTURE_KB } from '../ingest/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const XLSX = fileURLToPath(new URL('../fixtures/faq/faq.xlsx', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'zx-faq-'));
const kb = join(root, 'knowledge');
cpSync(FIXTURE_KB, kb, { recursive: true });
const env = { ...process.env, KNOWLEDGE_DIR: kb, DATA_DIR: join(root, 'data'), LOCAL_EMBEDDING_DIM: '256', LOG_LEVEL: 'warn' };
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync('npm', ['run', '--silent', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });

describe('the LibreOffice fixture through npm run import-faq', () => {
  it('3 good rows become 3 documents, the row without an answer is refused by number', () => {
    const r = run('import-faq', '--', XLSX);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('row 6 refused: 答案为空');
    expect(r.stdout).toContain('3 documents written, 1 rows refused');
    const docs = readdirSync(join(kb, 'faq')).filter((f) => f.endsWith('.md'));
    expect(docs).toHaveLength(3);
    const texts = docs.map((f) => readFileSync(join(kb, 'faq', f), 'utf8'));
    const parking = texts.find((t) => t.includes('访客停车'))!;
    // The multi-line cells: two answer lines; two similar questions split on the line break.
    expect(parking).toContain('访客车辆停放在测试园区东门外的临时车位。\n凭登记单可免费停放两小时。');
    expect(parking).toContain('  - "来园区办事怎么停车"');
    // The numeric cell is the answer's text.
    expect(texts.find((t) => t.includes('门牌号'))).toMatch(/\n1024\n$/);
    expect(run('ingest').status).toBe(0);
    const ask = run('ask', '--', '来园区办事怎么停车');
    expect(ask.stdout).toMatch(/^根据资兴市招商资料：访客车辆停放在测试园区东门外的临时车位/);
    // Importing again rewrites the same documents instead of refusing them as already known.
    const again = run('import-faq', '--', XLSX);
    expect(again.stdout).toContain('3 documents written, 1 rows refused');
  }, 120_000);
});

describe('importFaq rules', () => {
  const today = '2026-12-01';
  it('reads CSV with English headers, quoted line breaks, and refuses duplicates and long cells by row', async () => {
    const csv = [
      'Question,Answer,Similar questions,Source,Tags',
      '"How do I park?","Use the east gate.","Where to park\nParking for visitors",fixture,"a,b"',
      'Where to park,Duplicate of a similar question,,,',
      `Too long?,${'x'.repeat(4001)},,,`,
      ',no question,,,',
      '',
      'Canteen hours?,7 to 19,,,',
    ].join('\r\n');
    const r = await importFaq('faq.csv', Buffer.from(csv), { today });
    expect(r.rows.map((x) => [x.row, x.question, x.similar])).toEqual([
      [2, 'How do I park?', ['Where to park', 'Parking for visitors']],
      [7, 'Canteen hours?', []], // records, as a spreadsheet numbers them (the quoted line break is one row)
    ]);
    expect(r.rows[0]!.tags).toEqual(['a', 'b']);
    expect(r.rows[1]!.source).toBe('FAQ 导入：faq.csv（2026-12-01）');
    expect(r.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(r.errors[0]!.reason).toContain('duplicate of row 2');
    expect(r.errors[1]!.reason).toContain('cell too long');
    expect(r.errors[2]!.reason).toContain('empty question');
  });

  it('refuses a file without a header, and a file that is not a spreadsheet, with a clear error', async () => {
    await expect(importFaq('x.csv', Buffer.from('a,b\n1,2\n'), { today })).rejects.toThrow(/问题/);
    await expect(importFaq('x.xlsx', Buffer.from('not a zip'), { today })).rejects.toThrow(/xlsx/);
    await expect(importFaq('x.pdf', Buffer.from('%PDF'), { today })).rejects.toThrow(/unsupported/);
  });

  it('refuses a question the knowledge base already has in another document', async () => {
    const r = await importFaq('f.csv', Buffer.from('问题,答案\n资兴的招商热线是多少？,见别处\n'), { today, existing: [{ question: '资兴的招商热线是多少', path: 'knowledge/faq/hotline.md' }] });
    expect(r.errors).toEqual([{ row: 2, reason: expect.stringContaining('knowledge/faq/hotline.md') }]);
  });
});
