/**
 * Sentence selection for extractive answers: every quotable sentence of the retrieved passages
 * with its features (how much of the question it covers, whether it carries the kind of figure
 * asked for, whether the question's names are in it), ranked by the learned sentence ranker, and
 * the best few chosen verbatim, so every figure in a reply is in a cited passage.
 */
import type { Lang, Passage } from '../core/types.js';
import { detectLang, normalize, tokenize } from '../text/index.js';
import type { Quote } from './compose.js';
import { analyzeQuestion, FEATURES, hasUnit, REQUIRED, type AskKind, type QuestionAnalysis, type QuestionTerm } from './question-analysis.js';
import { looksLikeInjection } from './planted-instructions.js';
import { MAX_UNIT_CHARS } from './clause-units.js';
import { clauses, splitSentences, type SourceSentence } from './sentences.js';
import { rankSentence, type SentenceFeatures } from '../understanding/sentence-ranker.js';
import type { LogRegModel } from '../understanding/logreg.js';

/** Tuning of sentence selection. */
export interface ExtractiveOptions {
  /** Longest reply body in characters (Chinese), before the sources footer. */
  maxChars?: number;
  maxSentences?: number;
  /**
   * Demote the question's colloquial verbs and fillers (放出去, 担任, lent) that no retrieved passage
   * states, when another of its words anchors the retrieved material (default true).
   */
  relaxUnstated?: boolean;
  /** The sentence ranker (default: the shipped model). */
  ranker?: LogRegModel;
}

interface Candidate {
  passageRank: number;
  passage: Passage;
  index: number;
  display: string;
  norm: string;
  coverage: number;
  score: number;
  features: SentenceFeatures;
}

/** The result of sentence selection: quotes and the passages they cite, in marker order. */
export interface Selection {
  quotes: Quote[];
  cited: Passage[];
  /** The best candidate's answer probability (learned ranker) and its features. */
  best: { score: number; features: SentenceFeatures; display: string };
  /** The runner-up's score (0 when there is none). */
  second: number;
}

/** The ranker's least probability for a second or third sentence in a reply. */
const EXTRA_MIN = 0.3;
const HEAD_CREDIT = 0.6;
const NEAR_CREDIT = 0.4;
const LONG_SENTENCE = 120;
const LIST_SENTENCES = 4;
/** Penalty per sentence already quoted from the same document. */
const SAME_DOC = 0.08;
const LIST_CHARS = 400;
/** A figure in digits or in Chinese numerals with a unit (八十万元, 百分之三十, 三年). */
const FIGURE = /\d|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+(?:万|亿)?(?:元|亩|平方米|个工作日|工作日|日|天|年(?![度底初内级])|个月|倍)|百分之[零一二三四五六七八九十百]+/u;
/** Credit of a thesaurus phrase named only inside a longer compound (重点产业 in 重点产业发展计划). */
const EMBEDDED_CREDIT = 0.5;

/** Choose the sentences that answer `question` from `passages`; undefined when none does. */
export function selectQuotes(question: string, lang: Lang, passages: Passage[], options: ExtractiveOptions = {}): Selection | undefined {
  const analysed = analyzeQuestion(question, lang);
  const q = options.relaxUnstated === false ? analysed : relaxUnstated(analysed, passages);
  if (q.terms.length === 0) return undefined;
  // A list question ("有哪些…") is answered by several items, often stated in different passages.
  const listing = q.asks.has('list');
  const maxChars = options.maxChars ?? (listing ? LIST_CHARS : 300);
  const maxSentences = options.maxSentences ?? (listing ? LIST_SENTENCES : 3);

  // For a figure or date, words of the question the retrieved material states somewhere must be in
  // the answering sentence (or its title and headings): lacking one, it is likely about something else.
  const stated = new Set(
    (asksRequired(q) ? q.terms : [])
      .filter((t) => t.weight >= 1 && !t.aspect && !t.latin)
      .filter((t) => passages.some((p) => prepared(p).sentences.some((s) => !s.negative && s.norm.includes(t.text))))
      .map((t) => t.text),
  );
  const all = passages.flatMap((p, rank) => candidates(q, p, rank, stated));
  for (const c of all) c.score = rankSentence(c.features, options.ranker);
  // The ranker weighs the passage's language itself (sameLang is one of its features).
  const pool = all.sort((a, b) => b.score - a.score || a.passageRank - b.passageRank || a.index - b.index);
  const best = pool[0];
  if (!best) return undefined;
  const second = pool.find((c) => c !== best && !nearDuplicate(c.norm, best.norm))?.score ?? 0;

  const chosen: Candidate[] = [best];
  let length = replyLength(best.display);
  const floor = best.score - (listing ? 0.25 : 0.2);
  const rest = pool.slice(1);
  while (chosen.length < maxSentences) {
    // A further sentence from a document already quoted is worth a little less than one from
    // another document: several sources say more than one source said several times.
    const adjusted = (c: Candidate) => c.score - SAME_DOC * chosen.filter((o) => o.passage.docId === c.passage.docId).length;
    let next: Candidate | undefined;
    for (const c of rest) {
      if (adjusted(c) < floor) continue;
      // With the ranker, a further sentence must itself more likely answer than not.
      if (c.score < EXTRA_MIN) continue;
      if (chosen.some((o) => nearDuplicate(o.norm, c.norm))) continue;
      // An extra sentence must add something: most of it already said means it only repeats.
      if (repeatShare(c.norm, chosen) >= 0.6) continue;
      if (length + replyLength(c.display) > maxChars) continue;
      if (!next || adjusted(c) > adjusted(next)) next = c;
    }
    if (!next) break;
    rest.splice(rest.indexOf(next), 1);
    chosen.push(next);
    length += replyLength(next.display);
  }

  // Cite passages in order of their best sentence; within a passage, keep the document's order.
  const cited: Passage[] = [];
  for (const c of chosen) if (!cited.includes(c.passage)) cited.push(c.passage);
  chosen.sort((a, b) => cited.indexOf(a.passage) - cited.indexOf(b.passage) || a.index - b.index);
  return { quotes: chosen.map((c) => ({ text: c.display, cite: cited.indexOf(c.passage) })), cited, best: { score: best.score, features: best.features, display: best.display }, second };
}

/** Length against the reply budget: English runs about three times longer than Chinese for the same content. */
function replyLength(display: string): number {
  return /\p{Script=Han}/u.test(display.replace(/[（(][^）)]*[）)]/gu, '')) ? display.length : Math.ceil(display.length / 3);
}

/** Every quotable sentence with its coverage and score, best first (for diagnostics and tests). */
export function rankSentences(question: string, lang: Lang, passages: Passage[]): { text: string; passage: number; coverage: number; score: number }[] {
  const q = relaxUnstated(analyzeQuestion(question, lang), passages);
  if (q.terms.length === 0) return [];
  return passages
    .flatMap((p, rank) => candidates(q, p, rank, new Set()))
    .map((c) => ({ ...c, score: rankSentence(c.features) }))
    .sort((a, b) => b.score - a.score)
    .map((c) => ({ text: c.display, passage: c.passageRank, coverage: Number(c.coverage.toFixed(3)), score: Number(c.score.toFixed(3)) }));
}

/** Weight left to a demoted word: it still ranks sentences a little, it no longer decides coverage. */
const UNSTATED_WEIGHT = 0.1;
// Chinese parts of speech of wordings rather than topics: verbs, adverbs, adjectives, unknown (续不上).
const LOOSE_POS = /^(?:v|vd|vi|vg|vq|d|ad|a|x)$/;
// English verb forms (tenses, participles) and common irregular participles.
const EN_VERB = /^(?:[a-z]{3,}(?:ed|ing)|lent|given|made|built|begun|began|spent|paid|sold|held|brought|taken|done|gone|run|set|put|become|grown|seen|chosen|won|kept|sent|led|met)$/;

/**
 * Users word questions in ways documents do not (放出去 for 发放, 担任 for 由…组成, lent for issued).
 * A verb, adverb or filler of the question that none of the retrieved passages states anywhere is
 * such a wording: it keeps a token weight and stops counting toward coverage or the name rule. Only
 * when another real word of the question (weight ≥ 1, not generic) is stated in the material: a
 * question whose topic is missing altogether (天气, GDP, another city) still finds no coverage.
 * Nouns, measured things and named details are never demoted.
 */
export function relaxUnstated(q: QuestionAnalysis, passages: Passage[]): QuestionAnalysis {
  if (passages.length === 0) return q;
  const stated = statedIn(q, passages);
  const loose = (t: QuestionTerm) => !t.aspect && !t.detail && !t.head && (t.latin ? EN_VERB.test(t.text) : t.pos !== undefined && LOOSE_POS.test(t.pos));
  const demote = q.terms.filter((t) => t.weight > UNSTATED_WEIGHT && loose(t) && !stated(t));
  if (demote.length === 0) return q;
  const anchored = q.terms.some((t) => !demote.includes(t) && t.weight >= 1 && stated(t));
  if (!anchored) return q;
  return { ...q, terms: q.terms.map((t) => (demote.includes(t) ? { ...t, weight: UNSTATED_WEIGHT } : t)) };
}

/** A test whether the retrieved material (titles, headings, sentences other than gaps) states a question term. */
function statedIn(q: QuestionAnalysis, passages: Passage[]): (t: QuestionTerm) => boolean {
  const material = passages.map((p) => {
    const { context, sentences } = prepared(p);
    return `${context} ${sentences.filter((s) => !s.negative).map((s) => s.norm).join(' ')}`;
  });
  const tokenSets = q.terms.some((t) => t.latin) ? material.map((m) => new Set(tokenize(m))) : [];
  return (t) => material.some((m, i) => credit(t, m, tokenSets[i]) >= 0.5);
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

/**
 * Score every quotable sentence of one passage. What the hand-written rules used to decide (the asked
 * figure present, the named details and names in the sentence) are features here, and the learned
 * sentence ranker weighs them. `score` is filled in by the ranker.
 */
function candidates(q: QuestionAnalysis, p: Passage, rank: number, stated: Set<string>): Candidate[] {
  const { context, sentences } = prepared(p);
  const needTokens = q.terms.some((t) => t.latin);
  const headTokens = needTokens ? new Set(tokenize(context)) : undefined;
  const total = q.terms.reduce((s, t) => s + t.weight, 0);
  const qGrams = questionGrams(q);
  const out: Candidate[] = [];
  for (const s of sentences) {
    // Gaps ("…没有介绍") are not answers; instructions planted in a document are not worth quoting.
    if (s.negative || s.leadOnly || looksLikeInjection(s.norm)) continue;
    const tokens = needTokens ? new Set(tokenize(s.norm)) : undefined;
    // Context is what a reader sees around the sentence: the title, headings and the two sentences
    // before it (gaps excluded). The whole passage would let one project's figure answer for another.
    // An item or table row is read with its lead-in, however far above it is.
    const near = [
      ...(s.intro ? [s.intro] : []),
      ...sentences.filter((o) => o.index < s.index && o.index >= s.index - 2 && !o.negative && o.norm !== s.intro).map((o) => o.norm),
    ].join(' ');
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
    if (own === 0) continue;
    const requiredOk = requiredPresent(q, s.norm);
    const detailMissing = q.terms.some((t) => (t.detail || (t.aspect && asksRequired(q))) && credit(t, s.norm, tokens) < 0.5);
    // The question's names (a project, a park, a document) must be in the sentence or its title and
    // headings: a neighbouring sentence may be about another project ("华信…" next to "氢能…投产").
    const nameMissing = q.terms.some((t) => (t.weight >= 1.3 || stated.has(t.text)) && !t.aspect && credit(t, s.norm, tokens) === 0 && credit(t, context, headTokens) === 0);
    let display = s.text;
    // English runs about three times longer than Chinese for the same content.
    // A lead-in with its items (an article of conditions or materials) is quoted whole.
    const chinese = /\p{Script=Han}/u.test(display) && passageLang(p) === 'zh';
    const limit = s.whole ? MAX_UNIT_CHARS * (chinese ? 1 : 3) : chinese ? LONG_SENTENCE : LONG_SENTENCE * 3;
    if (display.length > limit) display = trimToClauses(display, q);
    const norm = display === s.text ? s.norm : normalize(display).toLowerCase();
    const features: SentenceFeatures = {
      coverage,
      own: own / total,
      featureShare: featureShare(q, s.norm),
      unitMatch: q.unit && hasUnit(s.norm, q.unit) ? 1 : 0,
      listBonus: q.asks.has('list') ? listBonus(q, s.norm) : 0,
      topic: topicBonus(q, context, headTokens, total) / 0.15,
      passageScore: p.score,
      rank: Math.min(rank, 7) / 7,
      long: display.length > 200 ? 1 : 0,
      requiredOk: requiredOk ? 1 : 0,
      asksRequired: asksRequired(q) ? 1 : 0,
      asksList: q.asks.has('list') ? 1 : 0,
      detailMissing: detailMissing ? 1 : 0,
      nameMissing: nameMissing ? 1 : 0,
      sameLang: passageLang(p) === q.lang ? 1 : 0,
      position: Math.min(s.index, 10) / 10,
      hasFigure: FIGURE.test(s.norm) ? 1 : 0,
      charOverlap: gramShare(qGrams, s.norm),
      headOverlap: gramShare(qGrams, context),
    };
    out.push({ passageRank: rank, passage: p, index: s.index, display, norm, coverage, score: 0, features });
  }
  return out;
}

/** Han character bigrams of the question's content terms (stopwords and question words already gone). */
function questionGrams(q: QuestionAnalysis): string[] {
  const grams = new Set<string>();
  for (const t of q.terms) if (!t.latin) for (const g of bigrams(t.text)) grams.add(g);
  return [...grams];
}

/** Share of `grams` that occur in `hay`. */
function gramShare(grams: string[], hay: string): number {
  if (grams.length === 0) return 0;
  let hit = 0;
  for (const g of grams) if (hay.includes(g)) hit++;
  return hit / grams.length;
}

/** How much of `term` (or another wording of it) occurs in `hay`. */
function credit(term: QuestionTerm, hay: string, tokens?: Set<string>): number {
  const word = (text: string) => {
    const c = wordCredit(text, term.latin, hay, tokens);
    return c === 1 && term.phrase && onlyEmbedded(text, hay) ? EMBEDDED_CREDIT : c;
  };
  let best = word(term.text);
  for (const alt of term.alternatives ?? []) if (best < 1) best = Math.max(best, 0.85 * word(alt));
  return best;
}

// Words that continue a noun phrase into a longer compound naming something else: 重点产业 in
// 重点产业发展计划 names a plan, 园区 in 园区综合考核 an assessment.
const COMPOUND_TAIL = /^(?:发展计划|发展规划|计划|规划|基金|体系|资金|专项|目录|名单|考核|评价|排名|建设|集群|布局|转型|升级|领域|链|用地|管委会|办公室)/u;

/** True when every occurrence of `text` in `hay` runs on into a longer compound (重点产业发展计划). */
export function onlyEmbedded(text: string, hay: string): boolean {
  if (!/\p{Script=Han}/u.test(text)) return false;
  let at = hay.indexOf(text);
  if (at < 0) return false;
  for (; at >= 0; at = hay.indexOf(text, at + 1)) if (!COMPOUND_TAIL.test(hay.slice(at + text.length, at + text.length + 4))) return false;
  return true;
}

/**
 * A sentence that enumerates what was asked (大数据、文旅康养…等优势产业; 《…》《…》等政策措施) answers
 * "有哪些" better than one naming one thing. An enumeration of something else (产业、要素、人才、
 * 技术向产业园区汇聚) is worth nothing, and a little less than no list at all.
 */
function listBonus(q: QuestionAnalysis, norm: string): number {
  const items = (norm.match(/、|”“|》《/g)?.length ?? 0) + Math.max(0, (norm.match(/,/g)?.length ?? 0) - 1);
  if (items === 0) return 0;
  // Only a head the thesaurus knows is checked: a plain word (城市) is often absent from its list (上海、广州…).
  const heads = q.terms.filter((t) => t.head);
  if (heads.length === 0) return 0.04 * Math.min(items, 5);
  const words = heads.flatMap((t) => [t.text, ...(t.alternatives ?? []).filter((a) => a.length >= 2)]);
  return words.some((w) => enumerates(norm, w)) ? 0.04 * Math.min(items, 5) : -0.15;
}

/** `norm` lists items of `word`: "…、…等优势产业", "…示范园区”", "优势产业包括…、…". */
export function enumerates(norm: string, word: string): boolean {
  const w = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`等[^，。；,;]{0,6}${w}|${w}[”》]|${w}[^，。；,;]{0,4}(?:包括|包含|有|为|是|：|:)[^。；]*[、”《]`, 'u').test(norm);
}

/** A passage whose title and headings name the question's topic ("资兴重点发展哪些产业？") is about it. */
function topicBonus(q: QuestionAnalysis, context: string, headTokens: Set<string> | undefined, total: number): number {
  let hit = 0;
  for (const t of q.terms) if (t.weight >= 0.5) hit += t.weight * credit(t, context, headTokens);
  return 0.15 * (hit / total);
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

/** Share of `norm`'s bigrams (see `units`) already present in the chosen sentences. */
function repeatShare(norm: string, chosen: Candidate[]): number {
  const seen = new Set(chosen.flatMap((c) => units(c.norm)));
  const grams = units(norm);
  return grams.length ? grams.filter((g) => seen.has(g)).length / grams.length : 1;
}

/**
 * What overlap is measured in: character bigrams for Chinese, word bigrams for text without Han
 * characters (English letter pairs recur in any two sentences).
 */
function units(norm: string): string[] {
  if (/\p{Script=Han}/u.test(norm.replace(/[（(][^）)]*[）)]/gu, ''))) return bigrams(norm.replace(/[\s\p{P}]/gu, ''));
  const words = norm.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
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

/**
 * How much of the question the retrieved material states at all: the share of its term weight
 * found in some passage, and the share of its heavy terms (names, measured things) found nowhere.
 */
export function statedShare(question: string, lang: Lang, passages: Passage[]): { stated: number; heavyMissing: number; terms: number } {
  const q = relaxUnstated(analyzeQuestion(question, lang), passages);
  if (q.terms.length === 0 || passages.length === 0) return { stated: 0, heavyMissing: q.terms.length ? 1 : 0, terms: q.terms.length };
  const stated = statedIn(q, passages);
  const total = q.terms.reduce((s, t) => s + t.weight, 0);
  const found = q.terms.filter(stated).reduce((s, t) => s + t.weight, 0);
  const heavy = q.terms.filter((t) => t.weight >= 1 && !t.latin);
  const heavyMissing = heavy.length ? heavy.filter((t) => !stated(t)).length / heavy.length : 0;
  return { stated: total ? found / total : 0, heavyMissing, terms: q.terms.length };
}

/** Every candidate sentence of the passages with its ranker features (for training the ranker). */
export function candidateSentences(question: string, lang: Lang, passages: Passage[]): { display: string; features: SentenceFeatures; passage: Passage }[] {
  const q = relaxUnstated(analyzeQuestion(question, lang), passages);
  if (q.terms.length === 0) return [];
  const stated = new Set(
    (asksRequired(q) ? q.terms : [])
      .filter((t) => t.weight >= 1 && !t.aspect && !t.latin)
      .filter((t) => passages.some((p) => prepared(p).sentences.some((s) => !s.negative && s.norm.includes(t.text))))
      .map((t) => t.text),
  );
  return passages.flatMap((p, rank) => candidates(q, p, rank, stated)).map((c) => ({ display: c.display, features: c.features, passage: c.passage }));
}
