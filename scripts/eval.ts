/**
 * `npm run eval [-- --split test|validation|train] [--failures N]`: the understanding report — every
 * case of the corpus split (default: test) and of shared/eval/dev.jsonl through the whole dialog core
 * (as `ask --jsonl`): answers, refusals, intents with a confusion table, lead fields, invented
 * figures, per voice; and the answerability model's calibration on validation.
 *
 * `npm run eval -- <cases.jsonl> [--verbose] [--retrieval-only]`: retrieval recall@5, MRR, relevance
 * flags and misses of a cases file, then its pipeline scores.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { createLogger } from '../src/core/log.js';
import { openBatchCore } from '../src/channels/cli/batch.js';
import { evaluatePipeline, formatPipelineReport } from '../tools/eval/pipeline-eval.js';
import { parseCases, scoreCase, summarize } from '../tools/eval/retrieval-metrics.js';
import { evaluateUnderstanding, formatUnderstanding } from '../tools/eval/understanding-eval.js';
import { evaluateNewDocuments, formatNewDocs, readNewDocCases } from '../tools/eval/new-docs-eval.js';
import { ensureIndex } from '../src/ingest/ensure-index.js';
import { openKnowledgeBase } from '../src/retrieval/index.js';
import { answerabilityModel } from '../src/understanding/answerability.js';
import { corpusExampleSchema, readCorpus } from '../src/understanding/corpus.js';
import { HELP, parseCli } from './cli-args.js';

const USAGE = 'usage: npm run eval [-- --split test|validation|train] [--failures N]   |   npm run eval -- FILE.jsonl [--verbose] [--retrieval-only]';
const { values, positionals } = parseCli(USAGE, {
  allowPositionals: true,
  options: {
    split: { type: 'string', default: 'test' },
    failures: { type: 'string', default: '0' },
    verbose: { type: 'boolean', default: false },
    'retrieval-only': { type: 'boolean', default: false },
    ...HELP,
  },
});
if (positionals.length > 1) {
  console.error(`one cases file at most\n${USAGE}`);
  process.exit(2);
}
const root = join(import.meta.dirname, '..');

try {
  const config = loadConfig();
  await ensureIndex(config, createLogger('warn'));
  if (positionals[0]) await casesFile(positionals[0]);
  else await understanding();
} catch (err) {
  const e = asCodedError(err);
  console.error(`eval failed [${e.code}]: ${e.message}`);
  process.exit(1);
}

async function understanding(): Promise<void> {
  const config = loadConfig();
  const core = await openBatchCore(config, createLogger('warn'));
  try {
    const split = values.split!;
    if (!['test', 'validation', 'train'].includes(split)) throw new Error(`--split must be test, validation or train, not ${split}`);
    const failures = Number(values.failures);
    const examples = readCorpus(join(root, 'training', `${split}.jsonl`));
    for (const line of formatUnderstanding(`${split} split (training/${split}.jsonl)`, await evaluateUnderstanding(core, examples), { failures })) console.log(line);
    const dev = join(root, '..', 'shared', 'eval', 'dev.jsonl');
    if (existsSync(dev)) {
      const cases = readFileSync(dev, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l, i) => {
          const c = JSON.parse(l) as { id: string; question: string; history?: string[]; lang?: string; expect: { facts?: (string | string[])[]; answered?: boolean; intent?: string } };
          // dev cases carry no intent label for questions; they are questions unless they say otherwise.
          const intent = c.expect.intent ?? (c.expect.answered === false && /天气/.test(c.question) ? 'off_topic' : 'question');
          return corpusExampleSchema.parse({ id: c.id, group: `dev-${i}`, voice: c.lang === 'en' ? 'english' : c.history ? 'follow_up' : 'formal', lang: c.lang === 'en' ? 'en' : 'zh', question: c.question, ...(c.history ? { history: c.history } : {}), intent, ...(c.expect.facts ? { covered: true, facts: c.expect.facts } : { covered: false }) });
        });
      console.log('');
      for (const line of formatUnderstanding('shared/eval/dev.jsonl', await evaluateUnderstanding(core, cases), { failures })) console.log(line);
    }
    // Documents never trained on: training/ood's validation documents (the split being tuned on) or,
    // for --split test, the new-documents test fixture (read only to report).
    console.log('');
    const ood = split === 'test' ? { docs: join(root, 'test', 'fixtures', 'new-docs', 'docs'), q: join(root, 'test', 'fixtures', 'new-docs', 'questions.jsonl'), title: 'new documents, test (test/fixtures/new-docs)' } : { docs: join(root, 'training', 'ood', 'docs'), q: join(root, 'training', 'ood', 'questions.jsonl'), title: `new documents, ${split} (training/ood)` };
    const oodCases = readNewDocCases(ood.q).filter((c) => split === 'test' || c.split === split);
    for (const line of formatNewDocs(ood.title, await evaluateNewDocuments(config.KNOWLEDGE_DIR, ood.docs, oodCases))) console.log(line);
    const v = answerabilityModel().meta?.validation as { examples?: number; ece?: number } | undefined;
    console.log('');
    console.log(`answerability calibration on validation: expected calibration error ${v?.ece ?? '?'} over ${v?.examples ?? '?'} questions (threshold ${answerabilityModel().meta?.threshold ?? '?'})`);
  } finally {
    core.close();
  }
}

async function casesFile(file: string): Promise<void> {
  const config = loadConfig();
  const cases = parseCases(readFileSync(file, 'utf8'));
  const kb = await openKnowledgeBase(config, { logger: createLogger('warn') });
  const results = [];
  for (const c of cases) {
    // History-naïve: follow-up rewriting belongs to the answer layer.
    const r = await kb.retrieve(c.question, { k: 5 });
    const scored = scoreCase(c, r);
    results.push(scored);
    if (values.verbose) console.log(`${c.id}\t${scored.kind}\trank=${scored.rank ?? '-'}\trelevant=${r.relevant}\tconf=${r.confidence}\t${c.question}`);
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
  if (!values['retrieval-only']) {
    const core = await openBatchCore(config, createLogger('warn'));
    try {
      for (const line of formatPipelineReport(await evaluatePipeline(core, cases), cases)) console.log(line);
    } finally {
      core.close();
    }
  }
}
