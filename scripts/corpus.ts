/**
 * Assemble the understanding corpus: training/raw/*.jsonl (written by helpers from the source report
 * and knowledge/ only) → checked, split by paraphrase group → training/{train,validation,test}.jsonl.
 * The test split is the file written by a separate author (raw/test-split.jsonl); the others are
 * split 80/20 by a hash of the group id, so a group never straddles two splits. Deterministic.
 *
 *   npm run corpus            check and write the splits
 *   npm run corpus -- --check  only check; exit 1 on a problem
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusExampleSchema, type CorpusExample } from '../src/understanding/corpus.js';
import { HELP, parseCli } from './cli-args.js';

const { values } = parseCli('usage: npm run corpus [-- --check]   (--check: verify the splits are up to date, write nothing)', { options: { check: { type: 'boolean', default: false }, ...HELP } });
const root = join(import.meta.dirname, '..');
const rawDir = join(root, 'training', 'raw');
const TEST_FILE = 'test-split.jsonl';

const problems: string[] = [];
const docs = new Map<string, string>();
const docText = (path: string): string | undefined => {
  if (!docs.has(path)) docs.set(path, existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '');
  return docs.get(path) || undefined;
};
const nfkc = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

const bySplit: Record<'train' | 'validation' | 'test', CorpusExample[]> = { train: [], validation: [], test: [] };
const ids = new Set<string>();
for (const file of readdirSync(rawDir).filter((f) => f.endsWith('.jsonl')).sort()) {
  const lines = readFileSync(join(rawDir, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      problems.push(`${where}: not JSON`);
      return;
    }
    const parsed = corpusExampleSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`${where}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
      return;
    }
    const ex = parsed.data;
    if (ids.has(ex.id)) problems.push(`${where}: duplicate id ${ex.id}`);
    ids.add(ex.id);
    if (ex.answer) {
      const text = docText(ex.answer.path);
      if (!text) problems.push(`${where}: no document ${ex.answer.path}`);
      else if (!nfkc(text).includes(nfkc(ex.answer.span))) problems.push(`${where}: span not in ${ex.answer.path}`);
    }
    for (const [name, f] of Object.entries(ex.fields ?? {})) {
      if (f && !nfkc(ex.question).includes(nfkc(f.span))) problems.push(`${where}: field ${name} span not in the question`);
    }
    const split = file === TEST_FILE ? 'test' : createHash('sha1').update(ex.group).digest()[0]! % 5 === 0 ? 'validation' : 'train';
    bySplit[split].push(ex);
  });
}

for (const [split, list] of Object.entries(bySplit)) {
  const groups = new Set(list.map((e) => e.group));
  console.log(`${split}: ${list.length} messages in ${groups.size} groups`);
}
if (problems.length) {
  console.error(`${problems.length} problems:\n${problems.slice(0, 40).join('\n')}`);
  process.exit(1);
}
if (!values.check) {
  for (const [split, list] of Object.entries(bySplit)) {
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    writeFileSync(join(root, 'training', `${split}.jsonl`), list.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
}
