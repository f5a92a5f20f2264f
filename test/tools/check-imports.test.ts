/**
 * The house rules on src/ hold (no import cycle, no upward import, no file over 400 lines, no
 * devDependency in product code), and the checker itself catches each kind of finding when one is
 * planted in a temporary project.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSource, LAYERS, readImports, type Finding } from '../../scripts/check-imports.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('src/ follows the import rules', () => {
  it('has no cycle, no upward import, no long file and no devDependency', () => {
    const findings = checkSource({ srcDir: join(ROOT, 'src'), packageJson: join(ROOT, 'package.json') });
    expect(findings.map((f) => `${f.kind}: ${f.message}`)).toEqual([]);
  });
});

describe('the checker', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A temporary project with `files` under src/ and a package.json. */
  function project(files: Record<string, string>): { srcDir: string; packageJson: string } {
    dir = mkdtempSync(join(tmpdir(), 'check-imports-'));
    for (const [path, text] of Object.entries(files)) {
      const full = join(dir, 'src', path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    const packageJson = join(dir, 'package.json');
    writeFileSync(packageJson, JSON.stringify({ dependencies: { zod: '4' }, devDependencies: { vitest: '4', '@scope/dev-tool': '1' } }));
    return { srcDir: join(dir, 'src'), packageJson };
  }
  const kinds = (fs: Finding[]) => fs.map((f) => f.kind).sort();

  it('passes a clean project', () => {
    const p = project({
      'core/types.ts': 'export type Id = string;\n',
      'store/rows.ts': "import type { Id } from '../core/types.js';\nimport { z } from 'zod';\nexport const ids: Id[] = [];\nexport const s = z.string();\n",
      'dialog/flow.ts': "import { ids } from '../store/rows.js';\nexport const n = ids.length;\n",
    });
    expect(checkSource(p)).toEqual([]);
  });

  it('finds a planted cycle between two files of one folder', () => {
    const p = project({
      'store/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'store/b.ts': "import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n",
    });
    const findings = checkSource(p);
    expect(kinds(findings)).toEqual(['cycle']);
    expect(findings[0]!.files.sort()).toEqual(['store/a.ts', 'store/b.ts']);
  });

  it('finds a cycle through a re-export and a dynamic import', () => {
    const p = project({
      'text/a.ts': "export { c } from './c.js';\n",
      'text/b.ts': "export const b = 2;\nexport const load = () => import('./a.js');\n",
      'text/c.ts': "import { b } from './b.js';\nexport const c = b;\n",
    });
    const findings = checkSource(p);
    expect(kinds(findings)).toEqual(['cycle']);
    expect(findings[0]!.files.sort()).toEqual(['text/a.ts', 'text/b.ts', 'text/c.ts']);
  });

  it('finds a planted upward import (store imports dialog)', () => {
    const p = project({
      'dialog/flow.ts': 'export const step = 1;\n',
      'store/rows.ts': "import { step } from '../dialog/flow.js';\nexport const x = step;\n",
    });
    const findings = checkSource(p);
    expect(kinds(findings)).toEqual(['upward']);
    expect(findings[0]!.files).toEqual(['store/rows.ts', 'dialog/flow.ts']);
  });

  it('counts a type-only upward import too', () => {
    const p = project({
      'server.ts': 'export interface Core { ok: boolean }\n',
      'channels/attach.ts': "import type { Core } from '../server.js';\nexport const f = (c: Core) => c.ok;\n",
    });
    expect(kinds(checkSource(p))).toEqual(['upward']);
  });

  it('finds a file over the line limit', () => {
    const p = project({ 'core/long.ts': 'export const x = 1;\n'.repeat(401) });
    expect(kinds(checkSource(p))).toEqual(['too-long']);
    const ok = project({ 'core/long.ts': 'export const x = 1;\n'.repeat(400) });
    expect(checkSource(ok)).toEqual([]);
  });

  it('finds an import of a devDependency, scoped or not, by require too', () => {
    const p = project({
      'core/a.ts': "import { it } from 'vitest';\nexport const t = it;\n",
      'core/b.ts': "import x from '@scope/dev-tool/sub';\nexport const y = x;\n",
      'core/c.cjs': "const v = require('vitest');\nmodule.exports = v;\n",
    });
    expect(kinds(checkSource(p))).toEqual(['dev-dependency', 'dev-dependency', 'dev-dependency']);
  });

  it('reports a folder that is on no layer', () => {
    const p = project({ 'bench/run.ts': 'export const x = 1;\n' });
    expect(kinds(checkSource(p))).toEqual(['unknown-layer']);
  });

  it('reads every form of import', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
      "type F = import('./f.js').F;",
    ].join('\n');
    expect(readImports('x.ts', text).map((r) => r.specifier)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('puts every folder of src/ on a layer', () => {
    const keys = LAYERS.flat();
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['main.ts', 'server.ts', 'channels', 'http', 'dialog', 'answer', 'leads', 'ingest', 'understanding', 'retrieval', 'store', 'guard', 'text', 'core', 'config.ts']));
  });
});
