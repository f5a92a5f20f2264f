import { describe, expect, it } from 'vitest';
import { enumeratedItems, listsNewItems, namesSomethingNew } from '../../src/answer/enumeration.js';
import { answerThreshold, judgeQuestion } from '../../src/answer/answer-gate.js';
import type { Passage } from '../../src/core/types.js';

describe('enumerations in quoted sentences', () => {
  it('reads the items of 、 lists, title runs, quoted names and English lists', () => {
    // Where the first item starts is not marked: it is the (at most 8) characters before the first 、.
    const [items, ...more] = enumeratedItems('资兴逐渐形成了大数据、文旅康养、硅材料等优势产业。');
    expect(more).toEqual([]);
    expect(items!.slice(1)).toEqual(['文旅康养', '硅材料']);
    expect(items![0]!.endsWith('大数据')).toBe(true);
    expect(enumeratedItems('先后出台《甲办法》《乙办法》等政策')).toContainEqual(['甲办法', '乙办法']);
    expect(enumeratedItems('获批“示范基地”“示范园区”两项称号')).toContainEqual(['示范基地', '示范园区']);
    expect(enumeratedItems('It covers big data (大数据), tourism and silicon materials.')).toContainEqual(['it covers big data', 'tourism', 'silicon materials']);
    expect(enumeratedItems('共有72条措施。')).toEqual([]);
  });

  it('a list answers a "which ones" question only when it names things the question does not', () => {
    // A count is not a list.
    expect(listsNewItems('1+8的8个文件都叫啥', ['资兴创新出台的“1+8”文件共有72条措施。'])).toBe(false);
    // A list of the question's own words is not an answer either.
    expect(listsNewItems('东部、南部、中部、北部四个片区分别负责哪些地区？', ['资兴成立了东部、南部、中部、北部四个片区指挥中心。'])).toBe(false);
    // New items are.
    expect(listsNewItems('资兴有哪些优势产业？', ['资兴逐渐形成了大数据、文旅康养、硅材料、新能源等优势产业。'])).toBe(true);
    // An item that shares a word with the question is still new when most of it is not (市直单位 vs 单位).
    expect(listsNewItems('招商任务由哪些单位承担？', ['以乡镇、经开区、市直单位承担招商任务为基础。'])).toBe(true);
  });
});

describe('names in quoted sentences', () => {
  it('a "who / what is it called" question is answered only by a sentence that names someone or something new', () => {
    // A role without a name names nobody.
    expect(namesSomethingNew('指挥部负责人叫啥名字', ['据资兴市招商引资联合作战指挥部负责人介绍，指挥部的作用是形成全市招商引资“一盘棋”工作格局。'])).toBe(false);
    // A person, an organisation, a document title or a number to call does.
    expect(namesSomethingNew('商务局局长叫什么名字', ['资兴市商务局局长王建国表示，将继续优化服务。'])).toBe(true);
    expect(namesSomethingNew('这个政策叫什么', ['资兴出台了《鼓励企业技术创新奖励办法》。'])).toBe(true);
    expect(namesSomethingNew('有问题找谁投诉', ['对代办服务不满意的，可拨打12345热线反映。'])).toBe(true);
    expect(namesSomethingNew('Who invested in the project?', ['The project is invested by Zhongjian Tiancheng Ltd.'])).toBe(true);
    // A title the question already says is not new.
    expect(namesSomethingNew('《鼓励企业技术创新奖励办法》是谁发的', ['资兴出台了《鼓励企业技术创新奖励办法》。'])).toBe(false);
  });

  it('the gate says the documents do not state a name it cannot find, even on a confident retrieval', () => {
    const p: Passage = {
      id: 'hq', docId: 'knowledge/network/hq.md', path: 'knowledge/network/hq.md', title: '资兴市招商引资联合作战指挥部', headingPath: ['指挥部负责人'], lang: 'zh', score: 0.8,
      text: '据资兴市招商引资联合作战指挥部负责人介绍，指挥部的作用是形成全市招商引资“一盘棋”工作格局。',
    };
    const judge = (q: string) => judgeQuestion(q, 'zh', { passages: [p], relevant: true, confidence: 0.8, query: q });
    for (const q of ['指挥部负责人叫啥名字', '联合作战指挥部负责人是哪位']) {
      const v = judge(q);
      // The answerability model alone would answer (the sentence matches the question well) …
      expect(v.p.answer).toBeGreaterThanOrEqual(answerThreshold());
      // … but the sentence gives no name: the documents speak of the topic, not of what is asked.
      expect(v.decision).toBe('topic');
    }
    // What the same sentence does state is still answered.
    expect(judge('指挥部的作用是什么').decision).toBe('answer');
  });
});

describe('the list a which-ones question needs', () => {
  it('must be in the sentence that answers best, not in one quoted after it about something else', () => {
    const text = '据湖南日报报道，资兴已有30余家世界（中国）500强企业、上市公司和国内知名企业落户。资兴为落户企业提供全过程、精细化、保姆式服务。';
    const p: Passage = { id: 'zone', docId: 'knowledge/zone/zone.md', path: 'knowledge/zone/zone.md', title: '资兴经济开发区', headingPath: [], lang: 'zh', score: 0.8, text };
    const judge = (q: string) => judgeQuestion(q, 'zh', { passages: [p], relevant: true, confidence: 0.8, query: q });
    const named = judge('落户资兴的500强企业具体是哪些？');
    // The reply would quote the service list after the count: the companies are not named.
    expect(named.selection!.quotes.length).toBeGreaterThan(1);
    expect(named.p.answer).toBeGreaterThanOrEqual(answerThreshold());
    expect(named.decision).toBe('topic');
    expect(judge('资兴为落户企业提供哪些服务？').decision).toBe('answer');
  });
});
