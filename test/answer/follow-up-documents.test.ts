import { describe, expect, it } from 'vitest';
import type { Retriever } from '../../src/core/ports.js';
import type { Passage, RetrievalResult, Turn } from '../../src/core/types.js';
import { isElliptical, ruleRewrite } from '../../src/answer/follow-up.js';
import { preferCited } from '../../src/answer/gather.js';

const passage = (id: string, path: string): Passage => ({ id, docId: path, path, title: path, headingPath: [], text: id, score: 0.5, lang: 'zh' }) as Passage;

/** A retriever over a fixed list (our own port): the first k passages, and the queries it was asked. */
class ListRetriever implements Retriever {
  queries: { query: string; k: number }[] = [];
  constructor(private readonly passages: Passage[]) {}
  async retrieve(query: string, opts: { k?: number } = {}): Promise<RetrievalResult> {
    const k = opts.k ?? 8;
    this.queries.push({ query, k });
    return { passages: this.passages.slice(0, k), relevant: true, confidence: 0.6 } as RetrievalResult;
  }
}

const cited: Turn[] = [
  { role: 'user', text: '小巨人奖多少钱？' },
  { role: 'assistant', text: '……奖励壹佰万元……', cited: ['knowledge/policy/new/b.txt'] },
];

describe('a follow-up keeps to the documents the last answer cited', () => {
  it('puts their passages first, searched with the question that answer replied to', async () => {
    const all = [passage('a1', 'knowledge/a.txt'), passage('a2', 'knowledge/a.txt'), passage('c1', 'knowledge/c.txt'), passage('b1', 'knowledge/policy/new/b.txt')];
    const r = new ListRetriever(all);
    const first = await r.retrieve('是一次性给吗', { k: 2 });
    const out = await preferCited(r, '是一次性给吗', first, cited, 2);
    expect(out.passages.map((p) => p.id)).toEqual(['b1', 'a1', 'a2']);
    expect(r.queries[1]).toEqual({ query: '小巨人奖多少钱？ 是一次性给吗', k: 6 });
  });

  it('leaves the retrieval as it was without citations, or when the wider search finds none of them', async () => {
    const r = new ListRetriever([passage('a1', 'knowledge/a.txt')]);
    const first = await r.retrieve('是一次性给吗', { k: 2 });
    expect(await preferCited(r, '是一次性给吗', first, [{ role: 'user', text: '你好' }, { role: 'assistant', text: '您好' }], 2)).toBe(first);
    expect(await preferCited(r, '是一次性给吗', first, cited, 2)).toBe(first);
  });

  it('reads a short message after a cited answer as a follow-up, with that answer’s subject', () => {
    expect(isElliptical('是一次性给吗', cited)).toBe(true);
    expect(isElliptical('是一次性给吗', [{ role: 'user', text: '你好' }, { role: 'assistant', text: '您好' }])).toBe(false);
    expect(isElliptical('我们是做新材料的企业，想了解一下资兴经开区的标准厂房租金补贴政策', cited)).toBe(false);
    expect(ruleRewrite('是一次性给吗', cited, { force: true })).toContain('小巨人');
  });
});

describe('the out-of-scope reply', () => {
  it('says a staff member can be reached, and carries the hand-off button with the topics', async () => {
    const { createQuestionService } = await import('../../src/answer/question-service.js');
    const { testConfig } = await import('../../src/config.js');
    const { silentLogger } = await import('../../src/core/log.js');
    const { ExtractiveAnswerer } = await import('../../src/answer/extractive-answerer.js');
    const service = createQuestionService({ config: testConfig(), retriever: new ListRetriever([]), answerer: new ExtractiveAnswerer(), logger: silentLogger });
    const reply = await service.reply({ question: '今天天气怎么样？明天会下雨吗？', history: [] });
    expect(reply.intent).toBe('out_of_scope');
    expect(reply.text).toContain('招商专员');
    expect(reply.handoffOffered).toBe(true);
    expect(reply.actions?.[0]?.id).toBe('handoff');
  });
});
