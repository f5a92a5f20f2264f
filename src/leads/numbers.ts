/** Numbers as investors write them: digits with separators, Chinese numerals, English number words. */

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters of a Chinese numeral below 10,000 (十, 百, 千 and digits). */
export const CN_NUM_CHARS = '零〇一二两三四五六七八九十百千';

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

/** Parse "5,000", "3.5", "５０" or a Chinese numeral; undefined otherwise. */
export function parseNumberToken(s: string): number | undefined {
  const t = s.normalize('NFKC').replace(/[,，\s]/g, '');
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  return parseCnNumber(t);
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
