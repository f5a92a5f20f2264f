import { describe, expect, it } from 'vitest';
import { detectLang, normalize, segment, tokenize } from '../../src/text/index.js';

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
