/**
 * An English → Chinese word bridge built at ingest from CC-CEDICT (the `cc-cedict` package; data
 * CC BY-SA 4.0, see README "Word knowledge"): every Chinese word of the knowledge base that the
 * dictionary glosses gives pairs from its short English glosses to it ("subsidy" → 补贴, "annual" →
 * 年度). English questions then reach Chinese-only documents (retrieval searches with the bridged
 * words) and the sentence picker credits a Chinese sentence for an English term. Only words the
 * documents contain are kept, so new documents bring their own words and the table stays small;
 * the dictionary itself is read once per ingest, never at start.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../core/ports.js';
import type { TermPair } from '../retrieval/term-map.js';
import { tokenize } from '../text/index.js';

/** A dictionary lookup: English glosses of a simplified Chinese word (empty when unknown). */
export type Glosser = (word: string) => string[];

const HAN_WORD = /^[\u3400-\u9fff]{2,6}$/u;
/** Longest gloss (in words) turned into a pair: longer ones are explanations, not wordings. */
const MAX_GLOSS_WORDS = 3;
/** Most Chinese words one English wording may stand for (the most frequent in the documents win). */
const MAX_PER_KEY = 4;

/**
 * CC-CEDICT as the `cc-cedict` package ships it (data/all.js: one `export default {…}` of JSON),
 * read as JSON: the package's own entry point builds three indexes (~5 s), more than an ingest
 * should spend. Rows are [traditional, simplified, pinyin, gloss or glosses, …].
 */
export function cedictGlosser(): Glosser {
  const main = fileURLToPath(import.meta.resolve('cc-cedict'));
  const text = readFileSync(join(dirname(main), '..', 'data', 'all.js'), 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { all?: unknown[] };
  const glosses = new Map<string, string[]>();
  for (const row of data.all ?? []) {
    if (!Array.isArray(row) || typeof row[1] !== 'string') continue;
    const g = row[3];
    const list = typeof g === 'string' ? [g] : Array.isArray(g) ? g.filter((x): x is string => typeof x === 'string') : [];
    glosses.set(row[1], [...(glosses.get(row[1]) ?? []), ...list]);
  }
  return (word: string) => glosses.get(word) ?? [];
}

// CC-CEDICT's stand-ins for an object ("to apply for sth", "to help sb"): not words a question has.
const PLACEHOLDERS = new Set(['sth', 'sb', 'someone', 'something', 'oneself', 'one', 'ones']);

/** The short wordings of one gloss: "to subsidize; subsidy (CL:笔)" → ["subsidize"], ["subsidy"]. */
export function glossWordings(gloss: string): string[][] {
  return gloss
    .replace(/\([^)]*\)|\[[^\]]*\]|CL:\S+/g, ' ')
    .split(/[;,/]/)
    .map((part) => part.trim().replace(/^(?:to|a|an|the)\s+/i, ''))
    .filter((part) => /^[a-z][a-z '-]*$/i.test(part) && !/^(?:see|variant of|used in|surname|abbr)\b/i.test(part))
    .map((part) => tokenize(part).filter((w) => !PLACEHOLDERS.has(w)))
    .filter((words) => words.length > 0 && words.length <= MAX_GLOSS_WORDS);
}

/** Pairs from every Chinese word of `texts` the dictionary knows, deterministic for the same input. */
export function buildWordBridge(texts: readonly string[], gloss: Glosser): TermPair[] {
  const freq = new Map<string, number>();
  for (const t of texts) for (const w of new Set(tokenize(t))) if (HAN_WORD.test(w)) freq.set(w, (freq.get(w) ?? 0) + 1);
  const byKey = new Map<string, { en: string[]; zh: Set<string> }>();
  for (const word of [...freq.keys()].sort()) {
    for (const g of gloss(word)) {
      for (const en of glossWordings(g)) {
        const key = en.join(' ');
        const entry = byKey.get(key) ?? { en, zh: new Set<string>() };
        entry.zh.add(word);
        byKey.set(key, entry);
      }
    }
  }
  const pairs: TermPair[] = [];
  for (const key of [...byKey.keys()].sort()) {
    const { en, zh } = byKey.get(key)!;
    const best = [...zh].sort((a, b) => (freq.get(b) ?? 0) - (freq.get(a) ?? 0) || a.localeCompare(b)).slice(0, MAX_PER_KEY);
    for (const w of best) pairs.push({ en, zh: w });
  }
  return pairs;
}

/** The bridge of `texts` for ingest: without a readable dictionary, none (logged), never a failed ingest. */
export function wordBridge(texts: readonly string[], log: Logger, glosser: () => Glosser = cedictGlosser): TermPair[] {
  try {
    return buildWordBridge(texts, glosser());
  } catch (err) {
    log.warn('word bridge skipped: CC-CEDICT data unreadable', { error: err instanceof Error ? err.message : String(err) });
    return [];
  }
}
