import { describe, expect, it } from 'vitest';
import { contentTerms, detectLang, normalize, segment, tokenize } from '../../src/text/index.js';

describe('normalize', () => {
  it('folds full-width characters and collapses white space', () => {
    expect(normalize('ＡＢＣ１２３　总投资  ３０亿元\n\n')).toBe('ABC123 总投资 30亿元');
  });
  it('converts traditional to simplified', () => {
    expect(normalize('資興經開區')).toBe('资兴经开区');
  });
});

describe('tokenize', () => {
  it('keeps domain terms whole', () => {
    const t = tokenize('鹏博士在资兴经开区申请了助保贷');
    expect(t).toContain('鹏博士');
    expect(t).toContain('资兴经开区');
    expect(t).toContain('助保贷');
  });
  it('gives traditional input the same tokens as simplified', () => {
    expect(tokenize('資興經開區的助保貸')).toEqual(tokenize('资兴经开区的助保贷'));
  });
  it('gives full-width input the same tokens as half-width', () => {
    expect(tokenize('总投资３０亿元，ＡＢＣ')).toEqual(tokenize('总投资30亿元,ABC'));
  });
  it('drops stopwords and punctuation, lower-cases and stems English', () => {
    expect(tokenize('鹏博士算力中心总投资多少？')).not.toContain('多少');
    expect(tokenize('What are the Incentives for Enterprises?')).toEqual(['incentive', 'enterprise']);
  });
  it('segment keeps question words', () => {
    expect(segment('总投资多少？')).toContain('多少');
  });
});

describe('detectLang', () => {
  it('tells Chinese from English', () => {
    expect(detectLang('资兴有哪些优势产业？')).toBe('zh');
    expect(detectLang('How much tax relief has Zixing given?')).toBe('en');
    expect(detectLang('What is 助保贷?')).toBe('zh');
  });
});

describe('contentTerms', () => {
  const terms = (q: string) => contentTerms(q).map((t) => t.term);
  it('drops interrogatives, degree adverbs and function-character artefacts', () => {
    expect(terms('助保贷放出去多少钱了？')).not.toContain('多少钱');
    expect(terms('资兴招商最看重哪个地区？')).not.toContain('最');
    expect(terms('中健天诚入驻后要盘活哪家老企业？')).not.toContain('后要');
    expect(terms('中健天诚入驻后要盘活哪家老企业？')).toContain('盘活');
  });

  it('marks the word after an interrogative as the answer type, in Chinese and English', () => {
    const zh = contentTerms('市领导去过哪些城市招商？');
    expect(zh.find((t) => t.term === '城市')?.answerType).toBe(true);
    expect(zh.find((t) => t.term === '招商')?.answerType).toBeUndefined();
    const en = contentTerms('Which cities host liaison stations?');
    expect(en.find((t) => t.term === 'city')?.answerType).toBe(true);
    expect(en.find((t) => t.term === 'liaison')?.answerType).toBeUndefined();
  });

  it('tags parts of speech', () => {
    const t = contentTerms('资兴下周会下雨吗？');
    expect(t.find((x) => x.term === '下雨')?.pos).toMatch(/^v/);
    expect(t.find((x) => x.term === '下周')?.pos).toBe('t');
  });
});
