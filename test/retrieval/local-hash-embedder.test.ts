import { describe, expect, it } from 'vitest';
import { fitLocalHash, LocalHashEmbedder } from '../../src/retrieval/local-hash-embedder.js';

const corpus = [
  '鹏博士资兴算力中心项目建设总用地面积约20亩，总投资估算30亿元。',
  '中健天诚投资的氢能船舶综合产业创新示范区项目计划7月份正式投产。',
  '资兴帮助经济实体减税降费3.82亿元，投放助保贷4440万元。',
  '资兴在广州、佛山、长沙等地设立了专职驻外招商联络站。',
];

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('LocalHashEmbedder', () => {
  const e = new LocalHashEmbedder(512, fitLocalHash(corpus));

  it('is deterministic, L2-normalised and of the configured dimension', async () => {
    const [a] = await e.embedDocuments([corpus[0]!]);
    const b = await new LocalHashEmbedder(512, fitLocalHash(corpus)).embedQuery(corpus[0]!);
    expect(a).toEqual(b);
    expect(a).toHaveLength(512);
    expect(Math.abs(cos(a!, a!) - 1)).toBeLessThan(1e-9);
  });

  it('gives different texts different vectors', async () => {
    const vs = await e.embedDocuments(corpus);
    for (let i = 0; i < vs.length; i++) for (let j = i + 1; j < vs.length; j++) expect(cos(vs[i]!, vs[j]!)).toBeLessThan(0.5);
  });

  it('ranks the matching passage first', async () => {
    const vs = await e.embedDocuments(corpus);
    const rank = async (q: string) => {
      const qv = await e.embedQuery(q);
      return vs.map((v, i) => ({ i, s: cos(qv, v) })).sort((x, y) => y.s - x.s).map((x) => x.i);
    };
    expect((await rank('算力中心总投资多少？'))[0]).toBe(0);
    expect((await rank('氢能船舶项目什么时候投产'))[0]).toBe(1);
    expect((await rank('減稅降費多少'))[0]).toBe(2);
    expect((await rank('招商联络站在哪些城市'))[0]).toBe(3);
  });
});
