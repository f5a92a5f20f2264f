import { describe, expect, it } from 'vitest';
import { findChineseNumbers, parseChineseNumber } from '../../src/text/index.js';

describe('parseChineseNumber', () => {
  it('reads ordinary numerals', () => {
    expect(['三', '十', '十五', '二十', '三十', '一百零五', '四十五', '两'].map(parseChineseNumber)).toEqual([3, 10, 15, 20, 30, 105, 45, 2]);
  });
  it('reads financial numerals and multipliers', () => {
    expect(parseChineseNumber('伍拾万')).toBe(500_000);
    expect(parseChineseNumber('叁拾万')).toBe(300_000);
    expect(parseChineseNumber('贰仟万')).toBe(20_000_000);
    expect(parseChineseNumber('八十万')).toBe(800_000);
    expect(parseChineseNumber('一亿二千万')).toBe(120_000_000);
    expect(parseChineseNumber('3.5万')).toBe(35_000);
    expect(parseChineseNumber('3千')).toBe(3000);
  });
  it('reads digit-by-digit numerals positionally', () => {
    expect(parseChineseNumber('二〇二六')).toBe(2026);
  });
  it('refuses what is not a numeral', () => {
    expect(parseChineseNumber('万')).toBeUndefined();
    expect(parseChineseNumber('资兴')).toBeUndefined();
    expect(parseChineseNumber('')).toBeUndefined();
  });
});

describe('findChineseNumbers', () => {
  it('finds percentages, amounts and periods with their units', () => {
    const found = findChineseNumbers('按实际运费的百分之二十给予补贴，最高伍拾万元，期限三年，十五个工作日内办结。');
    expect(found.map(({ value, unit }) => [value, unit])).toEqual([
      [20, '%'],
      [500_000, '元'],
      [3, '年'],
      [15, '个工作日'],
    ]);
    expect(found[1]!.text).toBe('伍拾万元');
  });
  it('skips ordinals and numerals inside words', () => {
    expect(findChineseNumbers('第一条 统一受理，一窗通办；第三年起')).toEqual([]);
  });
});
