import { describe, expect, it } from 'vitest';
import { FEATURES, hasUnit } from '../../src/answer/question-analysis.js';
import { abbreviates, wordCredit } from '../../src/answer/term-match.js';

describe('abbreviations', () => {
  it('credit a short word whose characters lead the parts of a longer word, in order', () => {
    expect(abbreviates('股改', '完成股份制改造并取得新营业执照')).toBe(true);
    expect(abbreviates('研发', '企业研究开发费用')).toBe(true);
    expect(abbreviates('经开区', '资兴经济技术开发区')).toBe(true);
    expect(wordCredit('股改', false, '完成股份制改造')).toBeGreaterThan(0.5);
    expect(wordCredit('股改', false, '完成股份制改造')).toBeLessThan(1);
  });

  it('do not credit characters scattered across words, punctuation, or the word itself', () => {
    expect(abbreviates('股改', '股票发行，改革')).toBe(false);
    expect(abbreviates('股改', '股份公司名称变更后改名')).toBe(false);
    expect(abbreviates('补帖', '购房补贴')).toBe(false);
    expect(abbreviates('股改', '股改')).toBe(false);
  });
});

describe('article numbers are not amounts', () => {
  it('第九条 and 第3项 carry no count; 三条措施 and 12家 do', () => {
    expect(FEATURES.amount.test('第九条 申请奖励应提交下列材料')).toBe(false);
    expect(FEATURES.amount.test('依照第3项办理')).toBe(false);
    expect(FEATURES.amount.test('出台三条措施')).toBe(true);
    expect(FEATURES.amount.test('引进12家企业')).toBe(true);
    // A number of months or working days is a duration, not an amount ("给多少" is not answered by it).
    expect(FEATURES.amount.test('应在来资兴工作之日起六个月内提出')).toBe(false);
    expect(FEATURES.amount.test('5个工作日内办结')).toBe(false);
    expect(FEATURES.duration.test('应在来资兴工作之日起六个月内提出')).toBe(true);
    expect(FEATURES.amount.test('设立3个服务站')).toBe(true);
    expect(hasUnit('第十二条 附则', '条')).toBe(false);
    expect(hasUnit('共十二条', '条')).toBe(true);
  });
});

describe('a self-introduction before the question', () => {
  it('weighs the asking sentence’s words over the introduction’s', async () => {
    const { analyzeQuestion } = await import('../../src/answer/question-analysis.js');
    const q = analyzeQuestion('我们是一家做茶叶的小公司，团队六个人，打算在资兴做直播。请问投放推广的费用有补贴吗？');
    const w = (text: string) => q.terms.find((t) => t.text === text)?.weight;
    expect(w('推广')).toBe(1);
    expect(w('茶叶')).toBeLessThan(0.5);
    expect(w('团队')).toBeLessThan(0.5);
  });

  it('leaves a short question, and one whose asking sentence names nothing, as it is', async () => {
    const { analyzeQuestion } = await import('../../src/answer/question-analysis.js');
    expect(analyzeQuestion('茶叶企业投放推广的费用有补贴吗？').terms.find((t) => t.text === '茶叶')?.weight).toBe(1);
    const q = analyzeQuestion('我们公司去年12月完成了辅导备案，当时忙着准备材料，现在过了期限。怎么办？');
    expect(q.terms.find((t) => t.text === '辅导')?.weight ?? q.terms.find((t) => t.text.includes('备案'))?.weight).toBeGreaterThanOrEqual(1);
  });
});

describe('figures named by what they are', () => {
  it('a share of a reference price is a price; 办理时限 asks a duration', async () => {
    const { analyzeQuestion } = await import('../../src/answer/question-analysis.js');
    expect(FEATURES.price.test('第三年,直播间租金:按市场价的百分之七十收取')).toBe(true);
    expect(FEATURES.price.test('按指导价的80%收取')).toBe(true);
    expect(FEATURES.price.test('投资额的百分之三给予奖励')).toBe(false);
    expect(analyzeQuestion('办理时限是如何规定的？').asks.has('duration')).toBe(true);
  });
});

describe('grounding an off-topic verdict in what was retrieved', () => {
  it('holds for a Chinese question the passages plainly state, not for a weak match or English', async () => {
    const { groundedInPassages, asQuestion } = await import('../../src/answer/answer-gate.js');
    const signals = { confidence: 0.7, relevant: 1, topScore: 0.7, best: 0.8, second: 0.5, coverage: 0.8, own: 0.7, requiredOk: 1, asksRequired: 1, nameMissing: 0, detailMissing: 0, sameLang: 1, stated: 0.9, heavyMissing: 0, english: 0, followUp: 0, outOfScope: 0.6, smalltalk: 0, linkedQuestion: 0, yesNo: 0 };
    const judged = (over: Partial<typeof signals>) => ({ selection: undefined, signals: { ...signals, ...over } });
    expect(groundedInPassages(judged({}), 'zh')).toBe(true);
    expect(groundedInPassages(judged({}), 'en')).toBe(false);
    expect(groundedInPassages(judged({ stated: 0.4 }), 'zh')).toBe(false);
    expect(groundedInPassages(judged({ heavyMissing: 0.5 }), 'zh')).toBe(false);
    expect(groundedInPassages(judged({ confidence: 0.3 }), 'zh')).toBe(false);
    const v = asQuestion({ intent: 'off_topic', confidence: 0.6, probabilities: { question: 0.3, lead: 0.05, handoff: 0.02, smalltalk: 0.02, off_topic: 0.6, injection: 0.01 } });
    expect(v.intent).toBe('question');
    expect(v.probabilities.off_topic).toBe(0);
    expect(v.probabilities.question).toBeCloseTo(0.9);
  });
});

describe('details stated by what they name', () => {
  it('补贴标准 by a figure of the subsidy, 办理时限 by a duration, 申请条件 by requirement wording', async () => {
    const { candidateSentences } = await import('../../src/answer/sentence-selection.js');
    const passage = (text: string) => ({ id: 'p', docId: 'd', path: 'knowledge/policy/new/x.txt', title: '办法', headingPath: [], text, score: 0.6, lang: 'zh' as const });
    const missing = (q: string, text: string) => candidateSentences(q, 'zh', [passage(text)])[0]?.features.detailMissing;
    expect(missing('购买办公用房的补贴标准如何规定？', '购买自用办公用房的，按购房价款的10%给予一次性补贴，最高不超过三百万元。')).toBe(0);
    expect(missing('购买办公用房的补贴标准如何规定？', '购买自用办公用房的，可申请入驻人才公寓。')).toBe(1);
    expect(missing('从签订协议到取得施工许可证，办理时限是怎样的？', '从签订投资协议到取得施工许可证，全流程不超过四十五个工作日。')).toBe(0);
    expect(missing('进后备库的申请条件是什么？', '入库企业须上年度营业收入1000万元以上。')).toBe(0);
    expect(missing('进后备库的申请条件是什么？', '后备企业库每年6月建立。')).toBe(1);
  });
});
