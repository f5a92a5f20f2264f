/**
 * Chinese numerals read as numbers, so "几年 / 多少 / 怎么收" can be answered from 三年,
 * 百分之三十 and 伍拾万元 as from 3年, 30% and 50万元. Policy documents write amounts in
 * financial numerals (壹贰叁…拾佰仟) and periods in ordinary ones; both are read here. Digits
 * inside a numeral (3.5万) are read too; plain Arabic figures are left to the callers' own parsing.
 */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: [RegExp, number][] = [
  [/[亿億]/, 1e8],
  [/[万萬]/, 1e4],
];

/** A numeral below 10 000: 十五, 二百零五, 3千, or positional digits (二〇二六), or Arabic (3.5). */
function small(s: string): number | undefined {
  if (s === '') return 0;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const tokens = s.match(/\d+(?:\.\d+)?|./gu) ?? [];
  // Digits only, no units: read positionally, as years and codes are written (二〇二六).
  if (tokens.every((t) => t in DIGITS)) return Number(tokens.map((t) => DIGITS[t]).join(''));
  let total = 0;
  let digit: number | undefined;
  for (const t of tokens) {
    if (t in DIGITS) digit = DIGITS[t];
    else if (/^\d/.test(t)) digit = Number(t);
    else if (t in SMALL_UNITS) {
      // 十五: a unit with no digit before it counts once.
      total += (digit ?? 1) * SMALL_UNITS[t]!;
      digit = undefined;
    } else return undefined;
  }
  return total + (digit ?? 0);
}

/** The characters Chinese numerals are written with (ordinary and financial forms, 万/亿 periods). */
export const CN_NUMERAL_CHARS = '零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億';
const WHOLE_NUMERAL = new RegExp(`^[\\d.${CN_NUMERAL_CHARS}]+$`);

/** Read a whole numeral (伍拾万, 一亿二千万, 3.5万, 十五); undefined when `s` is not one. */
export function parseChineseNumber(s: string): number | undefined {
  const text = s.replace(/[\s,，]/g, '');
  if (!text || !WHOLE_NUMERAL.test(text)) return undefined;
  for (const [re, factor] of BIG_UNITS) {
    const m = re.exec(text);
    if (!m) continue;
    const left = text.slice(0, m.index);
    const right = text.slice(m.index + 1);
    // A bare 万 or 亿 is a word (万一, 亿万), not a figure.
    if (!left) return undefined;
    const l = parseChineseNumber(left);
    const r = right ? parseChineseNumber(right) : 0;
    if (l === undefined || r === undefined) return undefined;
    return l * factor + r;
  }
  const v = small(text);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** A figure written in Chinese numerals, found in running text. */
export interface ChineseNumber {
  /** The matched text, unit included (百分之三十, 伍拾万元, 十五个工作日). */
  text: string;
  /** Offset of `text` in the searched string. */
  index: number;
  /** The number (30 for 百分之三十, 500000 for 伍拾万元). */
  value: number;
  /** The unit after the numeral ('元', '年', '个工作日', …), '%' for 百分之…, '' when none. */
  unit: string;
}

// Longest first, so 个工作日 wins over 个.
const UNITS = ['个工作日', '工作日', '千瓦时', '平方米', '个月', '周岁', '元', '年', '月', '日', '天', '周', '次', '倍', '人', '家', '项', '班', '个', '层', '名', '岁', '台', '套', '间'];
const FIGURE = new RegExp(`(百分之)?([${CN_NUMERAL_CHARS}]+)(${UNITS.join('|')})?`, 'g');

/**
 * Figures written in Chinese numerals: a percentage (百分之三十), a numeral with a unit (三年,
 * 十五元) or one with a multiplier (八十万). Ordinals (第一条, 第三年) and bare digits in words
 * (统一, 一窗通办) are not figures and are skipped.
 */
export function findChineseNumbers(text: string): ChineseNumber[] {
  const out: ChineseNumber[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const [whole, percent, numeral = '', unit = ''] = m;
    const index = m.index ?? 0;
    if (text[index - 1] === '第') continue;
    if (!percent && !unit && !/[十拾百佰千仟万萬亿億]/.test(numeral)) continue;
    const value = parseChineseNumber(numeral);
    if (value === undefined) continue;
    out.push({ text: whole, index, value, unit: percent ? '%' : unit });
  }
  return out;
}
