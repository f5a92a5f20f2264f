/**
 * `npm run bench [-- --size N] [--dim D] [--efc E] [--m M] [--ef EF] [--workers W] [--cases file[,file]] [--only sample|reply|pdf|synthetic] [--keep]`:
 * benchmark tables (`--keep` leaves the synthetic corpus and its index on disk). Every cases file (default shared/eval/dev.jsonl and the held-out
 * eval/paraphrases.jsonl) scores retrieval on the sample knowledge base and queries the synthetic corpus; the first one drives latency.
 * Sections are a list so other layers (answer latency) can add theirs.
 * `--baseline REF` (default 460b531, the last commit before the learned understanding layer; `--baseline none` to skip)
 * runs the reply section of that commit too, from a temporary `git worktree`, in the same run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { sampleSection, syntheticSection, type BenchSection } from '../tools/eval/retrieval-bench.js';
import { parseCases } from '../tools/eval/retrieval-metrics.js';
import { replySection } from '../tools/eval/reply-bench.js';
import { pdfIngestSection } from '../tools/eval/pdf-ingest-bench.js';
import { ensureIndex } from '../src/ingest/ensure-index.js';
import { createLogger } from '../src/core/log.js';
import { HELP, parseCli } from './cli-args.js';

const USAGE =
  'usage: npm run bench [-- --only sample|reply|pdf|synthetic] [--size N] [--dim D --m M --efc E --ef EF --workers W] [--cases file[,file]] [--keep] [--baseline REF|none]';
const text = { type: 'string' } as const;
const { values } = parseCli(USAGE, {
  options: { size: text, dim: text, efc: text, m: text, ef: text, workers: text, cases: text, only: text, baseline: text, keep: { type: 'boolean' }, ...HELP },
});
const SECTIONS = ['sample', 'reply', 'pdf', 'synthetic'];
if (values.only !== undefined && !SECTIONS.includes(values.only)) {
  console.error(`--only must be one of ${SECTIONS.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const opt = (name: keyof typeof values, dflt: string): string => {
  const v = values[name];
  return typeof v === 'string' && v ? v : dflt;
};
const base = loadConfig();
const config: Config = {
  ...base,
  LOG_LEVEL: 'silent',
  LOCAL_EMBEDDING_DIM: Number(opt('dim', String(base.LOCAL_EMBEDDING_DIM))),
  HNSW_EF_CONSTRUCTION: Number(opt('efc', String(base.HNSW_EF_CONSTRUCTION))),
  HNSW_M: Number(opt('m', String(base.HNSW_M))),
  HNSW_EF_SEARCH: Number(opt('ef', String(base.HNSW_EF_SEARCH))),
  INGEST_WORKERS: Number(opt('workers', String(base.INGEST_WORKERS))),
};
const size = Number(opt('size', '100000'));
const casesFiles = opt('cases', '../shared/eval/dev.jsonl,eval/paraphrases.jsonl').split(',');
const caseSets = casesFiles.map((f) => ({ name: basename(f), cases: existsSync(f) ? parseCases(readFileSync(f, 'utf8')) : [] }));
const cases = caseSets[0]?.cases ?? [];
const questions = caseSets.flatMap((s) => s.cases.map((c) => c.question));

const sections: { name: string; run: () => Promise<BenchSection> }[] = [
  { name: 'sample', run: () => sampleSection(config, caseSets) },
  { name: 'reply', run: async () => (await ensureIndex(config, createLogger('warn')), replySection(config, cases.map((c) => c.question))) },
  { name: 'reply', run: () => baselineReply(opt('baseline', '460b531')) },
  { name: 'pdf', run: () => pdfIngestSection(config, 100) },
  { name: 'synthetic', run: () => syntheticSection(config, size, (s) => process.stderr.write(`${s}\n`), questions, values.keep === true) },
];

/** The reply section of another commit, run from a temporary worktree on the same questions and machine. */
async function baselineReply(ref: string): Promise<BenchSection> {
  const title = `Baseline: the same reply section at ${ref} (git worktree, same questions, same machine)`;
  if (ref === 'none') return { title, rows: [['skipped', '--baseline none']] };
  const dir = mkdtempSync(join(tmpdir(), 'zx-baseline-'));
  try {
    execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { stdio: 'ignore' });
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
    const out = execFileSync('npx', ['tsx', 'scripts/bench.ts', '--only', 'reply', '--baseline', 'none', '--cases', casesFiles.map((f) => resolve(f)).join(',')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' },
    });
    const rows = out
      .split('\n')
      .filter((l) => l.startsWith('  ') && /ms/.test(l))
      .map((l) => l.trim().split(/\s{2,}/) as [string, string]);
    return { title, rows };
  } catch (err) {
    return { title, rows: [['failed', (err as Error).message.split('\n')[0] ?? 'unknown']] };
  } finally {
    try {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { stdio: 'ignore' });
    } catch {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function print(s: BenchSection): void {
  const w = Math.max(...s.rows.map((r) => r[0].length));
  console.log(`\n## ${s.title}`);
  for (const [k, v] of s.rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

const only = opt('only', '');
for (const s of sections) {
  if (only && s.name !== only) continue;
  print(await s.run());
}
