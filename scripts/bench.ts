/**
 * `npm run bench [-- --size N] [--dim D] [--efc E] [--m M] [--ef EF] [--workers W] [--cases file[,file]] [--only sample|reply|pdf|synthetic] [--keep]`:
 * benchmark tables (`--keep` leaves the synthetic corpus and its index on disk). Every cases file (default shared/eval/dev.jsonl and the held-out
 * eval/paraphrases.jsonl) scores retrieval on the sample knowledge base and queries the synthetic corpus; the first one drives latency.
 * Sections are a list so other layers (answer latency) can add theirs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { sampleSection, syntheticSection, type BenchSection } from '../src/eval/retrieval-bench.js';
import { parseCases } from '../src/eval/retrieval-metrics.js';
import { replySection } from '../src/eval/reply-bench.js';
import { pdfIngestSection } from '../src/eval/pdf-ingest-bench.js';
import { ensureIndex } from '../src/ingest/ensure-index.js';
import { createLogger } from '../src/core/log.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
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
  { name: 'pdf', run: () => pdfIngestSection(config, 100) },
  { name: 'synthetic', run: () => syntheticSection(config, size, (s) => process.stderr.write(`${s}\n`), questions, args.includes('--keep')) },
];

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
