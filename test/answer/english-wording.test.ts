import { describe, expect, it } from 'vitest';
import type { Retriever } from '../../src/core/ports.js';
import type { Passage, RetrievalResult } from '../../src/core/types.js';
import { gatherPassages } from '../../src/answer/gather.js';
import { analyzeQuestion } from '../../src/answer/question-analysis.js';
import { requiredPresent } from '../../src/answer/term-match.js';

const passage = (id: string, text: string): Passage => ({ id, docId: id, path: `knowledge/${id}.md`, title: id, headingPath: [], text, score: 0.5, lang: 'zh' }) as Passage;

/** A retriever over a fixed list (our own port): the first k passages. */
class ListRetriever implements Retriever {
  constructor(private readonly passages: Passage[]) {}
  async retrieve(query: string, opts: { k?: number } = {}): Promise<RetrievalResult> {
    return { passages: this.passages.slice(0, opts.k ?? 5), relevant: true, confidence: 0.6, query } as RetrievalResult;
  }
}

const prose = [passage('p1', '资兴正在建设国家新型数据谷。'), passage('p2', '数据谷项目已签约落户，总投资30亿元。')];
const glossary = passage('g', '- 资兴经开区 — Zixing Economic Development Zone\n- 国家新型数据谷 — National New-type Data Valley');
const unrelatedEnglish = passage('e', '- 郴州 — Chenzhou');

describe('a question asking for the English wording of a name', () => {
  it('asks for a sentence with English in it, and the asking words are not content terms', () => {
    const q = analyzeQuestion('国家新型数据谷英文怎么说？');
    expect(q.asks.has('english')).toBe(true);
    expect(q.terms.map((t) => t.text)).not.toContain('英文');
    expect(requiredPresent(q, '资兴正在建设国家新型数据谷。')).toBe(false);
    expect(requiredPresent(q, '国家新型数据谷 — national new-type data valley')).toBe(true);
    expect(analyzeQuestion('国家新型数据谷在哪里？').asks.has('english')).toBe(false);
  });

  it('puts a passage that gives the name beside its English first, from a wider search', async () => {
    const r = new ListRetriever([...prose, unrelatedEnglish, passage('x1', '其他'), passage('x2', '其他'), glossary]);
    const out = await gatherPassages(r, '国家新型数据谷英文怎么说', 2);
    expect(out.passages[0]!.id).toBe('g');
    // A line with English that does not name the thing asked about is not brought forward.
    expect(out.passages.map((p) => p.id)).not.toContain('e');
    // Other questions keep the retrieval's order.
    const plain = await gatherPassages(r, '国家新型数据谷建得怎么样', 2);
    expect(plain.passages.map((p) => p.id).slice(0, 2)).toEqual(['p1', 'p2']);
  });
});
