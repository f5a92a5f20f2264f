/**
 * The bridge in use: phrases of the question are matched before single words and give their words
 * the phrase's Chinese words, inflected words reach the base form's wordings, and British
 * spellings reach American glosses — in question analysis and in retrieval's query expansion.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/question-analysis.js';
import { expandQuery, translationsOf } from '../../src/retrieval/term-map.js';
import { bridgeAlternatives, bridgePhrases, useBridge, type BridgePair } from '../../src/text/bridge.js';
import { tokenize } from '../../src/text/index.js';

const pair = (en: string, zh: string): BridgePair => ({ en: tokenize(en), zh });
const PAIRS = [
  pair('interest rate', '利率'),
  pair('interest', '兴趣'),
  pair('rate', '速度'),
  pair('labor force', '劳动力'),
  pair('business license', '营业执照'),
  pair('lease', '租赁'),
  pair('center', '中心'),
  pair('upper bound', '上限'),
  pair('upper bound of the rate', '封顶利率'),
];
// An index built before spelling folding keeps the tokens its glosses had.
const OLD_INDEX_PAIR = { en: ['organisation'], zh: '组织' };

afterEach(() => useBridge([]));

const alternatives = (question: string, word: string) => analyzeQuestion(question, 'en').terms.find((t) => t.text === word)?.alternatives ?? [];

describe('bridgePhrases', () => {
  it('finds the longest phrases first, without overlaps, in question order', () => {
    useBridge(PAIRS);
    const tokens = tokenize('the upper bound of the rate and the interest rate');
    expect(bridgePhrases(tokens).map((p) => [tokens.slice(p.start, p.end).join(' '), p.zh])).toEqual([
      ['upper bound rate', ['封顶利率']],
      ['interest rate', ['利率']],
    ]);
    expect(bridgePhrases(tokenize('the rate of interest'))).toEqual([]);
  });
});

describe('bridgeAlternatives', () => {
  it('reaches a base form and a folded old-index wording, and nothing for unknown words', () => {
    useBridge([...PAIRS, OLD_INDEX_PAIR]);
    expect(bridgeAlternatives('leasing')).toEqual(['租赁']);
    expect(bridgeAlternatives('organization')).toEqual(['组织']);
    expect(bridgeAlternatives('dormitory')).toEqual([]);
  });
});

describe('question analysis with the bridge', () => {
  it('gives the words of a phrase its Chinese word, and keeps their own', () => {
    useBridge(PAIRS);
    expect(alternatives('What is the interest rate on the loan?', 'rate')).toEqual(expect.arrayContaining(['利率', '速度']));
    expect(alternatives('What is the interest rate on the loan?', 'interest')).toEqual(expect.arrayContaining(['利率', '兴趣']));
    expect(alternatives('Is interest paid at a fixed rate?', 'interest')).not.toContain('利率');
  });

  it('reaches American glosses from British spellings and base forms from inflections', () => {
    useBridge(PAIRS);
    expect(alternatives('How do I apply for a business licence?', 'license')).toContain('营业执照');
    expect(alternatives('Is the local labour force skilled?', 'labor')).toContain('劳动力');
    expect(alternatives('Is there a service centre?', 'center')).toContain('中心');
    expect(alternatives('Are you leasing land?', 'leasing')).toContain('租赁');
  });
});

describe('retrieval query expansion', () => {
  it('expands British spellings, inflections and whole phrases', () => {
    const pairs = PAIRS.map((p) => ({ en: [...p.en], zh: p.zh }));
    expect(expandQuery(tokenize('business licence'), pairs)).toEqual(['营业执照']);
    expect(expandQuery(tokenize('leasing terms'), pairs)).toEqual(['租赁']);
    expect(expandQuery(tokenize('organisation'), [{ ...OLD_INDEX_PAIR, en: [...OLD_INDEX_PAIR.en] }])).toEqual(['组织']);
    expect(expandQuery(tokenize('business hours'), pairs)).toEqual([]);
  });
});

describe('the Chinese wordings of each English word (term coverage)', () => {
  it('gives a word its own wordings, the wordings of a phrase it is part of, and its base form\'s', () => {
    const pairs = PAIRS.map((p) => ({ en: [...p.en], zh: p.zh }));
    const t = translationsOf(tokenize('interest rate for leasing'), pairs);
    expect(t.get('interest')).toEqual(expect.arrayContaining(['利率', '兴趣']));
    expect(t.get('rate')).toEqual(expect.arrayContaining(['利率', '速度']));
    expect(t.get('leasing')).toEqual(['租赁']);
    // A phrase only counts when all of its words are asked: "upper" alone reaches nothing.
    expect(translationsOf(tokenize('upper floor'), pairs).get('upper')).toBeUndefined();
  });
});
