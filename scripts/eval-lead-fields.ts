/**
 * Lead-field exact match on a corpus split, before (the regex parsers of a git revision, default
 * cc8b4df) and after (the shipped span-scoring model). Usage:
 *   npx tsx scripts/eval-lead-fields.ts [training/validation.jsonl] [--baseline REV] [--no-baseline] [--failures N]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCorpus } from '../src/understanding/corpus.js';
import { extractLeadFields } from '../src/understanding/lead-fields.js';
import { formatLeadFieldReport, scoreLeadFields, type FieldExtractor } from '../src/understanding/lead-fields-eval.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const baselineRev = flag('--baseline') ?? 'cc8b4df';
const failures = Number(flag('--failures') ?? 0);
const noBaseline = args.includes('--no-baseline');
const file = args.find((a) => !a.startsWith('--')) ?? 'training/validation.jsonl';
const examples = readCorpus(file);

/** The old parsers, checked out from git into a scratch folder, so "before" is measured, not remembered. */
async function baseline(rev: string): Promise<FieldExtractor> {
  const dir = resolve('.tmp/baseline', rev);
  mkdirSync(join(dir, 'src/leads'), { recursive: true });
  for (const f of ['parsers.ts', 'numbers.ts', 'lead-schema.ts']) {
    writeFileSync(join(dir, 'src/leads', f), execFileSync('git', ['show', `${rev}:src/leads/${f}`], { encoding: 'utf8' }));
  }
  type Old = { extractLeadFields: (t: string, l: 'zh' | 'en') => { fields: Record<string, unknown> }; parseIndustry?: (t: string, l: 'zh' | 'en') => { text: string } | undefined };
  const mod = (await import(pathToFileURL(join(dir, 'src/leads/parsers.ts')).href)) as Old;
  // The old parsers filed a category (电子信息), not the words; score the words they matched.
  return (text, lang) => {
    const fields = mod.extractLeadFields(text, lang).fields;
    const words = mod.parseIndustry?.(text, lang)?.text;
    return (fields.industry && words ? { ...fields, industry: words } : fields) as ReturnType<FieldExtractor>;
  };
}

if (!noBaseline) {
  const before = scoreLeadFields(examples, await baseline(baselineRev));
  console.log(formatLeadFieldReport(`before (regex parsers at ${baselineRev}) on ${file}`, before));
  rmSync(resolve('.tmp/baseline'), { recursive: true, force: true });
}
const after = scoreLeadFields(examples, (text, lang, asked) => extractLeadFields(text, lang, asked ? { asked } : {}).fields);
console.log(formatLeadFieldReport(`after (span scorer, src/understanding/models/lead-fields.json) on ${file}`, after));
for (const f of after.failures.slice(0, failures)) console.log(`✗ ${f.id} ${f.question}\n    want ${JSON.stringify(f.want)}\n    got  ${JSON.stringify(f.got)}`);
