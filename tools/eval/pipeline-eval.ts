/**
 * End-to-end evaluation: every case through the whole dialog core (the `ask --jsonl` path), scored
 * for answer accuracy, refusals, intents and invented figures.
 */
import { scoreAnswers, type AnswerScores, type EvalCase } from './answer-metrics.js';
import { runCase, type BatchCore, type BatchReply } from '../../src/channels/cli/batch.js';

/** The pipeline report: answer scores plus intent checks. */
export interface PipelineReport {
  answers: AnswerScores;
  intentCases: number;
  intentCorrect: number;
  /** Cases with no expected intent that were reported as `lead`. */
  falseLeads: string[];
  replies: BatchReply[];
}

/** Run every case through the dialog core and score the replies. */
export async function evaluatePipeline(core: BatchCore, cases: EvalCase[]): Promise<PipelineReport> {
  const replies: BatchReply[] = [];
  for (const c of cases) replies.push(await runCase(core, c));
  const byId = new Map(replies.map((r) => [r.id, r]));
  const intentCases = cases.filter((c) => c.expect.intent);
  return {
    answers: scoreAnswers(cases, replies),
    intentCases: intentCases.length,
    intentCorrect: intentCases.filter((c) => byId.get(c.id)?.intent === c.expect.intent).length,
    falseLeads: cases.filter((c) => !c.expect.intent && byId.get(c.id)?.intent === 'lead').map((c) => c.id),
    replies,
  };
}

/** Human-readable lines for the report, with the failing cases. */
export function formatPipelineReport(rep: PipelineReport, cases: EvalCase[]): string[] {
  const a = rep.answers;
  const byCase = new Map(cases.map((c) => [c.id, c]));
  const byReply = new Map(rep.replies.map((r) => [r.id, r]));
  const lines = [
    'answers (whole pipeline, as `ask --jsonl`)',
    `  answer accuracy     ${a.answerAccuracy.toFixed(3)} (${a.cases.filter((s) => s.kind === 'fact' && s.pass).length}/${a.factCases} fact cases: facts in the reply text)`,
    `  sources hold facts  ${a.retrievalAccuracy.toFixed(3)} (top-5 passages the reply rests on)`,
    `  refusals correct    ${a.refusalCorrect}/${a.refusalCases}`,
    `  intents correct     ${rep.intentCorrect}/${rep.intentCases}; false leads ${rep.falseLeads.length}${rep.falseLeads.length ? ` (${rep.falseLeads.join(', ')})` : ''}`,
    `  invented figures    ${a.inventedFigures} in ${a.repliesWithInventedFigures} replies`,
  ];
  for (const s of a.cases.filter((x) => !x.pass || x.invented.length)) {
    const c = byCase.get(s.id);
    const r = byReply.get(s.id);
    lines.push(`  fail ${s.id} [${s.kind}] ${c?.question ?? ''}${s.invented.length ? ` invented: ${s.invented.join(', ')}` : ''}`);
    lines.push(`       → ${(r?.answer ?? '').replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  return lines;
}
