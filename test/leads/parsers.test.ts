import { describe, expect, it } from 'vitest';
import { parseCnNumber, parseEnNumberWords, parseNumberExpr } from '../../src/leads/numbers.js';
import { looksLikeWechatId, parsePhone } from '../../src/leads/parsers.js';
import { scanLexical, type Candidate } from '../../src/text/lexical-scan.js';

const ofKind = <K extends Candidate['kind']>(text: string, kind: K): Extract<Candidate, { kind: K }>[] =>
  scanLexical(text).candidates.filter((c): c is Extract<Candidate, { kind: K }> => c.kind === kind);

describe('numbers', () => {
  it.each([
    ['五十', 50],
    ['十二', 12],
    ['三千五百', 3500],
    ['两', 2],
    ['一百零五', 105],
  ])('Chinese numeral %s → %d', (s, n) => expect(parseCnNumber(s)).toBe(n));
  it.each([
    ['two hundred million', 200_000_000],
    ['twenty five', 25],
    ['one billion', 1e9],
    ['three hundred and fifty thousand', 350_000],
  ])('English words %s → %d', (s, n) => expect(parseEnNumberWords(s)).toBe(n));
  it.each([
    ['5000万', 5e7],
    ['2.5个亿', 2.5e8],
    ['一亿五', 1.5e8],
    ['一万五千', 15_000],
    ['1.5万', 15_000],
    ['5千万', 5e7],
    ['wuqian wan', 5e7],
    ['liang ge yi', 2e8],
    ['2 yi', 2e8],
  ])('number expression %s → %d', (s, n) => expect(parseNumberExpr(s)).toBe(n));
});

describe('parsePhone (a format, not a meaning)', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['电话 138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['+8613912345678', '13912345678'],
    ['１３９１２３４５６７８', '13912345678'],
    ['0735-2345678', '0735-2345678'],
    ['Please call back at 0731-88886666.', '0731-88886666'],
    ['010-12345678', '010-12345678'],
  ])('%s → %s', (text, value) => expect(parsePhone(text)).toMatchObject({ ok: true, value }));

  it('reports a ten-digit number as invalid, with its length', () => {
    expect(parsePhone('我的电话1380013800')).toMatchObject({ ok: false, reason: 'length', digits: 10 });
  });

  it('ignores amounts, areas and years', () => {
    expect(parsePhone('投资20000000元')).toBeUndefined();
    expect(parsePhone('需要50000平方米')).toBeUndefined();
    expect(parsePhone('2026年')).toBeUndefined();
  });

  it('knows a WeChat id by its shape', () => {
    expect(looksLikeWechatId('hx_zhang2026')).toBe(true);
    expect(looksLikeWechatId('华芯电子')).toBe(false);
    expect(looksLikeWechatId('hello')).toBe(false);
  });
});

describe('lexical scanner: amounts with their units', () => {
  it.each([
    ['计划投资2亿元', 20_000, 'CNY'],
    ['1个亿', 10_000, 'CNY'],
    ['八千万', 8_000, 'CNY'],
    ['五千万左右', 5_000, 'CNY'],
    ['3000万到5000万', 5_000, 'CNY'],
    ['1-2亿', 20_000, 'CNY'],
    ['3.5亿元人民币', 35_000, 'CNY'],
    ['一亿五', 15_000, 'CNY'],
    ['两千万美金', 2_000, 'USD'],
    ['$20 million', 2_000, 'USD'],
    ['USD 1.5 billion', 150_000, 'USD'],
    ['RMB 30 to 50 million', 5_000, 'CNY'],
    ['about two hundred million yuan', 20_000, 'CNY'],
    ['wuqian wan zuoyou', 5_000, 'CNY'],
  ])('%s → %d万 %s', (text, wan, currency) => {
    expect(ofKind(text, 'amount').map((c) => [c.amountWan, c.currency])).toEqual([[wan, currency]]);
  });

  it('keeps the verbatim words of an amount, traditional characters included', () => {
    expect(ofKind('我們計劃投資三千萬到五千萬', 'amount')[0]).toMatchObject({ text: '三千萬到五千萬', amountWan: 5000, range: true });
  });

  it('offers no amount inside an area, a tonnage or a headcount', () => {
    expect(ofKind('需要2万平方米厂房', 'amount')).toEqual([]);
    expect(ofKind('年产10万吨', 'amount')).toEqual([]);
    expect(ofKind('员工300人', 'amount')).toEqual([]);
    expect(ofKind('需要2万平方米厂房', 'area')).toMatchObject([{ value: 20_000, unit: 'm2', text: '2万平方米' }]);
  });
});

describe('lexical scanner: areas, times, phrases', () => {
  it.each([
    ['用地50亩', 50, 'mu'],
    ['五十畝', 50, 'mu'],
    ['3000平米厂房', 3000, 'm2'],
    ['5000㎡', 5000, 'm2'],
    ['一萬五千平方米', 15_000, 'm2'],
    ['5,000 square metres', 5000, 'm2'],
    ['30 acres左右', 30, 'acre'],
    ['12英亩', 12, 'acre'],
  ])('%s → %d %s', (text, value, unit) => expect(ofKind(text, 'area').map((c) => [c.value, c.unit])).toEqual([[value, unit]]));

  it.each(['明年上半年', '今年年底前', '三个月内', 'Q3 next year', 'second half of next year', 'within 6 months', '2026年前'])('finds the time expression %s', (t) => {
    expect(ofKind(`计划 ${t} 开工`, 'time').map((c) => c.text)).toContain(t);
  });

  it('offers a founding year as a time candidate too: the scorer, not the scanner, rejects it', () => {
    expect(ofKind('公司成立于2012年', 'time').map((c) => c.text)).toEqual(['2012年']);
  });

  it('offers the words after 是 as a phrase of their own', () => {
    expect(ofKind('公司名不对，是华芯科技', 'phrase').map((c) => c.text)).toContain('华芯科技');
  });
});
