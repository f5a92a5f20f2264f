/**
 * Numerals as investors type them: digits with separators, Chinese numerals up to 亿 (三千五百,
 * 一万五千, 一亿五, 2.5个亿), English number words and pinyin numerals (wuqian wan, liang ge yi).
 * Pure format parsing: what a number is a number OF is decided elsewhere.
 */

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parse a Chinese numeral below 10,000 ("五十", "三千五百", "十二"); undefined when not one. */
export function parseCnNumber(s: string): number | undefined {
  if (!s || !/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return undefined;
  let total = 0;
  let digit = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in CN_DIGIT) {
      digit = CN_DIGIT[ch]!;
      seen = true;
    } else {
      const unit = CN_UNIT[ch]!;
      // "十二" starts with a unit: an implied one.
      total += (seen || total > 0 ? digit : 1) * unit;
      if (!seen && total === unit && ch !== '十') return undefined;
      digit = 0;
      seen = false;
    }
  }
  return total + digit;
}

const PINYIN: Record<string, string> = { yi: '一', er: '二', liang: '两', san: '三', si: '四', wu: '五', liu: '六', qi: '七', ba: '八', jiu: '九', shi: '十', bai: '百', qian: '千', wan: '万', ge: '个' };

/** Pinyin numerals to Chinese ones ("wuqian wan" → 五千万, "2 yi" → 2亿); a final yi after a number is 亿. */
export function pinyinToCn(s: string): string {
  const sylls = s.toLowerCase().match(/liang|qian|bai|shi|jiu|liu|san|wan|ge|yi|er|si|wu|qi|ba|\d+(?:\.\d+)?|w|./g) ?? [];
  const out: string[] = [];
  sylls.forEach((y, i) => {
    if (/^\s$/.test(y)) return;
    // "yi" closing a number (2 yi, yi ge yi, liang ge yi) is the scale 亿, not the digit one.
    if (y === 'yi' && i > 0 && out.length > 0 && i === sylls.length - 1) out.push('亿');
    else if (y === 'w') out.push('万');
    else out.push(PINYIN[y] ?? y);
  });
  return out.join('');
}

/**
 * Parse a number with optional 万/亿 scales, in units ("5000万" → 50000000, "一亿五" → 150000000,
 * "2.5个亿" → 250000000, "1.5万" → 15000, "三千" → 3000); undefined when not a number.
 */
export function parseNumberExpr(raw: string): number | undefined {
  let s = raw.normalize('NFKC').replace(/[,，\s]/g, '');
  if (/[a-z]/i.test(s)) s = pinyinToCn(s);
  s = s.replace(/个|多|出头/g, '');
  if (!s) return undefined;
  let total = 0;
  for (const [scaleChar, scale] of [['亿', 1e8], ['万', 1e4]] as const) {
    const i = s.indexOf(scaleChar);
    if (i < 0) continue;
    const head = s.slice(0, i);
    const n = head === '' ? 1 : simple(head);
    if (n === undefined) return undefined;
    total += n * scale;
    s = s.slice(i + 1);
    // 一亿五 = 1.5亿, 一万五 = 1.5万: one bare digit after a scale is its next place.
    if (/^[一二两三四五六七八九\d]$/.test(s)) return total + (simple(s) ?? 0) * (scale / 10);
  }
  if (!s) return total;
  const rest = simple(s);
  return rest === undefined ? undefined : total + rest;
}

function simple(s: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  // "5千" = 5000, "3.5千" = 3500.
  const mixed = /^(\d+(?:\.\d+)?)([十百千])$/.exec(s);
  if (mixed) return Number(mixed[1]) * CN_UNIT[mixed[2]!]!;
  return parseCnNumber(s);
}

const EN_ONES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, a: 1,
};
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };

/** Words that can appear in an English number ("two hundred and fifty million"). */
export const EN_NUMBER_WORD = '(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|and|a)';

/** Parse English number words ("two hundred million" → 200000000); undefined when not a number. */
export function parseEnNumberWords(s: string): number | undefined {
  const words = s.toLowerCase().split(/[\s-]+/).filter((w) => w && w !== 'and');
  if (words.length === 0) return undefined;
  let total = 0;
  let current = 0;
  let any = false;
  for (const w of words) {
    if (w in EN_ONES) {
      current += EN_ONES[w]!;
      any = true;
    } else if (w === 'hundred') {
      current = (current || 1) * 100;
      any = true;
    } else if (w in EN_SCALES) {
      total += (current || 1) * EN_SCALES[w]!;
      current = 0;
      any = true;
    } else return undefined;
  }
  return any ? total + current : undefined;
}
