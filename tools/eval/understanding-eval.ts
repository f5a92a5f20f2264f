/**
 * The understanding report of `npm run eval`: every corpus case of a split through the whole dialog
 * core (the `ask --jsonl` path), scored for answers, refusals, intents (with a confusion table) and
 * invented figures, overall and per voice; and the lead-field extractor's exact match.
 */
import type { Lead, LeadField } from '../../src/core/lead.js';
import { extractLeadFields, industryCategory } from '../../src/leads/parsers.js';
import { reportedIntent, toEvalCase, type CorpusExample } from '../../src/understanding/corpus.js';
import { scoreAnswers, type EvalCase } from './answer-metrics.js';
import { runCase, type BatchCore, type BatchReply } from '../../src/channels/cli/batch.js';

type Intent = ReturnType<typeof reportedIntent>;
const INTENTS: Intent[] = ['question', 'lead', 'handoff', 'smalltalk', 'out_of_scope'];

/** Scores of one slice (all cases, or one voice). */
export interface SliceScores {
  cases: number;
  answerCases: number;
  answerRight: number;
  refusalCases: number;
  refusalRight: number;
  intentCases: number;
  intentRight: number;
  invented: number;
}

/** The whole report for one split. */
export interface UnderstandingReport {
  overall: SliceScores;
  byVoice: Record<string, SliceScores>;
  confusion: Record<Intent, Record<Intent, number>>;
  leadFields: { messages: number; exact: number; byField: Record<string, { labelled: number; right: number }>; otherMessages: number; otherWithFields: number };
  failures: { id: string; kind: string; question: string; answer: string }[];
}

function empty(): SliceScores {
  return { cases: 0, answerCases: 0, answerRight: 0, refusalCases: 0, refusalRight: 0, intentCases: 0, intentRight: 0, invented: 0 };
}

/** Run every example through the core and score it. */
export async function evaluateUnderstanding(core: BatchCore, examples: CorpusExample[]): Promise<UnderstandingReport> {
  const overall = empty();
  const byVoice: Record<string, SliceScores> = {};
  const confusion = Object.fromEntries(INTENTS.map((g) => [g, Object.fromEntries(INTENTS.map((p) => [p, 0]))])) as UnderstandingReport['confusion'];
  const failures: UnderstandingReport['failures'] = [];
  for (const ex of examples) {
    const c = toEvalCase(ex) as EvalCase & { voice: string };
    const reply: BatchReply = await runCase(core, c);
    const score = scoreAnswers([c], [reply]).cases[0]!;
    const gold = reportedIntent(ex.intent);
    confusion[gold][reply.intent as Intent] = (confusion[gold][reply.intent as Intent] ?? 0) + 1;
    for (const s of [overall, (byVoice[ex.voice] ??= empty())]) {
      s.cases++;
      s.invented += score.invented.length ? 1 : 0;
      if (score.kind === 'fact') {
        s.answerCases++;
        if (score.pass) s.answerRight++;
      } else if (score.kind === 'refusal') {
        s.refusalCases++;
        if (score.pass) s.refusalRight++;
      }
      s.intentCases++;
      if (reply.intent === gold) s.intentRight++;
    }
    if (!score.pass || reply.intent !== gold || score.invented.length) failures.push({ id: ex.id, kind: `${score.kind}/${gold}→${reply.intent}`, question: ex.question, answer: reply.answer });
  }
  return { overall, byVoice, confusion, leadFields: scoreLeadFields(examples), failures };
}

/** Exact match of the lead-field extractor on lead messages with labelled fields. */
export function scoreLeadFields(examples: CorpusExample[]): UnderstandingReport['leadFields'] {
  const byField: Record<string, { labelled: number; right: number }> = {};
  let messages = 0;
  let exact = 0;
  // Questions, small talk, off-topic and injections state no lead: a field read from one is noise
  // (at the confirmation step of capture it would replace what the investor gave).
  let otherMessages = 0;
  let otherWithFields = 0;
  for (const ex of examples) {
    if (ex.intent !== 'lead' && ex.intent !== 'handoff' && ex.voice !== 'long_intro') {
      otherMessages++;
      if (Object.keys(extractLeadFields(ex.question, ex.lang === 'en' ? 'en' : 'zh').fields).length > 0) otherWithFields++;
      continue;
    }
    if ((ex.intent !== 'lead' && ex.intent !== 'handoff') || !ex.fields || Object.keys(ex.fields).length === 0) continue;
    messages++;
    const got = extractLeadFields(ex.question, ex.lang === 'en' ? 'en' : 'zh').fields;
    let all = true;
    for (const [name, label] of Object.entries(ex.fields)) {
      if (!label) continue;
      const f = (byField[name] ??= { labelled: 0, right: 0 });
      f.labelled++;
      const ok = fieldRight(name as LeadField, got, label as Record<string, unknown>, ex.lang === 'en' ? 'en' : 'zh');
      if (ok) f.right++;
      else all = false;
    }
    // Nothing numeric extracted that the message does not state (年产值 as investment, 2万平方米 as an amount).
    for (const name of ['investment', 'landOrSpace'] as const) if (got[name] && !ex.fields[name]) all = false;
    if (all) exact++;
  }
  return { messages, exact, byField, otherMessages, otherWithFields };
}

const squash = (s: string) => s.normalize('NFKC').replace(/[\s，,。.：:“”"'（）()]/gu, '').toLowerCase();

function fieldRight(name: LeadField, got: Lead, label: Record<string, unknown>, lang: 'zh' | 'en'): boolean {
  const span = String(label.span ?? '');
  switch (name) {
    case 'investment':
      return got.investment !== undefined && Math.abs(got.investment.amountWan - Number(label.amountWan)) < 0.01 && got.investment.currency === (label.currency ?? 'CNY');
    case 'landOrSpace':
      return got.landOrSpace !== undefined && Math.abs(got.landOrSpace.value - Number(label.value)) < 0.01 && got.landOrSpace.unit === label.unit;
    case 'phone':
      return got.phone !== undefined && squash(got.phone).replace(/\D/g, '').endsWith(squash(span).replace(/\D/g, '').replace(/^86/, ''));
    case 'industry':
      // The lead files the industry under the bureau's category (芯片封装 → 电子信息) when one
      // fits: the right value is the labelled words put through the same filing.
      return typeof got.industry === 'string' && squash(got.industry) === squash(industryCategory(span, lang));
    default: {
      const value = got[name];
      return typeof value === 'string' && squash(value) === squash(span);
    }
  }
}

const pct = (n: number, d: number) => (d ? (n / d).toFixed(3) : '  —  ');

/** Human-readable lines. */
export function formatUnderstanding(name: string, rep: UnderstandingReport, opts: { failures?: number } = {}): string[] {
  const o = rep.overall;
  const lines = [
    `${name}: ${o.cases} cases`,
    `  answers on covered questions   ${pct(o.answerRight, o.answerCases)} (${o.answerRight}/${o.answerCases})`,
    `  refusals (not covered, off-topic, injection) ${pct(o.refusalRight, o.refusalCases)} (${o.refusalRight}/${o.refusalCases})`,
    `  intents                        ${pct(o.intentRight, o.intentCases)} (${o.intentRight}/${o.intentCases})`,
    `  lead fields exact match        ${pct(rep.leadFields.exact, rep.leadFields.messages)} (${rep.leadFields.exact}/${rep.leadFields.messages} messages)` +
      `  ${Object.entries(rep.leadFields.byField).map(([f, s]) => `${f} ${s.right}/${s.labelled}`).join(', ')}`,
    `  lead fields read from non-leads ${pct(rep.leadFields.otherWithFields, rep.leadFields.otherMessages)} (${rep.leadFields.otherWithFields}/${rep.leadFields.otherMessages} questions, small talk, off-topic; self-introductions left out)`,
    `  replies with figures in no source  ${o.invented}`,
    '  intent confusion (rows: expected, columns: reported)',
    `    ${''.padEnd(13)}${INTENTS.map((i) => i.slice(0, 10).padStart(11)).join('')}`,
    ...INTENTS.map((g) => `    ${g.padEnd(13)}${INTENTS.map((p) => String(rep.confusion[g][p]).padStart(11)).join('')}`),
    '  by voice: answers / refusals / intents',
    ...Object.entries(rep.byVoice)
      .sort((a, b) => b[1].cases - a[1].cases)
      .map(([v, s]) => `    ${v.padEnd(12)} ${pct(s.answerRight, s.answerCases)} (${s.answerCases})  ${pct(s.refusalRight, s.refusalCases)} (${s.refusalCases})  ${pct(s.intentRight, s.intentCases)} (${s.intentCases})`),
  ];
  for (const f of rep.failures.slice(0, opts.failures ?? 0)) lines.push(`  fail ${f.id} [${f.kind}] ${f.question}`, `       → ${f.answer.replace(/\s+/g, ' ').slice(0, 140)}`);
  return lines;
}
