/**
 * The README's "How it works" table matches the folders: every entry of src/ (folder or file) has
 * a row, every sub-folder is named in its folder's row, and every path or file a row names exists,
 * so the table cannot drift from the code unnoticed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The rows of the README's "How it works" table: the paths of the first column and the text of the second. */
function layoutRows(readme: string): { paths: string[]; job: string }[] {
  const start = readme.indexOf('## How it works');
  const end = readme.indexOf('\n## ', start + 1);
  if (start < 0) throw new Error('README has no "How it works" section');
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const [, first = '', job = ''] = l.split(/(?<!\\)\|/);
      return { paths: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), job };
    });
}

const rows = layoutRows(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const named = new Set(rows.flatMap((r) => r.paths.map((p) => p.replace(/\/$/, ''))));
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

describe("the README's How it works table", () => {
  it('has a row for every folder and file at the top of src/', () => {
    const entries = readdirSync(join(ROOT, 'src')).map((e) => `src/${e}`);
    expect(entries.filter((e) => !named.has(e))).toEqual([]);
  });

  it('names only paths that exist', () => {
    expect([...named].filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it("names every sub-folder of a src/ folder in that folder's row", () => {
    const missing: string[] = [];
    for (const row of rows) {
      for (const folder of row.paths.filter((p) => p.startsWith('src/') && isDir(join(ROOT, p)))) {
        for (const sub of readdirSync(join(ROOT, folder)).filter((e) => isDir(join(ROOT, folder, e)))) {
          if (!row.job.includes(`\`${sub}/`)) missing.push(`${folder.replace(/\/$/, '')}/${sub}/`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('names only files that exist (under the row\'s folders, or from the project root)', () => {
    const missing: string[] = [];
    for (const row of rows) {
      for (const [, name] of row.job.matchAll(/`([\w./-]+\.(?:ts|mjs|txt|md))`/g)) {
        const bases = [...row.paths.filter((p) => isDir(join(ROOT, p))), ''];
        if (!bases.some((b) => existsSync(join(ROOT, b, name!)))) missing.push(`${row.paths.join(', ')}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
