/**
 * Tiered tables: a policy's rows are often bands of an amount (营业收入 20亿元至50亿元, 设备投资额
 * 500万元以上), and a question states the asker's own figure ("营收三十个亿"). The row whose band holds
 * that figure answers; the other rows state other tiers. Amounts are read by their form only (the
 * lexical scan), in 万元, never by what they are of.
 */
import { scanLexical, type Scan } from '../text/lexical-scan.js';

/** A band of amounts in 万元, both ends included (open ends are 0 and Infinity). */
export interface Band {
  lo: number;
  hi: number;
}

const BETWEEN = /^\s*(?:元)?\s*(?:至|到|-|—|–|~|～)\s*$/u;
const AND_ABOVE = /^\s*(?:[（(]含[）)])?\s*(?:及以上|以上|或以上)/u;
const AND_BELOW = /^\s*(?:[（(](?:含|不含)[）)])?\s*(?:以下|以内)/u;
const BELOW_BEFORE = /(?:不足|低于|未达到|少于)\s*$/u;

function amounts(scan: Scan): { start: number; end: number; wan: number }[] {
  return scan.candidates.flatMap((c) => (c.kind === 'amount' ? [{ start: c.start, end: c.end, wan: c.amountWan }] : []))
    .sort((a, b) => a.start - b.start);
}

/** The amounts the question states (in 万元). */
export function statedAmounts(question: string): number[] {
  return amounts(scanLexical(question)).map((a) => a.wan);
}

/** The bands a sentence (normalised text) states: "A至B", "A以上", "A以下", "不足A". */
export function bandsOf(sentence: string): Band[] {
  const scan = scanLexical(sentence);
  const norm = scan.norm;
  const found = amounts(scan);
  const out: Band[] = [];
  for (let i = 0; i < found.length; i++) {
    const a = found[i]!;
    const b = found[i + 1];
    const after = norm.slice(a.end, a.end + 8);
    if (b && BETWEEN.test(norm.slice(a.end, b.start))) {
      out.push({ lo: a.wan, hi: b.wan });
      i++;
    } else if (AND_ABOVE.test(after)) out.push({ lo: a.wan, hi: Infinity });
    else if (AND_BELOW.test(after) || BELOW_BEFORE.test(norm.slice(Math.max(0, a.start - 6), a.start))) out.push({ lo: 0, hi: a.wan });
  }
  return out;
}

/** 1 when a band of the sentence holds one of the question's amounts, -1 when it has bands that hold none, 0 otherwise. */
export function bandFit(questionAmounts: number[], sentence: string): -1 | 0 | 1 {
  if (questionAmounts.length === 0) return 0;
  const bands = bandsOf(sentence);
  if (bands.length === 0) return 0;
  return bands.some((b) => questionAmounts.some((x) => x >= b.lo && x <= b.hi)) ? 1 : -1;
}
