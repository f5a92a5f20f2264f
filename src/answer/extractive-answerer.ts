/**
 * The default answerer: no network. It quotes the sentences of the retrieved passages that cover
 * the question's content words and carry what it asks for (an amount, a date, a list, a company),
 * verbatim, so every figure in the reply is in a cited passage. When none does, it refuses.
 */
import type { Answer, AnswerInput, Answerer } from '../core/ports.js';
import type { Lang, Passage } from '../core/types.js';
import { detectLang, normalize, tokenize } from '../text/index.js';
import { composeQuotes, type Quote } from './compose.js';
import { analyzeQuestion, FEATURES, hasUnit, REQUIRED, type AskKind, type QuestionAnalysis, type QuestionTerm } from './question-analysis.js';
import { looksLikeInjection } from './intent.js';
import { noAnswerReply } from './replies.js';
import { clauses, splitSentences, type SourceSentence } from './sentences.js';

/** Tuning of sentence selection. */
export interface ExtractiveOptions {
  /** Longest reply body in characters (Chinese), before the sources footer. */
  maxChars?: number;
  maxSentences?: number;
  /** Share of the question's term weight a sentence (with its passage as context) must cover. */
  minCoverage?: number;
}

interface Candidate {
  passageRank: number;
  passage: Passage;
  index: number;
  display: string;
  norm: string;
  coverage: number;
  score: number;
}

/** The result of sentence selection: quotes and the passages they cite, in marker order. */
export interface Selection {
  quotes: Quote[];
  cited: Passage[];
}

const HEAD_CREDIT = 0.6;
const NEAR_CREDIT = 0.4;
const LONG_SENTENCE = 120;

/** Extractive answerer: picks, orders and cites verbatim sentences. */
export class ExtractiveAnswerer implements Answerer {
  readonly name = 'extractive';
  constructor(private readonly options: ExtractiveOptions = {}) {}

  async answer(input: AnswerInput, opts?: { onDelta?: (text: string) => void; signal?: AbortSignal }): Promise<Answer> {
    const sel = selectQuotes(input.question, input.lang, input.retrieval.passages, this.options);
    const answer: Answer = sel
      ? { text: composeQuotes(sel.quotes, sel.cited, input.lang, sel.cited.some((p) => passageLang(p) === 'zh')), cited: sel.cited, answered: true, handoffOffered: false }
      : { text: noAnswerReply(input.lang), cited: [], answered: false, handoffOffered: true };
    opts?.onDelta?.(answer.text);
    return answer;
  }
}

/** Choose the sentences that answer `question` from `passages`; undefined when none does. */
export function selectQuotes(question: string, lang: Lang, passages: Passage[], options: ExtractiveOptions = {}): Selection | undefined {
  const maxChars = options.maxChars ?? 300;
  const maxSentences = options.maxSentences ?? 3;
  const minCoverage = options.minCoverage ?? 0.55;
  const q = analyzeQuestion(question, lang);
  if (q.terms.length === 0) return undefined;

  // For a figure or date, words of the question the retrieved material states somewhere must be in
  // the answering sentence (or its title and headings): lacking one, it is likely about something else.
  const stated = new Set(
    (asksRequired(q) ? q.terms : [])
      .filter((t) => t.weight >= 1 && !t.aspect && !t.latin)
      .filter((t) => passages.some((p) => prepared(p).sentences.some((s) => !s.negative && s.norm.includes(t.text))))
      .map((t) => t.text),
  );
  const all = passages.flatMap((p, rank) => candidates(q, p, rank, stated)).filter((c) => c.coverage >= minCoverage);
  // Answer from passages in the user's language when they answer; the other language otherwise.
  const sameLang = all.filter((c) => passageLang(c.passage) === q.lang);
  const pool = (sameLang.length ? sameLang : all).sort((a, b) => b.score - a.score);
  const best = pool[0];
  if (!best) return undefined;

  const chosen: Candidate[] = [best];
  let length = best.display.length;
  for (const c of pool.slice(1)) {
    if (chosen.length >= maxSentences) break;
    if (c.score < best.score - 0.2) break;
    if (chosen.some((o) => nearDuplicate(o.norm, c.norm))) continue;
    // An extra sentence must add something: most of it already said means it only repeats.
    if (repeatShare(c.norm, chosen) >= 0.6) continue;
    if (length + c.display.length > maxChars) continue;
    chosen.push(c);
    length += c.display.length;
  }

  // Cite passages in order of their best sentence; within a passage, keep the document's order.
  const cited: Passage[] = [];
  for (const c of chosen) if (!cited.includes(c.passage)) cited.push(c.passage);
  chosen.sort((a, b) => cited.indexOf(a.passage) - cited.indexOf(b.passage) || a.index - b.index);
  return { quotes: chosen.map((c) => ({ text: c.display, cite: cited.indexOf(c.passage) })), cited };
}

function passageLang(p: Passage): Lang {
  return p.lang ?? detectLang(p.text);
}

// Passages repeat across questions; normalising (OpenCC) and splitting them once saves most of the time.
const preparedCache = new Map<string, { context: string; sentences: SourceSentence[] }>();
const CACHE_LIMIT = 5000;

function prepared(p: Passage): { context: string; sentences: SourceSentence[] } {
  const key = `${p.id}\u0000${p.title}\u0000${p.text}`;
  let hit = preparedCache.get(key);
  if (!hit) {
    hit = { context: normalize(`${p.title} ${p.headingPath.join(' ')}`).toLowerCase(), sentences: splitSentences(p.text) };
    if (preparedCache.size >= CACHE_LIMIT) preparedCache.delete(preparedCache.keys().next().value!);
    preparedCache.set(key, hit);
  }
  return hit;
}

/** Score every quotable sentence of one passage. */
function candidates(q: QuestionAnalysis, p: Passage, rank: number, stated: Set<string>): Candidate[] {
  const { context, sentences } = prepared(p);
  const needTokens = q.terms.some((t) => t.latin);
  const headTokens = needTokens ? new Set(tokenize(context)) : undefined;
  const total = q.terms.reduce((s, t) => s + t.weight, 0);
  const out: Candidate[] = [];
  for (const s of sentences) {
    // Gaps ("…没有介绍") are not answers; instructions planted in a document are not worth quoting.
    if (s.negative || looksLikeInjection(s.norm)) continue;
    const tokens = needTokens ? new Set(tokenize(s.norm)) : undefined;
    // Context is what a reader sees around the sentence: the title, headings and the two sentences
    // before it (gaps excluded). The whole passage would let one project's figure answer for another.
    const near = sentences
      .filter((o) => o.index < s.index && o.index >= s.index - 2 && !o.negative)
      .map((o) => o.norm)
      .join(' ');
    const nearTokens = needTokens ? new Set(tokenize(near)) : undefined;
    let covered = 0;
    let own = 0;
    for (const t of q.terms) {
      const inSentence = credit(t, s.norm, tokens);
      // Title and headings describe the sentence; a neighbour may be about something else, so it counts less.
      const inContext = Math.max(HEAD_CREDIT * credit(t, context, headTokens), NEAR_CREDIT * credit(t, near, nearTokens));
      covered += t.weight * Math.max(inSentence, inContext);
      own += t.weight * inSentence;
    }
    const coverage = covered / total;
    if (own === 0 || !requiredPresent(q, s.norm)) continue;
    if (q.terms.some((t) => (t.detail || (t.aspect && asksRequired(q))) && credit(t, s.norm, tokens) < 0.5)) continue;
    // The question's names (a project, a park, a document) must be in the sentence or its title and
    // headings: a neighbouring sentence may be about another project ("华信…" next to "氢能…投产").
    if (q.terms.some((t) => (t.weight >= 1.3 || stated.has(t.text)) && !t.aspect && credit(t, s.norm, tokens) === 0 && credit(t, context, headTokens) === 0)) continue;
    let display = s.text;
    // English runs about three times longer than Chinese for the same content.
    const limit = /\p{Script=Han}/u.test(display) && passageLang(p) === 'zh' ? LONG_SENTENCE : LONG_SENTENCE * 3;
    if (display.length > limit) display = trimToClauses(display, q);
    const norm = display === s.text ? s.norm : normalize(display).toLowerCase();
    const score = coverage + 0.3 * featureShare(q, s.norm) + (q.unit && hasUnit(s.norm, q.unit) ? 0.15 : 0) + 0.1 * p.score - 0.02 * rank - (display.length > 200 ? 0.1 : 0);
    out.push({ passageRank: rank, passage: p, index: s.index, display, norm, coverage, score });
  }
  return out;
}

/** How much of `term` (or another wording of it) occurs in `hay`. */
function credit(term: QuestionTerm, hay: string, tokens?: Set<string>): number {
  let best = wordCredit(term.text, term.latin, hay, tokens);
  for (const alt of term.alternatives ?? []) if (best < 1) best = Math.max(best, 0.85 * wordCredit(alt, term.latin, hay, tokens));
  return best;
}

/** 1 for the whole word, partial for most of a long Chinese compound or shared characters. */
function wordCredit(text: string, latin: boolean, hay: string, tokens?: Set<string>): number {
  if (latin) return tokens?.has(text) ? 1 : 0;
  if (hay.includes(text)) return 1;
  if (text.length >= 3) {
    const grams = bigrams(text);
    const hit = grams.filter((g) => hay.includes(g)).length / grams.length;
    if (hit >= 1 / 3) return 0.8 * hit;
  }
  // Sharing characters (获得/获批, 荣誉称号/称号) is weak evidence, worth a little.
  const chars = [...text];
  const share = chars.filter((c) => hay.includes(c)).length / chars.length;
  return share >= 0.5 ? 0.4 * share : 0;
}

function bigrams(s: string): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The question asks for an amount/date/duration/price: the sentence must carry one. */
function requiredPresent(q: QuestionAnalysis, norm: string): boolean {
  const asked = [...q.asks].filter((k) => REQUIRED.has(k));
  if (asked.length === 0) return true;
  // A price or a duration is the more specific ask; "多少" alone is then not enough.
  const specific = asked.filter((k) => k === 'price' || k === 'duration');
  const kinds: AskKind[] = specific.length ? specific : asked;
  return kinds.some((k) => FEATURES[k].test(norm));
}

function asksRequired(q: QuestionAnalysis): boolean {
  return [...q.asks].some((k) => REQUIRED.has(k));
}

function featureShare(q: QuestionAnalysis, norm: string): number {
  if (q.asks.size === 0) return 0;
  let hits = 0;
  for (const k of q.asks) if (FEATURES[k].test(norm)) hits++;
  return hits / q.asks.size;
}

/** Keep the clauses of a long sentence that carry question terms or the asked feature (verbatim). */
function trimToClauses(text: string, q: QuestionAnalysis): string {
  const parts = clauses(text);
  const keep = parts.map((c) => {
    const n = normalize(c).toLowerCase();
    return q.terms.some((t) => !t.latin && t.weight >= 0.5 && credit(t, n) > 0) || [...q.asks].some((k) => REQUIRED.has(k) && FEATURES[k].test(n));
  });
  const first = keep.indexOf(true);
  const last = keep.lastIndexOf(true);
  if (first < 0) return text;
  const span = parts.slice(first, last + 1).join('');
  if (span.length <= 160) return span.trim();
  return parts
    .filter((_, i) => keep[i])
    .map((c) => c.trim())
    .join('……');
}

/** Share of `norm`'s character bigrams already present in the chosen sentences. */
function repeatShare(norm: string, chosen: Candidate[]): number {
  const seen = new Set(chosen.flatMap((c) => bigrams(c.norm.replace(/[\s\p{P}]/gu, ''))));
  const grams = bigrams(norm.replace(/[\s\p{P}]/gu, ''));
  return grams.length ? grams.filter((g) => seen.has(g)).length / grams.length : 1;
}

/** Same sentence twice (overlapping chunks, a summary repeating a report): containment or heavy bigram overlap. */
export function nearDuplicate(a: string, b: string): boolean {
  const x = a.replace(/[\s\p{P}]/gu, '');
  const y = b.replace(/[\s\p{P}]/gu, '');
  if (!x || !y) return x === y;
  if (x.includes(y) || y.includes(x)) return true;
  const gx = new Set(bigrams(x));
  const gy = new Set(bigrams(y));
  let inter = 0;
  for (const g of gx) if (gy.has(g)) inter++;
  // Overlap relative to the shorter one: a sentence that restates another plus a little is a duplicate.
  return inter / Math.min(gx.size, gy.size) >= 0.7;
}
