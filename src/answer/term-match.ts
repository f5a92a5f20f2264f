/**
 * How much of a question a sentence states: term credit (whole words, most of a long compound,
 * shared characters, the thesaurus's other wordings), lists of what was asked, the asked feature
 * (an amount, a date), clause trimming and near-duplicates. Pure functions over normalised text,
 * used by sentence selection (`sentence-selection.ts`) to score and trim candidates.
 */
import { normalize } from '../text/index.js';
import { FEATURES, hasUnit, REQUIRED, type AskKind, type QuestionAnalysis, type QuestionTerm } from './question-analysis.js';
import { clauses } from './sentences.js';

/** Credit of a thesaurus phrase named only inside a longer compound (重点产业 in 重点产业发展计划). */
const EMBEDDED_CREDIT = 0.5;

/** Han character bigrams of the question's content terms (stopwords and question words already gone). */
export function questionGrams(q: QuestionAnalysis): string[] {
  const grams = new Set<string>();
  for (const t of q.terms) if (!t.latin) for (const g of bigrams(t.text)) grams.add(g);
  return [...grams];
}

/** Share of `grams` that occur in `hay`. */
export function gramShare(grams: string[], hay: string): number {
  if (grams.length === 0) return 0;
  let hit = 0;
  for (const g of grams) if (hay.includes(g)) hit++;
  return hit / grams.length;
}

/** How much of `term` (or another wording of it) occurs in `hay`. */
export function credit(term: QuestionTerm, hay: string, tokens?: Set<string>): number {
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
export function listBonus(q: QuestionAnalysis, norm: string): number {
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
export function topicBonus(q: QuestionAnalysis, context: string, headTokens: Set<string> | undefined, total: number): number {
  let hit = 0;
  for (const t of q.terms) if (t.weight >= 0.5) hit += t.weight * credit(t, context, headTokens);
  return 0.15 * (hit / total);
}

/** 1 for the whole word, partial for most of a long Chinese compound or shared characters. */
export function wordCredit(text: string, latin: boolean, hay: string, tokens?: Set<string>): number {
  if (latin) return tokens?.has(text) ? 1 : 0;
  if (hay.includes(text)) return 1;
  if (text.length >= 3) {
    const grams = bigrams(text);
    const hit = grams.filter((g) => hay.includes(g)).length / grams.length;
    if (hit >= 1 / 3) return 0.8 * hit;
  }
  // A Chinese abbreviation keeps the leading characters of its full form's parts, in order, within
  // one word of the text: 股改 for 股份制改造, 研发 for 研究开发, 经开区 for 经济技术开发区.
  if (abbreviates(text, hay)) return ABBREVIATION_CREDIT;
  // Sharing characters (获得/获批, 荣誉称号/称号) is weak evidence, worth a little.
  const chars = [...text];
  const share = chars.filter((c) => hay.includes(c)).length / chars.length;
  return share >= 0.5 ? 0.4 * share : 0;
}

const ABBREVIATION_CREDIT = 0.75;
const HAN_CHAR = /\p{Script=Han}/u;

/**
 * True when the characters of a short Chinese word (2–4) occur in `hay` in order, first to last
 * within twice the length of the word (plus one), with only Han characters between them (one word,
 * no punctuation): the word is an abbreviation of what `hay` says in full.
 */
export function abbreviates(text: string, hay: string): boolean {
  const chars = [...text];
  if (chars.length < 2 || chars.length > 4 || !chars.every((c) => HAN_CHAR.test(c))) return false;
  const span = 2 * chars.length + 1;
  for (let start = hay.indexOf(chars[0]!); start >= 0; start = hay.indexOf(chars[0]!, start + 1)) {
    let at = start;
    let ok = true;
    for (const c of chars.slice(1)) {
      let next = at + 1;
      while (next < hay.length && next - start < span && hay[next] !== c && HAN_CHAR.test(hay[next]!)) next++;
      if (hay[next] !== c || next - start >= span) {
        ok = false;
        break;
      }
      at = next;
    }
    // Adjacent characters are the word itself, not an abbreviation (handled by substring credit).
    if (ok && at - start >= chars.length) return true;
  }
  return false;
}

/** The character bigrams of `s`. */
export function bigrams(s: string): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The question asks for an amount/date/duration/price: the sentence must carry one. */
export function requiredPresent(q: QuestionAnalysis, norm: string): boolean {
  const asked = [...q.asks].filter((k) => REQUIRED.has(k));
  if (asked.length === 0) return true;
  // "能租几年" is answered by 五年 whatever kind of figure the patterns call it.
  if (q.unit && hasUnit(norm, q.unit)) return true;
  // A price or a duration is the more specific ask; "多少" alone is then not enough.
  const specific = asked.filter((k) => k === 'price' || k === 'duration');
  const kinds: AskKind[] = specific.length ? specific : asked;
  return kinds.some((k) => FEATURES[k].test(norm));
}

/** The question asks for an amount, a date, a duration or a price. */
export function asksRequired(q: QuestionAnalysis): boolean {
  return [...q.asks].some((k) => REQUIRED.has(k));
}

/** Share of the asked features (amount, date, …) that `norm` carries. */
export function featureShare(q: QuestionAnalysis, norm: string): number {
  if (q.asks.size === 0) return 0;
  let hits = 0;
  for (const k of q.asks) if (FEATURES[k].test(norm)) hits++;
  return hits / q.asks.size;
}

/** Keep the clauses of a long sentence that carry question terms or the asked feature (verbatim). */
export function trimToClauses(text: string, q: QuestionAnalysis): string {
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

/**
 * What overlap is measured in: character bigrams for Chinese, word bigrams for text without Han
 * characters (English letter pairs recur in any two sentences).
 */
export function units(norm: string): string[] {
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
