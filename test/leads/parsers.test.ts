import { describe, expect, it } from 'vitest';
import { parseCnNumber, parseEnNumberWords } from '../../src/leads/numbers.js';
import { extractLeadFields, parseAmount, parseArea, parseCompany, parseIndustry, parsePhone, parseTimeline, parseWechat } from '../../src/leads/parsers.js';

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
});

describe('parsePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['电话 138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['+8613912345678', '13912345678'],
    ['0735-2345678', '0735-2345678'],
    ['座机 0735 2345678', '0735-2345678'],
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
});

describe('parseAmount (万元)', () => {
  it.each([
    ['计划投资2亿元', 20_000, 'CNY'],
    ['5000万元', 5_000, 'CNY'],
    ['三千万', 3_000, 'CNY'],
    ['两亿', 20_000, 'CNY'],
    ['3.5亿元人民币', 35_000, 'CNY'],
    ['1千万', 1_000, 'CNY'],
    ['about two hundred million yuan', 20_000, 'CNY'],
    ['$20 million', 2_000, 'USD'],
    ['USD 1.5 billion', 150_000, 'USD'],
    ['RMB 300 million', 30_000, 'CNY'],
  ])('%s → %d %s', (text, wan, currency) => expect(parseAmount(text)?.value).toEqual({ amountWan: wan, currency }));

  it('keeps the original text', () => expect(parseAmount('投资2亿元建厂')?.text).toBe('2亿元'));
});

describe('parseArea', () => {
  it.each([
    ['用地50亩', 50, 'mu'],
    ['五十亩', 50, 'mu'],
    ['3000平方米', 3000, 'm2'],
    ['3000平米厂房', 3000, 'm2'],
    ['5000㎡', 5000, 'm2'],
    ['5,000 square metres', 5000, 'm2'],
    ['100 acres', 100, 'acre'],
  ])('%s → %d %s', (text, value, unit) => expect(parseArea(text)?.value).toEqual({ value, unit }));
});

describe('company, industry, timeline, WeChat', () => {
  it('finds company names and skips descriptions', () => {
    expect(parseCompany('我们是深圳市华芯电子科技有限公司，计划投资')?.value).toBe('深圳市华芯电子科技有限公司');
    expect(parseCompany('我司湖南鑫源集团')?.value).toBe('湖南鑫源集团');
    expect(parseCompany('We are Acme Robotics, planning to invest')?.value).toBe('Acme Robotics');
    expect(parseCompany('We are Acme Robotics. We plan to build a factory')?.value).toBe('Acme Robotics');
    expect(parseCompany('This is Zeta Co. Ltd in Shenzhen')?.value).toBe('Zeta Co');
    expect(parseCompany('我们是深圳一家电子信息公司')).toBeUndefined();
  });
  it.each([
    ['做芯片封装', '电子信息'],
    ['数据中心', '大数据'],
    ['光伏组件', '新能源'],
    ['康养旅游', '文旅康养'],
  ])('industry %s → %s', (text, label) => expect(parseIndustry(text)?.value).toBe(label));
  it('labels industries in English for English users', () => expect(parseIndustry('we make solar panels', 'en')?.value).toBe('new energy'));
  it.each(['明年上半年', '今年10月', 'Q3', '3个月内', '半年内', 'within 6 months', 'next year', 'by the end of 2027'])('timeline %s', (t) => expect(parseTimeline(`计划 ${t} 开工`)?.value ?? parseTimeline(t)?.value).toBeTruthy());
  it('does not read an amount as a month', () => expect(parseTimeline('投资2亿元')).toBeUndefined());
  it('finds WeChat ids', () => {
    expect(parseWechat('微信 zhang_san88')?.value).toBe('zhang_san88');
    expect(parseWechat('WeChat: anna2026')?.value).toBe('anna2026');
    expect(parseWechat('微信同手机号')?.value).toBe('same_as_phone');
  });
});

describe('extractLeadFields', () => {
  it('takes several fields from one message', () => {
    const ex = extractLeadFields('我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，需要用地50亩，明年开工，联系人张三，电话13800138000');
    expect(ex.fields).toMatchObject({
      company: '深圳市华芯电子科技有限公司',
      industry: '电子信息',
      investment: { amountWan: 20_000, currency: 'CNY', text: '2亿元' },
      landOrSpace: { value: 50, unit: 'mu' },
      timeline: '明年',
      contactName: '张三',
      phone: '13800138000',
    });
  });
  it('takes several fields from English', () => {
    const ex = extractLeadFields('We are Acme Robotics, planning to invest $20 million, need 5,000 square metres within 6 months', 'en');
    expect(ex.fields).toMatchObject({ company: 'Acme Robotics', investment: { amountWan: 2000, currency: 'USD' }, landOrSpace: { value: 5000, unit: 'm2' }, timeline: 'within 6 months' });
  });
});
