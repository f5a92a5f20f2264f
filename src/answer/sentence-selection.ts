/**
 * Sentence selection for extractive answers: every quotable sentence of the retrieved passages
 * with its features (how much of the question it covers, whether it carries the kind of figure
 * asked for, whether the question's names are in it), ranked by the learned sentence ranker, and
 * the best few chosen verbatim, so every figure in a reply is in a cited passage.
 */
import { LRUCache } from 'lru-cache';
import type { Lang, Passage } from '../core/types.js';
import { CN_NUMERAL_CHARS, detectLang, normalize, tokenize } from '../text/index.js';
import type { Quote } from './compose.js';
import { analyzeQuestion, FEATURES, hasUnit, type QuestionAnalysis, type QuestionTerm } from './question-analysis.js';
import { looksLikeInjection } from './planted-instructions.js';
import { MAX_UNIT_CHARS } from './clause-units.js';
import { splitSentences, type SourceSentence } from './sentences.js';
import { bandFit, statedAmounts } from './bands.js';
import { asksRequired, credit, featureShare, gramShare, listBonus, nearDuplicate, questionGrams, requiredPresent, topicBonus, trimToClauses, units } from './term-match.js';
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
  /**
   * The whole message the question was picked from: the asker's own figures, by which a tiered
   * table's row is chosen, are often stated before it ("去年营收六十多亿…这个规模的奖励是多少？").
   */
  message?: string;
}

interface Candidate {
  /** For a table row (quoted whole, read with its lead-in): +1 when its band holds the asker's own figure, −1 when it excludes it, else 0 (see bands.ts). */
  fit: number;
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

/** What a table row's band fit (±1) adds to its ranker score. */
const BAND_WEIGHT = 0.25;
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
const FIGURE = new RegExp(`\\d|[${CN_NUMERAL_CHARS}]+(?:元|亩|平方米|个工作日|工作日|日|天|年(?![度底初内级])|个月|倍)|百分之[${CN_NUMERAL_CHARS}]+`, 'u');

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
  // A tiered table's row: the one whose band holds the asker's own figure answers (see bands.ts).
  const own = statedAmounts(options.message ?? question);
  const all = passages.flatMap((p, rank) => candidates(q, p, rank, stated, own));
  for (const c of all) c.score = Math.min(1, Math.max(0, rankSentence(c.features, options.ranker) + BAND_WEIGHT * c.fit));
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
// Chinese parts of speech of wordings rather than topics: verbs, adverbs, adjectives, unknown (续不上),
// numerals and measure words (一起, 一趟), pronouns (有人), locatives and time words (以后), prepositions,
// conjunctions and particles.
const LOOSE_POS = /^(?:v|vd|vi|vg|vq|d|ad|a|x|m|mq|r|f|t|p|c|u|y)$/;
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
const preparedCache = new LRUCache<string, { context: string; sentences: SourceSentence[] }>({ max: 5000 });

function prepared(p: Passage): { context: string; sentences: SourceSentence[] } {
  const key = `${p.id}\u0000${p.title}\u0000${p.text}`;
  let hit = preparedCache.get(key);
  if (!hit) {
    hit = { context: normalize(`${p.title} ${p.headingPath.join(' ')}`).toLowerCase(), sentences: splitSentences(p.text) };
    preparedCache.set(key, hit);
  }
  return hit;
}

/**
 * Score every quotable sentence of one passage. What the hand-written rules used to decide (the asked
 * figure present, the named details and names in the sentence) are features here, and the learned
 * sentence ranker weighs them. `score` is filled in by the ranker.
 */
function candidates(q: QuestionAnalysis, p: Passage, rank: number, stated: Set<string>, ownFigures: number[] = []): Candidate[] {
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
    const inUnit = unitCredit(q, s, tokens);
    for (const t of q.terms) {
      const inSentence = inUnit(t);
      // Title and headings describe the sentence; a neighbour may be about something else, so it counts less.
      const inContext = Math.max(HEAD_CREDIT * credit(t, context, headTokens), NEAR_CREDIT * credit(t, near, nearTokens));
      covered += t.weight * Math.max(inSentence, inContext);
      own += t.weight * inSentence;
    }
    const coverage = covered / total;
    if (own === 0) continue;
    const requiredOk = requiredPresent(q, s.norm);
    // A table row whose band holds the asker's own figure answers "at our scale" (这个规模的奖励多少):
    // the aspect words of the question (规模, 档次) are the band itself.
    const fit = s.whole && s.intro && ownFigures.length > 0 ? bandFit(ownFigures, s.text) : 0;
    const detailMissing = q.terms.some((t) => (t.detail || (t.aspect && asksRequired(q) && fit <= 0)) && credit(t, s.norm, tokens) < 0.5 && !statesDetail(t, s.norm, tokens));
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
      charOverlap: s.parts ? Math.max(...s.parts.items.map((it) => gramShare(qGrams, `${s.parts!.lead} ${it}`))) : gramShare(qGrams, s.norm),
      headOverlap: gramShare(qGrams, context),
    };
    out.push({ fit, passageRank: rank, passage: p, index: s.index, display, norm, coverage, score: 0, features });
  }
  return out;
}

/**
 * How much of a question term a sentence states. For a lead-in kept whole with its items, the
 * question's words must meet in the lead-in and one item: an article of application materials does
 * not answer "住所证明用什么文件" because one item says 营业执照, another 注册地 and a third 完税证明.
 * The item that states most of the question is the one matched.
 */
function unitCredit(q: QuestionAnalysis, s: SourceSentence, tokens: Set<string> | undefined): (t: QuestionTerm) => number {
  if (!s.parts || s.parts.items.length < 2) return (t) => credit(t, s.norm, tokens);
  const lead = s.parts.lead;
  const leadTokens = tokens ? new Set(tokenize(lead)) : undefined;
  let best: Map<QuestionTerm, number> | undefined;
  let bestOwn = -1;
  for (const item of s.parts.items) {
    const itemTokens = tokens ? new Set(tokenize(item)) : undefined;
    const got = new Map<QuestionTerm, number>();
    let sum = 0;
    for (const t of q.terms) {
      const c = Math.max(credit(t, lead, leadTokens), credit(t, item, itemTokens));
      got.set(t, c);
      sum += t.weight * c;
    }
    if (sum > bestOwn) {
      bestOwn = sum;
      best = got;
    }
  }
  return (t) => best?.get(t) ?? 0;
}

// Detail words that name what states them rather than a thing: a time limit is stated by a duration,
// a standard by a figure, conditions by requirement wording (须, 不低于, 以上).
const DETAIL_STATED_BY: [RegExp, (norm: string) => boolean][] = [
  [/(?:时限|期限)$/u, (n) => FEATURES.duration.test(n)],
  [/标准$/u, (n) => FEATURES.amount.test(n) || FEATURES.price.test(n)],
  [/(?:条件|门槛|资格|要求)$/u, (n) => /须|应当|应|需|不低于|不少于|不超过|以上|以下|符合|具备|满足/u.test(n)],
];

/**
 * A detail asked by name (办理时限, 补贴标准, 申请条件) is stated by what it names (四十五个工作日; 按价款的
 * 10%给予补贴; 须…不低于3%), whether or not the word is — as long as the rest of the word (补贴 of
 * 补贴标准) is there.
 */
function statesDetail(t: QuestionTerm, norm: string, tokens: Set<string> | undefined): boolean {
  if (t.latin) return false;
  for (const [ending, stated] of DETAIL_STATED_BY) {
    const m = ending.exec(t.text);
    if (!m) continue;
    const stem = t.text.slice(0, m.index);
    return stated(norm) && (stem.length < 2 || credit({ ...t, text: stem, alternatives: [] }, norm, tokens) >= 0.5);
  }
  return false;
}

/** Share of `norm`'s bigrams (see `units`) already present in the chosen sentences. */
function repeatShare(norm: string, chosen: Candidate[]): number {
  const seen = new Set(chosen.flatMap((c) => units(c.norm)));
  const grams = units(norm);
  return grams.length ? grams.filter((g) => seen.has(g)).length / grams.length : 1;
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

/** Every candidate sentence of the passages with its ranker features (for training the ranker); `message` as in ExtractiveOptions. */
export function candidateSentences(question: string, lang: Lang, passages: Passage[], message?: string): { display: string; features: SentenceFeatures; passage: Passage }[] {
  const q = relaxUnstated(analyzeQuestion(question, lang), passages);
  if (q.terms.length === 0) return [];
  const stated = new Set(
    (asksRequired(q) ? q.terms : [])
      .filter((t) => t.weight >= 1 && !t.aspect && !t.latin)
      .filter((t) => passages.some((p) => prepared(p).sentences.some((s) => !s.negative && s.norm.includes(t.text))))
      .map((t) => t.text),
  );
  const own = statedAmounts(message ?? question);
  return passages.flatMap((p, rank) => candidates(q, p, rank, stated, own)).map((c) => ({ display: c.display, features: c.features, passage: c.passage }));
}
