import { describe, expect, it } from 'vitest';
import { bandFit, bandsOf, statedAmounts } from '../../src/answer/bands.js';
import { selectQuotes } from '../../src/answer/sentence-selection.js';
import type { Passage } from '../../src/core/types.js';

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
    const text = [
      '第三条　迁入奖励按企业迁入前上一年度营业收入分档给予：',
      '| 上年度营业收入 | 一次性落户奖励 |',
      '| --- | --- |',
      '| 5亿元至20亿元（不含） | 二百万元 |',
      '| 20亿元至50亿元（不含） | 伍佰万元 |',
      '| 50亿元及以上 | 一千万元 |',
    ].join('\n');
    const passage = { id: 'p', docId: 'd', path: 'knowledge/policy/new/hq.txt', title: '总部迁入奖励办法', headingPath: [], text, score: 0.6, lang: 'zh' } as Passage;
    const sel = selectQuotes('我们营收三十个亿，总部迁过来落户奖励能拿多少？', 'zh', [passage]);
    expect(sel?.quotes[0]?.text).toContain('伍佰万元');
    expect(sel?.quotes[0]?.text).toContain('上年度营业收入：20亿元至50亿元');
  });
});
