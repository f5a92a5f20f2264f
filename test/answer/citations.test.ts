import { describe, expect, it } from 'vitest';
import { bareTitle, bookTitle, buildCitations, formatCitation, formatCitations, renumberMarkers } from '../../src/answer/citations.js';
import { composeQuotes, toCitations } from '../../src/answer/compose.js';
import type { Passage } from '../../src/core/types.js';

const SOURCE = '湖南日报报道（李秉钧 黄欣 刘向辉），shared/sources/000_49566af0655d33aa.txt';

function passage(id: string, docId: string, title: string, text: string, extra: Partial<Passage> = {}): Passage {
  return { id, docId, title, path: `knowledge/policy/${docId}.md`, headingPath: ['正文'], text, score: 0.8, source: SOURCE, ...extra };
}

describe('citations', () => {
  it('never doubles 《》 and strips only a pair that encloses the whole title', () => {
    expect(bareTitle('《鼓励企业技术创新奖励办法》')).toBe('鼓励企业技术创新奖励办法');
    expect(bareTitle('《A办法》与《B办法》')).toBe('《A办法》与《B办法》');
    expect(bookTitle('《鼓励企业技术创新奖励办法》')).toBe('《鼓励企业技术创新奖励办法》');
    expect(bookTitle('Zixing policies', 'en')).toBe('Zixing policies');
  });

  it('lists each document once and renumbers the markers to match', () => {
    const cited = [
      passage('a1', 'tech', '《鼓励企业技术创新奖励办法》', '第一段。'),
      passage('b1', 'relief', '减税降费', '第二段。'),
      passage('a2', 'tech', '《鼓励企业技术创新奖励办法》', '第三段。'),
    ];
    const { citations, numberOf } = buildCitations(cited);
    expect(numberOf).toEqual([1, 2, 1]);
    expect(citations.map((c) => [c.n, c.title])).toEqual([
      [1, '鼓励企业技术创新奖励办法'],
      [2, '减税降费'],
    ]);
    expect(citations[0]!.text).toContain('第三段。');
    expect(renumberMarkers('甲。[1]乙。[2]丙。[3][1]', numberOf)).toBe('甲。[1]乙。[2]丙。[1]');

    const text = composeQuotes(
      [
        { text: '第一段。', cite: 0 },
        { text: '第三段。', cite: 2 },
      ],
      cited,
      'zh',
    );
    expect(text).toBe('根据资兴市招商资料：第一段。[1]第三段。[1]\n\n来源：\n[1] 《鼓励企业技术创新奖励办法》 knowledge/policy/tech.md\n[2] 《减税降费》 knowledge/policy/relief.md');
    expect(toCitations(cited)).toHaveLength(2);
  });

  it('formats for investors (source and date, no path) and for staff (plus the path)', () => {
    const [c] = buildCitations([passage('a1', 'tech', '《鼓励企业技术创新奖励办法》', '正文。', { published: '2024-05-01' })]).citations;
    expect(formatCitation(c!, 'investor')).toBe('[1] 《鼓励企业技术创新奖励办法》 — 湖南日报报道（李秉钧 黄欣 刘向辉），2024-05-01');
    expect(formatCitation(c!, 'staff')).toBe('[1] 《鼓励企业技术创新奖励办法》 — 湖南日报报道（李秉钧 黄欣 刘向辉），2024-05-01 · knowledge/policy/tech.md › 正文');
    expect(formatCitation(c!, 'investor')).not.toMatch(/shared\/sources|knowledge\//);
  });

  it('drops a repeated document from an old stored citation list', () => {
    const c = { n: 1, title: 'X', path: 'knowledge/x.md', headingPath: [], text: 't', score: 1 };
    expect(formatCitations([c, { ...c, n: 2 }], 'investor')).toEqual(['[1] 《X》']);
  });
});
