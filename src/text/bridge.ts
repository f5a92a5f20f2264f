/**
 * The English → Chinese wordings in use (the glossary's pairs and the CC-CEDICT bridge built at
 * ingest, see src/ingest/word-bridge.ts): an English question's word is matched against Chinese
 * sentences through them, at the thesaurus' discount. Set when the knowledge base opens or reloads.
 *
 * Wordings of several words ("interest rate" → 利率, "business license" → 营业执照) are matched as
 * phrases of the question, before its single words; an inflected word the bridge lacks is looked
 * up by its base form (leasing → lease); British and American spellings meet in the tokeniser.
 */
import { americanSpelling, baseForms } from './english-forms.js';

/** One English wording (stemmed tokens) and a Chinese word it stands for. */
export interface BridgePair {
  en: readonly string[];
  zh: string;
}

/** A run of the question's tokens that is one wording of the bridge, and its Chinese words. */
export interface BridgePhrase {
  /** Index of the first token of the run. */
  start: number;
  /** Index after the last token of the run. */
  end: number;
  zh: readonly string[];
}

let single = new Map<string, string[]>();
/** Counts `useBridge` calls: what depends on the bridge in use can tell it changed. */
let generation = 0;
let phrases = new Map<string, string[]>();

/** Longest phrase (in tokens) in `phrases`. */
let longest = 0;

function push(map: Map<string, string[]>, key: string, zh: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(zh)) list.push(zh);
  map.set(key, list);
}

/** Use `pairs` from now on (an index built before spelling folding is folded here too). */
export function useBridge(pairs: readonly BridgePair[]): void {
  const nextSingle = new Map<string, string[]>();
  const nextPhrases = new Map<string, string[]>();
  let max = 0;
  for (const p of pairs) {
    const en = p.en.map(americanSpelling);
    if (en.length === 1) push(nextSingle, en[0]!, p.zh);
    else if (en.length > 1) {
      push(nextPhrases, en.join(' '), p.zh);
      max = Math.max(max, en.length);
    }
  }
  single = nextSingle;
  phrases = nextPhrases;
  longest = max;
  generation++;
}

/** Changes whenever another bridge is put in use. */
export function bridgeGeneration(): number {
  return generation;
}

/** Chinese wordings of one English (stemmed) word, by its base form when the word itself has none; empty when none. */
export function bridgeAlternatives(word: string): readonly string[] {
  const own = single.get(word);
  if (own) return own;
  for (const base of baseForms(word)) {
    const hit = single.get(base);
    if (hit) return hit;
  }
  return [];
}

/**
 * The bridge's phrases among `tokens` (a question's stemmed tokens in order, stopwords gone, so
 * "block of flats" is block, flat), longest first and not overlapping: ["interest", "rate",
 * "loan"] → 利率 for tokens 0–1. A word of the run may be inflected (leasing contract).
 */
export function bridgePhrases(tokens: readonly string[]): BridgePhrase[] {
  const out: BridgePhrase[] = [];
  const taken = new Array<boolean>(tokens.length).fill(false);
  for (let len = Math.min(longest, tokens.length); len >= 2; len--) {
    for (let i = 0; i + len <= tokens.length; i++) {
      if (taken.slice(i, i + len).some(Boolean)) continue;
      const zh = phraseWords(tokens.slice(i, i + len));
      if (!zh) continue;
      out.push({ start: i, end: i + len, zh });
      for (let j = i; j < i + len; j++) taken[j] = true;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function phraseWords(run: readonly string[]): readonly string[] | undefined {
  const own = phrases.get(run.join(' '));
  if (own) return own;
  for (let k = 0; k < run.length; k++) {
    for (const base of baseForms(run[k]!)) {
      const hit = phrases.get([...run.slice(0, k), base, ...run.slice(k + 1)].join(' '));
      if (hit) return hit;
    }
  }
  return undefined;
}
