import { describe, expect, it } from 'vitest';
import { indexedText } from '../../src/retrieval/indexed-text.js';
import { sentences, splitDocument } from '../../src/ingest/splitter.js';

describe('splitDocument', () => {
  it('keeps heading paths and drops an H1 equal to the title', () => {
    const md = '# 标题\n\n## 第一节\n\n第一段。\n\n### 小节\n\n第二段。\n\n## 第二节\n\n第三段。';
    const chunks = splitDocument(md, { size: 200, overlap: 20, title: '标题' });
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([
      [['第一节'], '第一段。'],
      [['第一节', '小节'], '第二段。'],
      [['第二节'], '第三段。'],
    ]);
  });

  it('splits long paragraphs on Chinese sentence ends and respects the size bound', () => {
    const para = Array.from({ length: 30 }, (_, i) => `这是第${i}句话，内容关于资兴招商引资！`).join('');
    const chunks = splitDocument(para, { size: 100, overlap: 30 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(100);
    // Every sentence survives somewhere.
    for (let i = 0; i < 30; i++) expect(chunks.some((c) => c.text.includes(`这是第${i}句话`))).toBe(true);
  });

  it('carries whole sentences as overlap into the next chunk', () => {
    const para = Array.from({ length: 12 }, (_, i) => `第${i}句内容较长一些用于测试。`).join('');
    const chunks = splitDocument(para, { size: 60, overlap: 20 });
    for (let i = 1; i < chunks.length; i++) {
      const prevLast = sentences(chunks[i - 1]!.text).at(-1)!;
      expect(chunks[i]!.text.startsWith(prevLast)).toBe(true);
    }
  });

  it('hard-cuts a sentence longer than the size', () => {
    const chunks = splitDocument('长'.repeat(250), { size: 100, overlap: 10 });
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(100);
    expect(chunks.map((c) => c.text).join('').replace(/\n/g, '').length).toBeGreaterThanOrEqual(250);
  });

  it('sentences() splits on 。！？；!?; and newlines', () => {
    expect(sentences('甲。乙！丙？丁；戊!己?庚;辛\n壬')).toEqual(['甲。', '乙！', '丙？', '丁；', '戊!', '己?', '庚;', '辛', '壬']);
  });

  it('indexedText prefixes title and heading path', () => {
    expect(indexedText('项目', ['投资'], '30亿元')).toBe('项目 > 投资\n30亿元');
  });

  it('keeps an article whole as its own chunk, and splits an oversized table only between rows, repeating the header', () => {
    const md = '## 第一章 总则\n\n第一条 甲。\n\n（一）乙；\n\n（二）丙。\n\n第二条 丁。';
    expect(splitDocument(md, { size: 200, overlap: 20 }).map((c) => [c.headingPath, c.text])).toEqual([
      [['第一章 总则'], '第一条 甲。\n（一）乙；\n（二）丙。'],
      [['第一章 总则'], '第二条 丁。'],
    ]);
    const rows = Array.from({ length: 40 }, (_, i) => `项目${i} | 补助${i}万元 | 条件${i}`);
    const table = ['类别 | 标准 | 条件', ...rows].join('\n');
    const chunks = splitDocument(`标准如下表：\n\n${table}`, { size: 100, overlap: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks.filter((x) => x.text.includes('项目'))) expect(c.text.split('\n')).toContain('类别 | 标准 | 条件');
    const lines = chunks.flatMap((c) => c.text.split('\n'));
    for (const r of rows) expect(lines).toContain(r);
  });
});
