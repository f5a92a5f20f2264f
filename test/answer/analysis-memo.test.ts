import { afterAll, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/question-analysis.js';
import { useBridge } from '../../src/text/bridge.js';
import { currentThesaurus, parseThesaurus, useThesaurus } from '../../src/text/thesaurus.js';

const shipped = currentThesaurus();
afterAll(() => {
  useBridge([]);
  useThesaurus(shipped);
});

const alternativesOf = (q: string, word: string, lang: 'zh' | 'en') => analyzeQuestion(q, lang).terms.find((t) => t.text === word)?.alternatives ?? [];

describe('the analysis of a recent question is reused only with the word knowledge it was made with', () => {
  it('gives the same analysis for the same question, and a new one once another bridge is in use', () => {
    useBridge([]);
    const q = 'Is there a rent subsidy?';
    expect(analyzeQuestion(q, 'en')).toBe(analyzeQuestion(q, 'en'));
    expect(alternativesOf(q, 'rent', 'en')).not.toContain('租金');
    useBridge([{ en: ['rent'], zh: '租金' }]);
    expect(alternativesOf(q, 'rent', 'en')).toContain('租金');
  });

  it('gives a new analysis once another thesaurus is in use', () => {
    const q = '资兴的厂房租金多少';
    useThesaurus(parseThesaurus('厂房 标准厂房 车间'));
    expect(alternativesOf(q, '厂房', 'zh')).toContain('车间');
    useThesaurus(parseThesaurus('厂房 标准厂房'));
    expect(alternativesOf(q, '厂房', 'zh')).not.toContain('车间');
  });
});
