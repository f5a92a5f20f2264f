/**
 * Text normalisation shared by indexing and querying: full-width folding (NFKC), traditional →
 * simplified Chinese, collapsed white space. Both sides must see the same form or tokens miss.
 */
import * as OpenCC from 'opencc-js/t2cn';

let toSimplified: ((s: string) => string) | undefined;

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

// Text without Han characters skips the converter, the slowest step of normalising.
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** NFKC-fold, convert traditional to simplified Chinese and collapse white space. */
export function normalize(text: string): string {
  let s = text.normalize('NFKC');
  // NFKC leaves the ideographic full stop and corner quotes alone; the rest of the full-width
  // ASCII block (ＡＢＣ１２３，！？) becomes ASCII, which keeps numbers like ３０亿 matching 30亿.
  s = s.replace(/\u3000/g, ' ');
  if (HAN.test(s)) s = converter()(s);
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
