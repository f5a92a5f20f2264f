/**
 * Answer-quality metrics over evaluation cases (see shared/eval/README.md): fact hits in the reply
 * text, refusal correctness, and figures the reply states that no source passage holds.
 * Pure functions: the eval script reads the files and prints.
 */
import { stripFooter } from '../../src/answer/compose.js';
import { unsupportedFigures } from '../../src/answer/figures.js';

/** One evaluation case, as in `dev.jsonl`. */
export interface EvalCase {
  id: string;
  question: string;
  history?: string[];
  lang?: 'zh' | 'en';
  expect: {
    /** Strings that must appear in the reply; an inner array means any one of them. */
    facts?: (string | string[])[];
    answered?: boolean;
    handoffOffered?: boolean;
    intent?: 'lead' | 'handoff';
  };
}

/** One reply line of `ask --jsonl`. */
export interface EvalReply {
  id: string;
  answer: string;
  answered: boolean;
  intent: 'question' | 'lead' | 'handoff' | 'smalltalk' | 'out_of_scope';
  handoffOffered: boolean;
  sources: { title: string; path: string; score: number; text: string }[];
}

/** NFKC with all white space removed: the form facts are matched in. */
export function normalizeForFacts(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** True when every fact occurs in `text` (inner arrays: any one of them). */
export function factHit(text: string, facts: (string | string[])[]): boolean {
  const hay = normalizeForFacts(text);
  return facts.every((f) => (Array.isArray(f) ? f : [f]).some((alt) => hay.includes(normalizeForFacts(alt))));
}

/** Figures in the reply body (markers and sources footer ignored) that occur in no source passage. */
export function inventedFigures(replyText: string, sourcesTexts: string[]): string[] {
  return unsupportedFigures(stripFooter(replyText), sourcesTexts);
}

/** Per-case outcome of `scoreAnswers`. */
export interface CaseScore {
  id: string;
  kind: 'fact' | 'refusal' | 'other';
  pass: boolean;
  /** For fact cases: facts found in the top sources (retrieval). */
  retrievalHit?: boolean;
  invented: string[];
  detail?: string;
}

/** Totals of `scoreAnswers`. */
export interface AnswerScores {
  factCases: number;
  answerAccuracy: number;
  retrievalAccuracy: number;
  refusalCases: number;
  refusalCorrect: number;
  /** Question replies with at least one figure in no source passage nor the user's words (must be 0). */
  repliesWithInventedFigures: number;
  inventedFigures: number;
  cases: CaseScore[];
}

/** Does this reply refuse correctly for a case expecting `answered: false`? */
export function refusalCorrect(c: EvalCase, r: EvalReply): boolean {
  if (r.answered) return false;
  if (c.expect.handoffOffered && !r.handoffOffered) return false;
  return inventedFigures(r.answer, r.sources.map((s) => s.text)).length === 0 && !/\d/.test(stripFooter(r.answer));
}

/** Score replies against cases (matched by id; a missing reply fails its case). */
export function scoreAnswers(cases: EvalCase[], replies: EvalReply[]): AnswerScores {
  const byId = new Map(replies.map((r) => [r.id, r]));
  const scores: CaseScore[] = [];
  for (const c of cases) {
    const r = byId.get(c.id);
    const facts = c.expect.facts;
    const kind: CaseScore['kind'] = facts?.length ? 'fact' : c.expect.answered === false ? 'refusal' : 'other';
    if (!r) {
      scores.push({ id: c.id, kind, pass: false, invented: [], detail: 'no reply' });
      continue;
    }
    // Knowledge claims only: lead and hand-off replies echo the user's own figures and settings
    // (retention days); figures the user typed are never "invented" either.
    const invented = r.intent === 'question' ? inventedFigures(r.answer, [...r.sources.map((s) => s.text), c.question, ...(c.history ?? [])]) : [];
    if (kind === 'fact') {
      const pass = factHit(r.answer, facts!);
      const retrievalHit = factHit(r.sources.slice(0, 5).map((s) => s.text).join('\n'), facts!);
      scores.push({ id: c.id, kind, pass, retrievalHit, invented });
    } else if (kind === 'refusal') {
      scores.push({ id: c.id, kind, pass: refusalCorrect(c, r), invented });
    } else {
      const pass = c.expect.intent ? r.intent === c.expect.intent : true;
      scores.push({ id: c.id, kind, pass, invented });
    }
  }
  const fact = scores.filter((s) => s.kind === 'fact');
  const refusal = scores.filter((s) => s.kind === 'refusal');
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return {
    factCases: fact.length,
    answerAccuracy: ratio(fact.filter((s) => s.pass).length, fact.length),
    retrievalAccuracy: ratio(fact.filter((s) => s.retrievalHit).length, fact.length),
    refusalCases: refusal.length,
    refusalCorrect: refusal.filter((s) => s.pass).length,
    repliesWithInventedFigures: scores.filter((s) => s.invented.length > 0).length,
    inventedFigures: scores.reduce((n, s) => n + s.invented.length, 0),
    cases: scores,
  };
}
