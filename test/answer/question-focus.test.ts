import { describe, expect, it } from 'vitest';
import { questionFocus } from '../../src/answer/question-focus.js';
import { sentencePieces } from '../../src/text/sentence-pieces.js';

describe('the question inside a long message', () => {
  it('is the sentence that asks, after a self-introduction', () => {
    const intro = '我是一名材料学副教授，今年刚到资兴一家硅材料企业做研发总监，已经签了五年合同。孩子明年上初中。请问子女入学申请要在什么时候前交？';
    expect(questionFocus(intro)).toBe('孩子明年上初中。 请问子女入学申请要在什么时候前交？');
    const en = "Hi, I'm the CFO of a listed battery maker in Guangdong. We are looking at several cities. What incentives does Zixing offer?";
    expect(questionFocus(en)).toBe('What incentives does Zixing offer?');
  });

  it('is the last sentence when none ends with a question mark; a short one takes the sentences before', () => {
    expect(questionFocus('我们是东莞一家做五金的工厂，员工三百来人，规模不大。想了解一下资兴工业用地的价格和出让方式以及办理流程')).toBe('想了解一下资兴工业用地的价格和出让方式以及办理流程');
    expect(questionFocus('我们是东莞一家做五金的工厂，员工三百来人，规模不大。资兴对我们这种搬迁过来的制造企业在工业用地上有什么政策？谢谢')).toBe('资兴对我们这种搬迁过来的制造企业在工业用地上有什么政策？');
    expect(questionFocus('我们是东莞一家做五金的工厂，员工三百来人，规模不大，老板让我先来问问。想在资兴经开区租一个两千平方米左右的标准厂房。租金呢？')).toBe('想在资兴经开区租一个两千平方米左右的标准厂房。 租金呢？');
  });

  it('leaves short messages and one-sentence messages whole', () => {
    expect(questionFocus('资兴有哪些园区？')).toBe('资兴有哪些园区？');
    const one = '我们公司在东莞做了二十年的五金件现在想了解资兴对制造业企业有什么样的扶持政策和用地保障';
    expect(questionFocus(one)).toBe(one);
  });

  it('cuts at sentence-final punctuation and line breaks, keeping the marks', () => {
    expect(sentencePieces('你好。我想问！能行吗？\n好的; ok. Fine')).toEqual(['你好。', '我想问！', '能行吗？', '好的;', 'ok.', 'Fine']);
  });
});
