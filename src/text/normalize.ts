/**
 * Two normal forms.
 *
 * `normalizeDisplay` is for text that is stored and shown (chunk text, titles): it changes only
 * code points that look like another character but are not it, so what users see, copy and
 * highlight is the document's own wording. PDF text layers often carry Kangxi radicals
 * (U+2F00–U+2FD5: ⾦ for 金), CJK radical-supplement forms of whole characters (⻓ for 长, ⻔ for
 * 门) and compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F); these become the unified
 * ideographs. Invisible characters (zero-width spaces, joiners, soft hyphens, BOM) are dropped.
 * Everything else is left as written: full-width digits and punctuation (，。：１０), ㎡, ①,
 * traditional characters, ideographic spaces, line breaks.
 *
 * `normalize` is for matching (indexing and querying): the display form, then NFKC (which also
 * turns ㎡ into m2, ① into 1, ３０ into 30 — fine for matching, wrong for display), traditional →
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

/**
 * Radical-supplement forms that stand for a whole character and that fonts draw with that
 * character's glyph (so a PDF's reverse cmap may pick them). Component-only forms (⺅ ⺡ ⻌) are
 * left alone: they never stand for a character in running text.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '\u2e9f': '母', '\u2ea0': '民', '\u2ec4': '西', '\u2ec5': '见', '\u2ec6': '角', '\u2ec9': '贝', '\u2ecb': '车', '\u2ed1': '長',
  '\u2ed3': '长', '\u2ed4': '门', '\u2ed8': '青', '\u2ed9': '韦', '\u2eda': '页', '\u2edb': '风', '\u2edc': '飞', '\u2edd': '食',
  '\u2ee2': '马', '\u2ee3': '骨', '\u2ee4': '鬼', '\u2ee5': '鱼', '\u2ee6': '鸟', '\u2ee7': '卤', '\u2ee8': '麦', '\u2ee9': '黄',
  '\u2eea': '黾', '\u2eec': '齐', '\u2eee': '齿', '\u2ef0': '龙', '\u2ef3': '龟',
};

// Kangxi radicals, the radical supplement, compatibility ideographs (BMP and supplement), invisibles.
const LOOKALIKE = /[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\u{2f800}-\u{2fa1f}\u200b-\u200d\u2060\ufeff\u00ad]/gu;

/** The stored and shown form: look-alike radicals and compatibility ideographs unified, invisibles dropped. */
export function normalizeDisplay(text: string): string {
  return text.replace(LOOKALIKE, (c) => {
    const cp = c.codePointAt(0)!;
    if (cp < 0x2e80 || cp === 0xfeff) return '';
    if (cp <= 0x2eff) return RADICAL_SUPPLEMENT[c] ?? c;
    // Kangxi radicals have compatibility decompositions (NFKC); compatibility ideographs canonical ones (NFC).
    if (cp <= 0x2fdf) return c.normalize('NFKC');
    return c.normalize('NFC');
  });
}

/** Display form, NFKC-fold, convert traditional to simplified Chinese and collapse white space. */
export function normalize(text: string): string {
  let s = normalizeDisplay(text).normalize('NFKC');
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
