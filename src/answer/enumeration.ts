/**
 * Whether quoted sentences list the items a "which ones" question asks for. "1+8的8个文件都叫啥" is
 * not answered by "共有72条措施" (a count, no list), and "四个片区指挥中心分别负责哪些地区" is not
 * answered by "东部、南部、中部、北部四个片区指挥中心" (a list, but of the very words the question
 * already says). A list answers when it names things the question does not: at least two items,
 * at least half of them new (most of an item's character pairs not in the question).
 */
import { normalize } from '../text/index.js';
import { lexTokens } from '../text/lexical-scan.js';
import { bigrams } from './term-match.js';

/** The items of the enumerations in `text`: "大数据、文旅康养、硅材料等" → 大数据 / 文旅康养 / 硅材料. */
export function enumeratedItems(text: string): string[][] {
  const norm = normalize(text).toLowerCase();
  const lists: string[][] = [];
  // Titles or names one after another: 《…》《…》, 《…》、《…》, “…”“…”.
  for (const re of [/《([^》]{2,40})》/g, /“([^”]{2,40})”/g]) {
    const names = [...norm.matchAll(re)].map((m) => m[1]!);
    if (names.length >= 2) lists.push(names);
  }
  // Chinese enumerations: runs of items joined by 、 (the outer items cut at 和/及/等 and at punctuation).
  for (const run of norm.split(/[，。；;：:！？!?（）()“”"]/)) {
    if (!run.includes('、')) continue;
    const parts = run.split('、').map((p) => p.trim());
    const first = parts[0]!.split(/[和及与等]/).at(-1)!.slice(-8);
    const last = parts.at(-1)!.split(/等|和|及|与/)[0]!.slice(0, 8);
    const items = [first, ...parts.slice(1, -1), last].filter((p) => p.length > 0);
    if (items.length >= 2) lists.push(items);
  }
  // English lists: "a, b and c".
  // Chinese glosses in brackets ("big data (大数据), …") are not list separators.
  for (const run of norm.replace(/\([^)]*\)/g, '').split(/[.;:!?]/)) {
    const parts = run.split(/,\s*|\s+and\s+/).map((p) => p.trim()).filter(Boolean);
    if (parts.length >= 3 && parts.every((p) => p.split(/\s+/).length <= 6)) lists.push(parts);
  }
  return lists;
}

/** The distinct character pairs of `s`, spaces left out. */
const pairsOf = (s: string): Set<string> => new Set(bigrams(s.replace(/\s+/g, '')));

/** An item the question does not already say: most of its character pairs (Latin: words) are not in it. */
function novel(item: string, question: string, qGrams: Set<string>): boolean {
  if (/^[\x20-\x7e]+$/.test(item)) {
    const words = item.split(/\s+/).filter((w) => w.length > 2);
    return words.filter((w) => question.includes(w)).length * 2 < Math.max(1, words.length);
  }
  const grams = [...pairsOf(item)];
  if (grams.length === 0) return !question.includes(item);
  return grams.filter((g) => qGrams.has(g)).length * 2 < grams.length;
}

/** Whether some sentence of `texts` lists at least two items, most of them new to `question`. */
export function listsNewItems(question: string, texts: string[]): boolean {
  const q = normalize(question).toLowerCase();
  const qGrams = pairsOf(q);
  return texts.some((t) =>
    enumeratedItems(t).some((items) => {
      const fresh = items.filter((i) => novel(i, q, qGrams)).length;
      return fresh >= 2 && fresh * 2 >= items.length;
    }),
  );
}

/** Parts of speech of names: people (nr, nrfg, nrt) and organisations (nt). */
const NAME_POS = new Set(['nr', 'nrfg', 'nrt', 'nt']);

/** The 《…》 titles of `norm`, without their brackets. */
function titles(norm: string): string[] {
  const out: string[] = [];
  for (let at = norm.indexOf('《'); at >= 0; at = norm.indexOf('《', at + 1)) {
    const end = norm.indexOf('》', at);
    if (end > at + 1) out.push(norm.slice(at + 1, end));
  }
  return out;
}

/** A run of five or more digits (a phone number or hotline such as 12345): whom to call is an answer to "找谁". */
function hasContactNumber(norm: string): boolean {
  let run = 0;
  for (const ch of norm) {
    run = ch >= '0' && ch <= '9' ? run + 1 : ch === '-' && run > 0 ? run : 0;
    if (run >= 5) return true;
  }
  return false;
}

/**
 * Whether some sentence of `texts` names a person, an organisation or a document the question does
 * not, or gives a number to call: "负责人叫什么名字" is not answered by "据指挥部负责人介绍…", which
 * names nobody. Latin words count when capitalised (Weida Technology, Hunan Daily).
 */
export function namesSomethingNew(question: string, texts: string[]): boolean {
  const q = normalize(question).toLowerCase();
  const fresh = (name: string): boolean => name.length > 1 && !q.includes(name.toLowerCase());
  return texts.some((t) => {
    const norm = normalize(t);
    if (titles(norm).some(fresh) || hasContactNumber(norm)) return true;
    return lexTokens(norm).some((tok) => (tok.kind === 'han' ? NAME_POS.has(tok.pos) : tok.kind === 'latin' && tok.text[0]! >= 'A' && tok.text[0]! <= 'Z') && fresh(tok.text));
  });
}
