/**
 * Documents the models were never trained on: the sample knowledge base plus a folder of other
 * policy files, ingested into a temporary folder, and questions about them asked through the batch
 * interface. `npm run eval` reports the validation half of training/ood (fictional documents a
 * helper wrote without seeing the code; split by document) and the fixture set of the
 * new-documents test (test/fixtures/new-docs, read only to report).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/log.js';
import { openBatchCore, runCase, type BatchReply } from '../../src/channels/cli/batch.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { scoreAnswers, type AnswerScores, type EvalCase } from './answer-metrics.js';

/** One question about the added documents (the format of training/ood and the fixture). */
export interface NewDocCase extends EvalCase {
  doc: string | null;
  voice: string;
  split?: string;
}

/** Read a questions file; a follow-up without its own history carries the question before it (same document). */
export function readNewDocCases(file: string): NewDocCase[] {
  const raw = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as NewDocCase);
  return raw.map((c, i) => (c.voice === 'follow_up' && !c.history && raw[i - 1]?.doc === c.doc ? { ...c, history: [raw[i - 1]!.question] } : c));
}

/** Scores overall and per voice, with the replies. */
export interface NewDocsReport {
  scores: AnswerScores;
  byVoice: Record<string, AnswerScores>;
  replies: BatchReply[];
}

/** Ingest `knowledgeDir` plus `docsDir` (under policy/new/) in a temporary folder and ask `cases`. */
export async function evaluateNewDocuments(knowledgeDir: string, docsDir: string, cases: NewDocCase[]): Promise<NewDocsReport> {
  const root = mkdtempSync(join(tmpdir(), 'zx-newdocs-eval-'));
  try {
    cpSync(knowledgeDir, join(root, 'knowledge'), { recursive: true });
    cpSync(docsDir, join(root, 'knowledge', 'policy', 'new'), { recursive: true });
    const config = testConfig({ KNOWLEDGE_DIR: join(root, 'knowledge'), DATA_DIR: join(root, 'data') });
    await runIngest(config, { logger: silentLogger });
    const core = await openBatchCore(config, silentLogger);
    try {
      const replies: BatchReply[] = [];
      for (const c of cases) replies.push(await runCase(core, c));
      const byVoice: Record<string, AnswerScores> = {};
      for (const voice of [...new Set(cases.map((c) => c.voice))].sort()) {
        const idx = cases.map((c, i) => (c.voice === voice ? i : -1)).filter((i) => i >= 0);
        byVoice[voice] = scoreAnswers(idx.map((i) => cases[i]!), idx.map((i) => replies[i]!));
      }
      return { scores: scoreAnswers(cases, replies), byVoice, replies };
    } finally {
      core.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The report as lines. */
export function formatNewDocs(title: string, rep: NewDocsReport): string[] {
  const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : '  —  ');
  const line = (s: AnswerScores) =>
    `answers ${pct(Math.round(s.answerAccuracy * s.factCases), s.factCases)} (${s.factCases})  refusals ${pct(s.refusalCorrect, s.refusalCases)} (${s.refusalCases})`;
  return [
    `${title}: ${rep.scores.factCases + rep.scores.refusalCases} questions`,
    `  ${line(rep.scores)}  replies with figures in no source ${rep.scores.repliesWithInventedFigures}`,
    ...Object.entries(rep.byVoice).map(([v, s]) => `    ${v.padEnd(12)} ${line(s)}`),
  ];
}
