/**
 * Policy structures made quotable: an article's lead-in with its items kept whole, a table row
 * written out with its column names and read with the lead-in above the table.
 */
import { describe, expect, it } from 'vitest';
import { MAX_UNIT_CHARS } from '../../src/answer/clause-units.js';
import { selectQuotes } from '../../src/answer/sentence-selection.js';
import { splitSentences } from '../../src/answer/sentences.js';
import type { Passage } from '../../src/core/types.js';

const TABLE = [
  '第四条 租金补贴按企业类型和补贴年度分档执行，具体标准如下表：',
  '租金补贴标准表',
  '企业类型 | 第一年 | 第二年 | 年度补贴上限',
  '一般工业企业 | 全额补贴 | 补贴租金的百分之五十 | 30万元',
  '重点企业 | 全额补贴 | 全额补贴 | 60万元',
].join('\n');

describe('structure units', () => {
  it('writes a table row out with its column names and reads it with the lead-in', () => {
    const s = splitSentences(TABLE);
    const rows = s.filter((x) => !x.leadOnly);
    expect(rows.map((r) => r.text)).toEqual([
      '一般工业企业，第一年：全额补贴；第二年：补贴租金的百分之五十；年度补贴上限：30万元。',
      '重点企业，第一年：全额补贴；第二年：全额补贴；年度补贴上限：60万元。',
    ]);
    expect(rows[1]!.intro).toContain('如下表');
    // The lead-in and the table title are context only.
    expect(s.filter((x) => x.leadOnly).map((x) => x.text)).toEqual(['第四条 租金补贴按企业类型和补贴年度分档执行，具体标准如下表：', '租金补贴标准表']);
  });

  it('keeps a short article of numbered items whole, in one line or one item per line', () => {
    const inline = splitSentences('第三条 申请的企业应当同时符合下列条件：（一）合同期限不少于三年；（二）面积不少于1000平方米。');
    expect(inline).toHaveLength(1);
    expect(inline[0]!.text).toBe('第三条 申请的企业应当同时符合下列条件：（一）合同期限不少于三年；（二）面积不少于1000平方米。');
    const lines = splitSentences('第八条 申报企业应当提交下列材料：\n1．申请表；\n2．营业执照复印件；\n3．财务审计报告；\n本办法自发布之日起施行。');
    expect(lines.map((x) => x.text)).toEqual(['第八条 申报企业应当提交下列材料：1．申请表；2．营业执照复印件；3．财务审计报告。', '本办法自发布之日起施行。']);
  });

  it('splits a long list into items that each carry the lead-in', () => {
    const item = (n: number) => `（${'一二三四五六七八九十'[n]}）${'企业应当按规定提交经审计的年度财务报告和纳税证明材料'.repeat(2)}；`;
    const text = `第五条 申请的企业应当提交下列材料：${Array.from({ length: 6 }, (_, n) => item(n)).join('')}`;
    expect(text.length).toBeGreaterThan(MAX_UNIT_CHARS);
    const s = splitSentences(text);
    expect(s[0]!.leadOnly).toBe(true);
    expect(s.slice(1)).toHaveLength(6);
    expect(s.slice(1).every((x) => x.intro?.includes('下列材料'))).toBe(true);
  });

  it('drops a Markdown table rule line and keeps the rows', () => {
    const s = splitSentences('| 项目 | 标准 |\n|---|---|\n| 培训补贴 | 每人每天50元 |');
    expect(s.map((x) => x.text)).toEqual(['培训补贴，标准：每人每天50元。']);
  });

  it('matches a question against the lead-in and one item of an article kept whole, not words scattered over its items', () => {
    const materials: Passage = {
      id: 'p2', docId: 'd2', path: 'knowledge/policy/listing.txt', title: '上市奖励办法', headingPath: [], score: 0.5, lang: 'zh',
      text: '第九条 申请奖励应提交下列材料：1．奖励申请表；2．营业执照复印件；3．认定文件；4．完税证明；5．注册地不迁出的承诺。',
    } as Passage;
    const registration: Passage = {
      id: 'p3', docId: 'd3', path: 'knowledge/policy/startup.txt', title: '企业开办办事指南', headingPath: ['办理材料'], score: 0.5, lang: 'zh',
      text: '4．住所使用证明（房屋租赁合同或不动产权证书）；',
    } as Passage;
    const unit = splitSentences(materials.text)[0]!;
    expect(unit.whole).toBe(true);
    expect(unit.parts?.items).toHaveLength(5);
    // 注册, 证明 and 文件 are each in a different item of the article: none of its items is about a
    // registered address; the other document's item is.
    const sel = selectQuotes('注册公司的住所证明可以用哪些文件？', 'zh', [materials, registration]);
    expect(sel?.quotes[0]?.text).toContain('住所使用证明');
  });

  it('answers a question about one table cell with its row', () => {
    const passage: Passage = { id: 'p1', docId: 'd1', path: 'knowledge/policy/rent.pdf', title: '租金补贴实施细则', headingPath: [], text: TABLE, score: 0.6, lang: 'zh' } as Passage;
    const sel = selectQuotes('重点企业第二年租金补贴多少？', 'zh', [passage]);
    expect(sel?.quotes[0]?.text).toContain('重点企业');
    expect(sel?.quotes[0]?.text).toContain('第二年：全额补贴');
  });
});
