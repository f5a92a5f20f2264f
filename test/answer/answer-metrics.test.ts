import { describe, expect, it } from 'vitest';
import { factHit, inventedFigures, scoreAnswers, type EvalCase, type EvalReply } from '../../tools/eval/answer-metrics.js';

const reply = (id: string, answer: string, extra: Partial<EvalReply> = {}): EvalReply => ({
  id,
  answer,
  answered: true,
  intent: 'question',
  handoffOffered: false,
  sources: [{ title: 't', path: 'knowledge/a.md', score: 0.9, text: '减税降费3.82亿元，投放“助保贷”4440万元。' }],
  ...extra,
});

describe('answer metrics', () => {
  it('matches facts after NFKC and white-space removal, inner arrays meaning any one', () => {
    expect(factHit('减税降费 3.82 亿元', ['3.82亿'])).toBe(true);
    expect(factHit('ＲＭＢ 382 million', [['3.82', '382 million']])).toBe(true);
    expect(factHit('广州、佛山', ['广州', '长沙'])).toBe(false);
  });

  it('finds invented figures in the body only, not in markers or the sources footer', () => {
    const text = '减税降费3.82亿元。[1]另有500万元。[2]\n\n来源：\n[1] 《2023年政策》 knowledge/2023/a.md';
    expect(inventedFigures(text, ['减税降费3.82亿元'])).toEqual(['500万']);
  });

  it('scores accuracy, refusals and invented figures', () => {
    const cases: EvalCase[] = [
      { id: 'a', question: 'q', expect: { facts: ['3.82亿'] } },
      { id: 'b', question: 'q', expect: { facts: ['4440万'] } },
      { id: 'c', question: 'q', expect: { answered: false, handoffOffered: true } },
      { id: 'd', question: 'q', expect: { answered: false } },
      { id: 'e', question: 'q', expect: { intent: 'handoff' } },
    ];
    const replies = [
      reply('a', '减税降费3.82亿元。[1]'),
      reply('b', '投放助保贷5000万元。[1]'),
      reply('c', '资料库中没有找到。', { answered: false, handoffOffered: true, sources: [] }),
      reply('d', '没有找到。', { answered: false, sources: [] }),
      reply('e', '好的，正在为您转接。', { intent: 'handoff', answered: false }),
    ];
    const s = scoreAnswers(cases, replies);
    expect(s.answerAccuracy).toBe(0.5);
    expect(s.retrievalAccuracy).toBe(1);
    expect(s.refusalCorrect).toBe(2);
    expect(s.repliesWithInventedFigures).toBe(1);
    expect(s.cases.find((c) => c.id === 'e')!.pass).toBe(true);
  });

  it('a refusal without the expected hand-off, or with a figure, is wrong', () => {
    const cases: EvalCase[] = [{ id: 'c', question: 'q', expect: { answered: false, handoffOffered: true } }];
    expect(scoreAnswers(cases, [reply('c', '没有找到。', { answered: false })]).refusalCorrect).toBe(0);
    expect(scoreAnswers(cases, [reply('c', '大约每亩20万元。', { answered: false, handoffOffered: true })]).refusalCorrect).toBe(0);
  });
});
