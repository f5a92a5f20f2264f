/**
 * The pinyin bridge: a question typed in pinyin finds the knowledge base's words it spells, and a
 * Chinese question that mistypes a word as a homophone (the wrong input-method candidate) finds
 * the word that was meant — never a real word read as another.
 */
import { describe, expect, it } from 'vitest';
import { buildPinyinBridge, wordsFromHomophones, wordsFromPinyin } from '../../src/retrieval/pinyin-bridge.js';

const VOCABULARY: [string, number][] = [
  ['补贴', 12],
  ['审核', 5],
  ['名单', 3],
  ['奖励', 2],
  ['优惠', 9],
  ['政策', 20],
  ['同时', 4],
  ['以下', 6],
  ['邮寄', 1],
];
const bridge = buildPinyinBridge(VOCABULARY);

describe('pinyin bridge', () => {
  it('reads the words a pinyin question spells', () => {
    expect(wordsFromPinyin('you shenme youhui zhengce', bridge)).toEqual(['优惠', '政策']);
    // English is left alone.
    expect(wordsFromPinyin('What incentives are there?', bridge)).toEqual([]);
  });

  it.each([
    ['我是D类，买首套房有购房补帖吗？', '补贴'],
    ['第三方机构的审合要多久', '审核'],
    ['有没有指定明单', '名单'],
    ['资兴对技术创新有没有奖历', '奖励'],
  ])('reads the homophone typo in %s as %s', (text, meant) => {
    expect(wordsFromHomophones(text, bridge)).toContain(meant);
  });

  it('never reads a dictionary word or a function word as another word of the same sound', () => {
    // 同事 (colleague) is a word, not a typo of 同时; 一下 and 有几 are function words, not 以下 or 邮寄.
    expect(wordsFromHomophones('同事提到资兴在建一个数据谷', bridge)).toEqual([]);
    expect(wordsFromHomophones('能列一下名字不', bridge)).toEqual([]);
    expect(wordsFromHomophones('你们招商大使有几个人啊', bridge)).toEqual([]);
  });

  it('adds nothing a correctly written question already says', () => {
    expect(wordsFromHomophones('购房补贴有多少', bridge)).toEqual([]);
  });
});
