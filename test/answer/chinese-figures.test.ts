/**
 * Figures written in Chinese numerals (三年, 百分之三十, 伍拾万元) carry the asked figure as digits do:
 * the same sentence with digits or with numerals is chosen for "几年 / 多少".
 */
import { describe, expect, it } from 'vitest';
import { selectQuotes } from '../../src/answer/sentence-selection.js';
import type { Passage } from '../../src/core/types.js';

const passage = (text: string): Passage => ({ id: 'p', docId: 'd', path: 'knowledge/policy/x.pdf', title: '租金补贴实施细则', headingPath: [], text, score: 0.5, lang: 'zh' }) as Passage;
const doc = (n: { years: string; share: string; cap: string }) =>
  `第五条 补贴按年度兑现，由管委会负责审核。租金补贴期限最长不超过${n.years}。第六条 第三年补贴租金的${n.share}。第七条 同一企业年度补贴累计不超过${n.cap}。`;

describe('figures in Chinese numerals', () => {
  const digits = doc({ years: '3年', share: '30%', cap: '50万元' });
  const numerals = doc({ years: '三年', share: '百分之三十', cap: '伍拾万元' });
  it.each([
    ['租金补贴期限最长多久？', ['3年', '三年']],
    ['第三年补贴租金的多少？', ['30%', '百分之三十']],
    ['一年补贴累计最多多少钱？', ['50万元', '伍拾万元']],
  ])('%s', (question, [withDigits, withNumerals]) => {
    const a = selectQuotes(question, 'zh', [passage(digits)]);
    const b = selectQuotes(question, 'zh', [passage(numerals)]);
    expect(a?.best.display).toContain(withDigits);
    expect(b?.best.display).toContain(withNumerals);
    expect(b!.best.features.requiredOk).toBe(a!.best.features.requiredOk);
    expect(b!.best.features.hasFigure).toBe(1);
  });
});
