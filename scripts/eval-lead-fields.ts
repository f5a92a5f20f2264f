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
import { HELP, parseCli } from './cli-args.js';

const USAGE = 'usage: npx tsx scripts/eval-lead-fields.ts [training/validation.jsonl] [--baseline REV] [--no-baseline] [--failures N]';
const { values, positionals } = parseCli(USAGE, {
  options: { baseline: { type: 'string', default: 'cc8b4df' }, 'no-baseline': { type: 'boolean' }, failures: { type: 'string', default: '0' }, ...HELP },
  allowPositionals: true,
});
const baselineRev = values.baseline;
const failures = Number(values.failures);
const noBaseline = values['no-baseline'] === true;
if (positionals.length > 1 || !Number.isInteger(failures) || failures < 0) {
  console.error(USAGE);
  process.exit(2);
}
const file = positionals[0] ?? 'training/validation.jsonl';
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
