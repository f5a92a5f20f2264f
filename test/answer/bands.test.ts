import { describe, expect, it } from 'vitest';
import { bandFit, bandsOf, statedAmounts } from '../../src/answer/bands.js';
import { selectQuotes } from '../../src/answer/sentence-selection.js';
import type { Passage } from '../../src/core/types.js';

/** A tiered table as a policy file states it (总部迁入奖励, by last year's revenue). */
const passage = {
  id: 'p', docId: 'd', path: 'knowledge/policy/new/hq.txt', title: '总部迁入奖励办法', headingPath: [], score: 0.6, lang: 'zh',
  text: [
    '第三条　迁入奖励按企业迁入前上一年度营业收入分档给予：',
    '| 上年度营业收入 | 一次性落户奖励 |',
    '| --- | --- |',
    '| 5亿元至20亿元（不含） | 二百万元 |',
    '| 20亿元至50亿元（不含） | 伍佰万元 |',
    '| 50亿元及以上 | 一千万元 |',
  ].join('\n'),
} as Passage;

describe('tiered tables', () => {
  it('reads bands of amounts: A至B, A以上, A以下, 不足A', () => {
    expect(bandsOf('20亿元至50亿元（不含），一次性落户奖励：伍佰万元')).toEqual([{ lo: 200_000, hi: 500_000 }]);
    expect(bandsOf('50亿元及以上，一次性落户奖励：一千万元')).toEqual([{ lo: 500_000, hi: Infinity }]);
    expect(bandsOf('营业收入不足5亿元的，不予奖励')).toEqual([{ lo: 0, hi: 50_000 }]);
    expect(bandsOf('落户奖励分三年兑现，首年兑现百分之五十')).toEqual([]);
  });

  it('fits the row whose band holds the asker’s own figure, however it is written', () => {
    const own = statedAmounts('咱公司去年营收三十个亿，总部搬过来能拿多少落户奖励？');
    expect(own).toEqual([300_000]);
    expect(bandFit(own, '20亿元至50亿元（不含），一次性落户奖励：伍佰万元')).toBe(1);
    expect(bandFit(own, '5亿元至20亿元（不含），一次性落户奖励：二百万元')).toBe(-1);
    expect(bandFit(own, '第四条　落户奖励分三年兑现')).toBe(0);
    expect(bandFit([], '20亿元至50亿元（不含）')).toBe(0);
  });

  it('answers from that row, written with its first column’s name', () => {
    const sel = selectQuotes('我们营收三十个亿，总部迁过来落户奖励能拿多少？', 'zh', [passage]);
    expect(sel?.quotes[0]?.text).toContain('伍佰万元');
    expect(sel?.quotes[0]?.text).toContain('上年度营业收入：20亿元至50亿元');
  });

  it('takes the asker’s figure from the whole message when the question is picked out of it', async () => {
    const { judgeQuestion } = await import('../../src/answer/answer-gate.js');
    const message = '我们是一家总部在广州的材料集团，去年营收六十多亿，正在考虑把总部迁到资兴。想了解一下我们这个规模的一次性落户奖励是多少？';
    const question = '想了解一下我们这个规模的一次性落户奖励是多少？';
    const retrieval = { passages: [passage], relevant: true, confidence: 0.6, query: question };
    // The question alone states no figure: no row is told from another.
    const alone = selectQuotes(question, 'zh', [passage]);
    expect(alone?.quotes[0]?.text).not.toContain('一千万元');
    // With the message, the row of 六十多亿 answers, and "这个规模" is that row's band.
    const v = judgeQuestion(question, 'zh', retrieval, { message });
    expect(v.selection?.quotes[0]?.text).toContain('一千万元');
    expect(v.selection?.best.features.detailMissing).toBe(0);
  });
});
