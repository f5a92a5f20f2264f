/**
 * Text normalisation shared by indexing and querying: full-width folding (NFKC), traditional →
 * simplified Chinese, collapsed white space. Both sides must see the same form or tokens miss.
 */
import * as OpenCC from 'opencc-js/t2cn';

let toSimplified: ((s: string) => string) | undefined;
let changing: Set<string> | undefined;

/**
 * Characters some conversion rule actually changes. Text with none of them is left alone: the
 * converter is the slowest step of normalising and nearly all input is already simplified.
 */
function changingChars(): Set<string> {
  if (!changing) {
    const set = new Set<string>();
    const locale = (OpenCC as unknown as { Locale: { from: Record<string, unknown>; to: Record<string, unknown> } }).Locale;
    // Dictionaries are nested arrays of "key value|key value" strings.
    const strings = (x: unknown): string[] => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.flatMap(strings) : []);
    for (const dicts of [locale.from.tw, locale.from.hk, locale.to.cn]) {
      for (const dict of strings(dicts)) {
        for (const pair of dict.split('|')) {
          const [k = '', v = ''] = pair.split(' ');
          // Single-character rules only: every traditional text contains such a character, while
          // phrase rules (一坏 → 一坯) would flag ordinary simplified text.
          if ([...k].length === 1 && k !== v) set.add(k);
        }
      }
    }
    changing = set;
  }
  return changing;
}

function needsConversion(s: string): boolean {
  const set = changingChars();
  if (set.size < 100) return true; // dictionaries not as expected: always convert
  for (const c of s) if (set.has(c)) return true;
  return false;
}

/** Lazily build the converter: loading the OpenCC dictionaries costs ~100 ms, paid once and only if used. */
function converter(): (s: string) => string {
  if (!toSimplified) {
    // 'tw' covers Taiwan phrasing and plain traditional characters; 'hk' adds Hong Kong variants.
    const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
    toSimplified = (s) => hk(tw(s));
  }
  return toSimplified;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** NFKC-fold, convert traditional to simplified Chinese and collapse white space. */
export function normalize(text: string): string {
  let s = text.normalize('NFKC');
  // NFKC leaves the ideographic full stop and corner quotes alone; the rest of the full-width
  // ASCII block (ＡＢＣ１２３，！？) becomes ASCII, which keeps numbers like ３０亿 matching 30亿.
  s = s.replace(/\u3000/g, ' ');
  if (HAN.test(s) && needsConversion(s)) s = converter()(s);
  return s.replace(/[ \t\f\v\r\n\u00a0\u2000-\u200b\u2028\u2029\ufeff]+/g, ' ').trim();
}

/** Fraction of letters that are Han characters. */
export function hanRatio(text: string): number {
  let han = 0;
  let letters = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) {
      han++;
      letters++;
    } else if (/\p{L}/u.test(ch)) letters++;
  }
  return letters === 0 ? 0 : han / letters;
}

/** 'zh' when Han characters are a meaningful share of the letters, else 'en'. */
export function detectLang(text: string): 'zh' | 'en' {
  let han = 0;
  let latin = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) han++;
    else if (/[A-Za-z]/.test(ch)) latin++;
  }
  // One Han character carries about as much as a short English word (~4 letters).
  return han * 4 >= latin && han > 0 ? 'zh' : 'en';
}
