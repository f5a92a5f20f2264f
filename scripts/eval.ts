/**
 * `npm run eval -- <cases.jsonl> [--verbose] [--retrieval-only]`: retrieval recall@5, MRR, relevance
 * flags and misses; then every case through the whole dialog core (as `ask --jsonl`): answer
 * accuracy, refusals, intents and figures that appear in no source passage.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { createLogger } from '../src/core/log.js';
import { openBatchCore } from '../src/eval/batch.js';
import { evaluatePipeline, formatPipelineReport } from '../src/eval/pipeline-eval.js';
import { parseCases, scoreCase, summarize } from '../src/eval/retrieval-metrics.js';
import { ensureIndex } from '../src/ingest/ensure-index.js';
import { openKnowledgeBase } from '../src/retrieval/index.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npm run eval -- <cases.jsonl> [--verbose] [--retrieval-only]');
  process.exit(2);
}
const verbose = args.includes('--verbose');
try {
  const config = loadConfig();
  const cases = parseCases(readFileSync(file, 'utf8'));
  await ensureIndex(config, createLogger('warn'));
  const kb = await openKnowledgeBase(config, { logger: createLogger('warn') });
  const results = [];
  for (const c of cases) {
    // History-naïve: follow-up rewriting belongs to the answer layer.
    const r = await kb.retrieve(c.question, { k: 5 });
    const scored = scoreCase(c, r);
    results.push(scored);
    if (verbose) console.log(`${c.id}\t${scored.kind}\trank=${scored.rank ?? '-'}\trelevant=${r.relevant}\tconf=${r.confidence}\t${c.question}`);
  }
  const rep = summarize(cases, results);
  console.log('retrieval');
  console.log(`  fact cases          ${rep.factCases}`);
  console.log(`  recall@5            ${rep.recallAt5.toFixed(3)}`);
  console.log(`  MRR                 ${rep.mrr.toFixed(3)}`);
  console.log(`  relevant on facts   ${rep.relevantOnFacts}/${rep.factCases}`);
  console.log(`  not relevant on no-answer cases ${rep.irrelevantOnNoAnswer}/${rep.noAnswerCases}`);
  console.log(`  follow-ups (history-naïve) recall@5 ${rep.followUps.recallAt5.toFixed(3)} over ${rep.followUps.cases}`);
  for (const m of rep.misses) console.log(`  miss ${m.id}: ${m.question} — missing ${m.missingFacts.join(', ')}`);
  if (!args.includes('--retrieval-only')) {
    const core = await openBatchCore(config, createLogger('warn'));
    try {
      for (const line of formatPipelineReport(await evaluatePipeline(core, cases), cases)) console.log(line);
    } finally {
      core.close();
    }
  }
} catch (err) {
  const e = asCodedError(err);
  console.error(`eval failed [${e.code}]: ${e.message}`);
  process.exit(1);
}
