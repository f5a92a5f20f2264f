/**
 * Retrieval metrics over evaluation cases: a fact case counts as found at rank r when every fact
 * (an inner array: any one of them) appears in the top r passages, after NFKC and with all
 * white space removed. Recall@k and MRR over the fact cases; misses listed.
 */
import type { Passage } from '../../src/core/types.js';
import { normalizeForFacts } from './answer-metrics.js';

/** An evaluation case as in shared/eval/*.jsonl (only the fields retrieval needs). */
export interface EvalCase {
  id: string;
  question: string;
  history?: string[];
  lang?: 'zh' | 'en';
  expect: { facts?: (string | string[])[]; answered?: boolean; handoffOffered?: boolean; intent?: 'lead' | 'handoff' };
}

/** One case's retrieval outcome. */
export interface RetrievalCaseResult {
  id: string;
  question: string;
  /** 1-based rank where all facts are first covered, or null when not within the passages. */
  rank: number | null;
  relevant: boolean;
  confidence: number;
  missingFacts: string[];
  kind: 'fact' | 'no_answer' | 'other';
}

/** Summary of a run. */
export interface RetrievalReport {
  factCases: number;
  recallAt5: number;
  mrr: number;
  /** Fact cases with history, run history-naïve (reported separately). */
  followUps: { cases: number; recallAt5: number };
  relevantOnFacts: number;
  noAnswerCases: number;
  irrelevantOnNoAnswer: number;
  misses: RetrievalCaseResult[];
  results: RetrievalCaseResult[];
}

/** Parse JSON lines into cases, skipping blank lines; throws with the line number on bad JSON. */
export function parseCases(jsonl: string): EvalCase[] {
  return jsonl
    .split('\n')
    .map((l, i) => ({ l: l.trim(), i }))
    .filter(({ l }) => l)
    .map(({ l, i }) => {
      try {
        return JSON.parse(l) as EvalCase;
      } catch (err) {
        throw new Error(`line ${i + 1}: not JSON (${(err as Error).message})`);
      }
    });
}

/** First rank (1-based) at which all facts are covered by passages[0..rank), or null. */
export function factRank(facts: (string | string[])[], passages: Pick<Passage, 'text'>[], k = 5): { rank: number | null; missing: string[] } {
  const texts = passages.slice(0, k).map((p) => normalizeForFacts(p.text));
  const alternatives = facts.map((f) => (Array.isArray(f) ? f : [f]).map(normalizeForFacts));
  let worst = 0;
  const missing: string[] = [];
  for (const alts of alternatives) {
    const at = texts.findIndex((t) => alts.some((a) => t.includes(a)));
    if (at < 0) missing.push(alts.join('|'));
    else worst = Math.max(worst, at + 1);
  }
  return { rank: missing.length ? null : worst || null, missing };
}

/** Score one case from its retrieval result. */
export function scoreCase(c: EvalCase, result: { passages: Pick<Passage, 'text'>[]; relevant: boolean; confidence: number }): RetrievalCaseResult {
  const facts = c.expect.facts ?? [];
  const kind = facts.length ? 'fact' : c.expect.answered === false ? 'no_answer' : 'other';
  const { rank, missing } = facts.length ? factRank(facts, result.passages) : { rank: null, missing: [] };
  return { id: c.id, question: c.question, rank, relevant: result.relevant, confidence: result.confidence, missingFacts: missing, kind };
}

/** Aggregate case results into recall@5, MRR and relevance-flag accuracy. */
export function summarize(cases: EvalCase[], results: RetrievalCaseResult[]): RetrievalReport {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const facts = results.filter((r) => r.kind === 'fact' && !byId.get(r.id)?.history?.length);
  const follow = results.filter((r) => r.kind === 'fact' && byId.get(r.id)?.history?.length);
  const noAns = results.filter((r) => r.kind === 'no_answer');
  const recall = (rs: RetrievalCaseResult[]) => (rs.length ? rs.filter((r) => r.rank !== null).length / rs.length : 0);
  return {
    factCases: facts.length,
    recallAt5: recall(facts),
    mrr: facts.length ? facts.reduce((a, r) => a + (r.rank ? 1 / r.rank : 0), 0) / facts.length : 0,
    followUps: { cases: follow.length, recallAt5: recall(follow) },
    relevantOnFacts: facts.filter((r) => r.relevant).length,
    noAnswerCases: noAns.length,
    irrelevantOnNoAnswer: noAns.filter((r) => !r.relevant).length,
    misses: results.filter((r) => r.kind === 'fact' && r.rank === null),
    results,
  };
}
