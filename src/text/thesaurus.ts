/**
 * The thesaurus the knowledge editor keeps beside the documents (`knowledge/_thesaurus.txt`): how
 * investors and documents name the same thing (重点产业 / 优势产业, 园区 / 经开区, 占地 → 用地). One
 * group per line; words of a line are other wordings of one another, and `a => b c` makes b and c
 * wordings of a only (a question's 占地 matches a document's 用地, not the other way round). The
 * answer layer matches these wordings at a discount when it scores sentences and searches once more
 * with them; it never writes them into a reply. Re-read whenever the knowledge base is (re)opened,
 * so new documents bring their words without a code change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenize } from './tokenize.js';

/** The file name under the knowledge folder (`_` keeps it out of ingestion). */
export const THESAURUS_FILE = '_thesaurus.txt';

/** A parsed thesaurus. */
export interface Thesaurus {
  /** Symmetric groups: every member is another wording of every other. */
  groups: readonly (readonly string[])[];
  /** One-way wordings: a question's key matches a document's values. */
  oneWay: Readonly<Record<string, readonly string[]>>;
  /** Lines that could not be read, with their line numbers (for the ingest report). */
  problems: readonly string[];
}

const HAN = /\p{Script=Han}/u;
const EMPTY: Thesaurus = { groups: [], oneWay: {}, problems: [] };

/** Latin words are kept as the tokenizer reports them (industries → industry); Chinese as written. */
function canonical(word: string): string {
  return HAN.test(word) ? word : (tokenize(word)[0] ?? word.toLowerCase());
}

/** Parse the file's text. Blank lines and `#` comments are skipped; words split on spaces, commas or 、. */
export function parseThesaurus(text: string): Thesaurus {
  const groups: string[][] = [];
  const oneWay: Record<string, string[]> = {};
  const problems: string[] = [];
  const split = (s: string) => s.split(/[\s,，、;；]+/u).map((w) => w.trim()).filter(Boolean);
  const words = (s: string) => [...new Set(split(s).map(canonical))];
  // One-way wordings are matched as written (lower-cased): the question's key is already a token.
  const plain = (s: string) => [...new Set(split(s).map((w) => w.toLowerCase()))];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const arrow = line.split(/\s*=>\s*/);
    if (arrow.length === 2) {
      const from = plain(arrow[0]!);
      const to = plain(arrow[1]!);
      if (from.length !== 1 || to.length === 0) return void problems.push(`line ${i + 1}: "a => b c" needs one word before => and at least one after`);
      oneWay[from[0]!] = [...new Set([...(oneWay[from[0]!] ?? []), ...to.filter((w) => w !== from[0])])];
      return;
    }
    if (arrow.length > 2) return void problems.push(`line ${i + 1}: more than one =>`);
    const g = words(line);
    if (g.length < 2) return void problems.push(`line ${i + 1}: a group needs at least two wordings`);
    groups.push(g);
  });
  return { groups, oneWay, problems };
}

/** Read `<knowledgeDir>/_thesaurus.txt`; a folder without one has an empty thesaurus. */
export function readThesaurus(knowledgeDir: string): Thesaurus {
  let text: string;
  try {
    text = readFileSync(join(knowledgeDir, THESAURUS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw err;
  }
  return parseThesaurus(text);
}

// The project's own knowledge folder: what pure functions use until a knowledge base is opened.
const SHIPPED = new URL('../../knowledge/', import.meta.url);

let current: Thesaurus | undefined;
let index: { alternatives: Map<string, string[]>; phrases: string[] } | undefined;

/** Use `t` from now on (the knowledge base calls this when it opens or reloads its folder). */
export function useThesaurus(t: Thesaurus): void {
  current = t;
  index = undefined;
}

/** The thesaurus in use. */
export function currentThesaurus(): Thesaurus {
  current ??= readThesaurus(fileURLToPath(SHIPPED));
  return current;
}

function built(): NonNullable<typeof index> {
  if (index) return index;
  const t = currentThesaurus();
  const alternatives = new Map<string, string[]>();
  const add = (w: string, others: readonly string[]) => {
    const have = alternatives.get(w) ?? [];
    alternatives.set(w, [...new Set([...have, ...others.filter((o) => o !== w)])]);
  };
  for (const g of t.groups) for (const w of g) add(w, g);
  // Chinese members of two or more characters, longest first, so 产业园区 wins over 园区.
  const phrases = [...new Set(t.groups.flat().filter((w) => HAN.test(w) && w.length >= 2))].sort((a, b) => b.length - a.length);
  index = { alternatives, phrases };
  return index;
}

/** Other wordings of `word` in the thesaurus' groups (empty when it is in none). */
export function conceptAlternatives(word: string): string[] {
  return built().alternatives.get(word) ?? [];
}

/** The document wordings a question's `word` may match one way (占地 → 用地 面积), when listed. */
export function oneWayAlternatives(word: string): readonly string[] | undefined {
  return currentThesaurus().oneWay[word];
}

/**
 * Thesaurus phrases the (normalised) question contains, longest first and not overlapping:
 * "资兴的重点产业有哪些" → ["重点产业"]. Only Chinese phrases of two or more characters.
 */
export function conceptPhrases(norm: string): string[] {
  const taken: [number, number][] = [];
  const out: string[] = [];
  for (const w of built().phrases) {
    let from = 0;
    for (let at = norm.indexOf(w, from); at >= 0; at = norm.indexOf(w, from)) {
      from = at + 1;
      const end = at + w.length;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      taken.push([at, end]);
      if (!out.includes(w)) out.push(w);
    }
  }
  return out;
}
