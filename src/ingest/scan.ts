/** Finding the source files under the knowledge folder and naming them relative to the project. */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import { SUPPORTED_EXTENSIONS } from './loaders.js';

/** A source file found under the knowledge folder. */
export interface SourceFile {
  /** Absolute or cwd-relative path to read from. */
  file: string;
  /** Project-relative display path, e.g. `knowledge/zone/x.md` (forward slashes). */
  path: string;
  /** Path relative to the knowledge folder, e.g. `zone/x.md`. */
  rel: string;
  size: number;
  mtimeMs: number;
}

/** Files to ingest: supported extensions, no hidden or `_`-prefixed names, no folder READMEs. */
export function scanKnowledge(knowledgeDir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const prefix = displayPrefix(knowledgeDir);
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name.startsWith('_')) continue;
      const file = join(dir, name);
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(file);
      else if (st.isFile() && SUPPORTED_EXTENSIONS.has(extname(name).toLowerCase()) && !/^readme\.md$/i.test(basename(name))) {
        const rel = relative(knowledgeDir, file).split(sep).join('/');
        out.push({ file, rel, path: `${prefix}/${rel}`, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  };
  walk(knowledgeDir);
  return out;
}

/** How paths under the knowledge folder are shown: relative to the project root when possible. */
export function displayPrefix(knowledgeDir: string): string {
  const rel = isAbsolute(knowledgeDir) ? relative(process.cwd(), knowledgeDir) : knowledgeDir;
  const clean = rel.split(sep).join('/').replace(/^\.\//, '').replace(/\/+$/, '');
  return !clean || clean.startsWith('..') || isAbsolute(clean) ? basename(knowledgeDir) : clean;
}
