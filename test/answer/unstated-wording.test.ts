/**
 * Colloquial wordings no retrieved passage states (放出去, 担任, lent): demoted when another word of
 * the question anchors the material, so they no longer cause refusals; never when the topic itself
 * is missing (天气, GDP, another city).
 */
import { describe, expect, it } from 'vitest';
import { gateAnswers } from './fixtures.js';
import { relaxUnstated, selectQuotes } from '../../src/answer/extractive-answerer.js';
import { analyzeQuestion } from '../../src/answer/question-analysis.js';
import type { Passage } from '../../src/core/types.js';

function passage(id: string, title: string, text: string, lang: 'zh' | 'en' = 'zh'): Passage {
  return { id, docId: `knowledge/${id}.md`, title, path: `knowledge/${id}.md`, headingPath: [], text, score: 0.7, lang };
}

const loans = passage('loans', '企业帮扶与纾困行动', '通过企业“两员”帮扶、纾困增效行动等举措，资兴投放“助保贷”4440万元。');
const ambassadors = passage('ambassadors', '资兴招商网络', '资兴选聘了11名优秀企业家，作为首批招商大使。');
const loansEn = passage('loans-en', 'Zixing investment policies — overview', 'Through the same actions, Zixing has issued RMB 44.4 million (4440万元) of Zhubaodai (助保贷) guaranteed loans.', 'en');

describe('question terms carry their part of speech', () => {
  it('tags verbs and nouns', () => {
    const q = analyzeQuestion('助保贷放出去多少钱了？', 'zh');
    expect(q.terms.find((t) => t.text === '放出去')?.pos).toBe('v');
    expect(q.terms.find((t) => t.text === '助保贷')?.pos).toMatch(/^n/);
  });
});

describe('relaxUnstated', () => {
  it('demotes a verb no passage states when a stated word anchors the question', () => {
    const q = relaxUnstated(analyzeQuestion('助保贷放出去多少钱了？', 'zh'), [loans]);
    expect(q.terms.find((t) => t.text === '放出去')!.weight).toBeLessThan(0.5);
    expect(q.terms.find((t) => t.text === '助保贷')!.weight).toBeGreaterThanOrEqual(1);
  });

  it('leaves nouns alone: a missing topic (another city, weather) is not a wording', () => {
    const q = relaxUnstated(analyzeQuestion('长沙的助保贷投放了多少？', 'zh'), [loans]);
    expect(q.terms.find((t) => t.text === '长沙')!.weight).toBeGreaterThanOrEqual(1);
  });

  it('demotes nothing when no real word of the question is stated', () => {
    const before = analyzeQuestion('资兴明天会下雨吗？', 'zh');
    expect(relaxUnstated(before, [loans])).toBe(before);
  });

  it('demotes English verb forms only', () => {
    const q = relaxUnstated(analyzeQuestion('How much money has been lent through Zhubaodai?', 'en'), [loansEn]);
    expect(q.terms.find((t) => t.text === 'lent')!.weight).toBeLessThan(0.5);
    expect(q.terms.find((t) => t.text === 'zhubaodai')!.weight).toBe(1);
  });
});

describe('selection with colloquial wordings', () => {
  it('answers a figure question worded colloquially', () => {
    const sel = selectQuotes('助保贷放出去多少钱了？', 'zh', [loans]);
    expect(sel?.quotes.map((q) => q.text).join('')).toContain('4440万元');
  });

  it('answers who fills a role worded with 担任', () => {
    const sel = selectQuotes('招商大使是什么人担任的？', 'zh', [ambassadors]);
    expect(sel?.quotes.map((q) => q.text).join('')).toContain('企业家');
  });

  it('answers an English question with a verb the English passage words differently', () => {
    const sel = selectQuotes('How much money has been lent through Zhubaodai?', 'en', [loansEn]);
    expect(sel?.quotes.map((q) => q.text).join('')).toContain('44.4 million');
  });


});

describe('English question words and wordings', () => {
  it('drops interrogative fillers (money, fast, through) from the content terms', () => {
    const terms = analyzeQuestion('How fast is money lent through Zhubaodai?', 'en').terms.map((t) => t.text);
    expect(terms).not.toContain('money');
    expect(terms).not.toContain('fast');
    expect(terms).not.toContain('through');
  });

  it('matches problem/difficulty and begin/start as the same thing', () => {
    const respond = passage('respond-en', 'Services for investors', 'When a company reports a difficulty, Zixing commits to respond at once and to act on it within one minute.', 'en');
    const sel = selectQuotes('How fast does the government respond to company problems?', 'en', [respond]);
    expect(sel?.quotes.map((q) => q.text).join('')).toContain('one minute');
    const begin = analyzeQuestion('When will production begin?', 'en').terms.find((t) => t.text === 'begin');
    expect(begin?.alternatives).toContain('start');
  });
});

describe('rates, taxes and staff are measured things', () => {
  const drPeng = passage('dr-peng', '鹏博士资兴算力中心项目', '鹏博士资兴算力中心项目建设总用地面积约20亩，总投资估算30亿元。');
  const relief = passage('relief', '企业帮扶与纾困行动', '通过企业“两员”帮扶、纾困增效行动等举措，资兴帮助经济实体减税降费3.82亿元。');


  it('still answers when the sentence names what is measured', () => {
    const pick = selectQuotes('资兴帮企业减了多少税？', 'zh', [relief]);
    expect(pick?.quotes.map((q) => q.text).join('')).toContain('3.82亿元');
  });
});
