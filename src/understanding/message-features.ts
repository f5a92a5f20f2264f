/**
 * Features of one user message for the intent model: character 1–3-grams of the normalised text
 * (they survive typos, homophones and missing word boundaries), jieba words, Latin words, and a
 * few shape features (digits next to an amount or area unit, a long digit run, length, a final
 * question mark, nothing but symbols). Character classes are tested by code point, not patterns:
 * these are features for a learned model, not rules.
 */
import { normalize, segment } from '../text/index.js';

const AMOUNT_UNITS = new Set(['亿', '万', '千', '百']);
const AREA_UNITS = new Set(['亩', '㎡']);

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isHan(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff);
}
function isLatin(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** Named features of a message (and of the field the bot has just asked for, during capture). */
export function messageFeatures(text: string, opts: { asked?: string } = {}): [string, number][] {
  const norm = normalize(text).toLowerCase();
  const out: [string, number][] = [];
  const chars = [...norm];
  const compact = chars.filter((c) => c !== ' ');
  // Character n-grams with boundary marks, so "谢谢" alone differs from "谢谢" inside a question.
  const padded = ['^', ...compact, '$'];
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= padded.length; i++) {
      const g = padded.slice(i, i + n).join('');
      if (n === 1 && (g === '^' || g === '$')) continue;
      out.push([`c${n}:${g}`, n === 1 ? 0.5 : 1]);
    }
  }
  for (const w of segment(norm)) {
    const lw = w.toLowerCase();
    if (lw.trim()) out.push([`w:${lw}`, 1]);
  }
  let latinWord = '';
  const latinWords: string[] = [];
  for (const c of chars) {
    if (isLatin(c)) latinWord += c;
    else if (latinWord) {
      latinWords.push(latinWord);
      latinWord = '';
    }
  }
  if (latinWord) latinWords.push(latinWord);
  for (let i = 0; i < latinWords.length; i++) {
    out.push([`lw:${latinWords[i]}`, 1]);
    if (i + 1 < latinWords.length) out.push([`lb:${latinWords[i]}_${latinWords[i + 1]}`, 1]);
  }
  // Shape: digits before an amount or area unit, long digit runs (a phone), length, punctuation.
  let run = 0;
  let longest = 0;
  let han = 0;
  let letters = 0;
  let symbols = 0;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    if (isDigit(c)) {
      run++;
      longest = Math.max(longest, run);
      const next = compact[i + 1];
      if (next && AMOUNT_UNITS.has(next)) out.push(['shape:num+amount', 2]);
      if (next && AREA_UNITS.has(next)) out.push(['shape:num+area', 2]);
    } else run = 0;
    if (isHan(c)) han++;
    if (isHan(c) || isLatin(c)) letters++;
    else if (!isDigit(c)) symbols++;
  }
  if (longest >= 7) out.push(['shape:longdigits', 2]);
  else if (longest > 0) out.push(['shape:digits', 1]);
  const len = compact.length;
  out.push([`shape:len${len <= 2 ? 'xs' : len <= 6 ? 's' : len <= 20 ? 'm' : len <= 60 ? 'l' : 'xl'}`, 1]);
  if (letters === 0) out.push(['shape:noletters', 2]);
  if (han === 0 && letters > 0) out.push(['shape:latin', 1]);
  if (symbols > 0 && symbols >= letters) out.push(['shape:mostlysymbols', 1]);
  const last = compact[compact.length - 1];
  if (last === '?' || last === '？') out.push(['shape:qmark', 1]);
  if (opts.asked) out.push([`asked:${opts.asked}`, 2]);
  return out;
}
