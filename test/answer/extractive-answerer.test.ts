import { describe, expect, it } from 'vitest';
import { ExtractiveAnswerer, selectQuotes } from '../../src/answer/extractive-answerer.js';
import { inventedFigures } from '../../tools/eval/answer-metrics.js';
import type { AnswerInput } from '../../src/core/ports.js';
import type { Lang, Passage } from '../../src/core/types.js';
import { PASSAGES, retrievalOf } from './fixtures.js';

const answerer = new ExtractiveAnswerer();
const ask = (question: string, passages: Passage[], lang: Lang = 'zh') => {
  const input: AnswerInput = { question, lang, history: [], retrieval: retrievalOf(passages) };
  return answerer.answer(input);
};

describe('ExtractiveAnswerer', () => {
  it('answers an amount question with the amount sentence, a marker and a sources footer', async () => {
    const a = await ask('鹏博士资兴算力中心总投资多少？', [PASSAGES.drPeng, PASSAGES.relief]);
    expect(a.answered).toBe(true);
    expect(a.text).toContain('30亿元');
    expect(a.text).toMatch(/30亿元。\[1\]/);
    expect(a.cited[0]).toBe(PASSAGES.drPeng);
    expect(a.text).toContain('来源：\n[1] 《鹏博士资兴算力中心项目》 knowledge/project/dr-peng.md');
    // The sentence without a figure is not what a 多少 question asks for.
    expect(a.text).not.toContain('一个缩影');
  });

  it('picks the sentence with the asked unit among several figures', async () => {
    const a = await ask('“助保贷”一共投放了多少资金？', [PASSAGES.relief]);
    expect(a.text).toContain('4440万元');
    const b = await ask('优化营商环境的措施有多少条？', [PASSAGES.relief]);
    expect(b.text).toContain('20条');
  });

  it('answers 哪家公司 with the sentence naming the company', async () => {
    const a = await ask('氢能船舶项目是哪家公司投资的？', [PASSAGES.hydrogen, PASSAGES.drPeng]);
    expect(a.text).toContain('中健天诚环保产业有限公司');
    expect(a.cited[0]).toEqual(PASSAGES.hydrogen);
  });

  it('answers 什么时候 with the date', async () => {
    const a = await ask('氢能船舶产业示范区项目计划什么时候投产？', [PASSAGES.hydrogen]);
    expect(a.text).toContain('7月份');
  });

  it('answers 哪些 with the list sentence', async () => {
    const a = await ask('资兴有哪些优势产业？', [PASSAGES.industries, PASSAGES.drPeng]);
    for (const f of ['大数据', '文旅康养', '硅材料', '新能源', '新材料', '电子信息']) expect(a.text).toContain(f);
  });

  it('numbers markers in citation order across passages', async () => {
    const a = await ask('资兴减税降费多少？投放“助保贷”多少？', [PASSAGES.drPeng, PASSAGES.relief]);
    expect(a.cited[0]).toBe(PASSAGES.relief);
    const markers = [...a.text.split('\n\n')[0]!.matchAll(/\[(\d)\]/g)].map((m) => Number(m[1]));
    expect(Math.max(...markers)).toBe(a.cited.length);
  });

  it('never states a figure that is not in a cited passage', async () => {
    for (const q of ['鹏博士资兴算力中心总投资多少？', '首批招商大使有多少名？', '资兴帮企业减税降费了多少？']) {
      const a = await ask(q, Object.values(PASSAGES));
      expect(inventedFigures(a.text, a.cited.map((p) => p.text))).toEqual([]);
    }
  });

  it('refuses when no sentence carries what was asked (a price per mu)', async () => {
    const a = await ask('资兴工业用地每亩多少钱？', [PASSAGES.drPeng, PASSAGES.relief]);
    expect(a.answered).toBe(false);
    expect(a.handoffOffered).toBe(true);
    expect(a.cited).toEqual([]);
    expect(a.text).not.toMatch(/\d/);
  });


  it('frames an English answer and prefers the English passage', async () => {
    const a = await ask('How much tax and fee relief has Zixing given to enterprises?', [PASSAGES.relief, PASSAGES.reliefEn], 'en');
    expect(a.text).toMatch(/^According to the bureau's documents: /);
    expect(a.text).toContain('382 million');
    expect(a.cited).toEqual([PASSAGES.reliefEn]);
    expect(a.text).toContain('Sources:\n[1] Zixing investment policies — overview — knowledge/en/policies.md');
  });

  it('quotes Chinese text under an English frame when no English passage answers', async () => {
    // Was `if (a.answered) expect(…)`: the question it asked got a refusal, so the test passed asserting nothing.
    const a = await ask('What is the total investment of the 鹏博士资兴算力中心 project?', [PASSAGES.drPeng], 'en');
    expect(a.answered).toBe(true);
    expect(a.text).toMatch(/^According to the bureau's documents \(quoted in the original Chinese\): /);
    expect(a.text).toContain('总投资估算30亿元');
    expect(a.cited).toEqual([PASSAGES.drPeng]);
  });

  it('treats an instruction inside a passage as text and never quotes it', async () => {
    const a = await ask('首批招商大使有多少名？', [PASSAGES.planted]);
    expect(a.answered).toBe(true);
    expect(a.text).toContain('11名');
    expect(a.text).not.toContain('忽略');
    expect(a.text).not.toContain('1元');
  });

  it('removes near-duplicate sentences from overlapping chunks', () => {
    const overlap = { ...PASSAGES.drPeng, id: 'p-drpeng-2', text: `项目建设总用地面积约20亩，总投资估算30亿元。${PASSAGES.drPeng.text.slice(0, 20)}` };
    const sel = selectQuotes('鹏博士算力中心项目用地面积有多大？', 'zh', [PASSAGES.drPeng, overlap]);
    expect(sel?.quotes.filter((q) => q.text.includes('20亩'))).toHaveLength(1);
  });

  it('streams the composed text once through onDelta', async () => {
    const deltas: string[] = [];
    const a = await answerer.answer({ question: '资兴有哪些优势产业？', lang: 'zh', history: [], retrieval: retrievalOf([PASSAGES.industries]) }, { onDelta: (d) => deltas.push(d) });
    expect(deltas.join('')).toBe(a.text);
  });

  it('never answers from a sentence that only states a gap or refers to staff', async () => {
    const gap: Passage = { ...PASSAGES.drPeng, id: 'p-gap', text: '鹏博士资兴算力中心项目的具体选址、建设工期和算力规模，在本资料中没有介绍。如需了解，请咨询招商部门工作人员。' };
    const a = await ask('鹏博士资兴算力中心的建设工期多长？', [gap]);
    expect(a.answered).toBe(false);
  });

  it('keeps a fact whose aside says the year is not given', async () => {
    const p: Passage = { ...PASSAGES.hydrogen, id: 'p-aside', text: '国家（郴州）氢能船舶综合产业创新示范区项目计划7月份正式投产（报道未注明年份）。' };
    const a = await ask('氢能船舶项目什么时候投产？', [p]);
    expect(a.text).toContain('7月份');
  });



  it('skips glossary lines and chunk-start fragments', async () => {
    const glossary: Passage = { ...PASSAGES.reliefEn, id: 'p-gloss', text: '助保贷 — Zhubaodai guaranteed loans\n减税降费 — tax and fee relief' };
    const fragment: Passage = { ...PASSAGES.reliefEn, id: 'p-frag', text: 'and fee relief of RMB 382 million, the report says. Nothing else.' };
    const a = await ask('What is tax and fee relief?', [glossary, fragment], 'en');
    expect(a.answered).toBe(false);
  });
});

describe('ExtractiveAnswerer judges as the question service did', () => {
  it('uses the verdict the service read from the whole message, not one of the question alone', async () => {
    const question = '氢能船舶产业示范区项目计划什么时候投产？';
    const base = { question, lang: 'zh' as const, history: [], retrieval: retrievalOf([PASSAGES.hydrogen]) };
    const verdict = (offTopic: number) => ({
      intent: offTopic > 0.5 ? 'off_topic' : 'question',
      confidence: Math.max(offTopic, 1 - offTopic),
      probabilities: { question: 1 - offTopic, lead: 0, handoff: 0, smalltalk: 0, off_topic: offTopic, injection: 0 },
    });
    expect((await answerer.answer({ ...base, understood: { followUp: false, intent: verdict(0.02) } })).answered).toBe(true);
    // The same question, told that the message was plainly off-topic: the answerability model weighs that.
    expect((await answerer.answer({ ...base, understood: { followUp: false, intent: verdict(0.99) } })).answered).toBe(false);
  });
});
