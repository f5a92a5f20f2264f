import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSources, renderOutbound, renderText, splitMessage, toPlainText } from '../../src/channels/wechat/render.js';
import { detectAddressing } from '../../src/channels/wechat/addressing.js';
import { targetFromConversationId } from '../../src/channels/wechat/parse-message.js';
import { citation, outbound } from './fixture.js';

describe('render for WeChat', () => {
  it('flattens Markdown to plain text', () => {
    const md = '## 优惠政策\n\n- **设备补助**：最高 *500 万元* [1]\n- 详见[政策原文](knowledge/policy/a.md)与[官网](https://www.zixing.gov.cn/)\n\n> 以正式文件为准\n\n`代码`';
    expect(toPlainText(md)).toBe('优惠政策\n\n· 设备补助：最高 500 万元 [1]\n· 详见政策原文与官网（https://www.zixing.gov.cn/）\n\n以正式文件为准\n\n代码');
  });

  it('lists sources as short numbered lines with titles only', () => {
    const text = formatSources([citation(2, '园区简介'), citation(1, '优惠政策')], '回答 [1][2]');
    expect(text).toBe('依据：[1] 《优惠政策》\n[2] 《园区简介》');
    expect(formatSources([citation(1, 'Policy overview')], 'Answer [1].')).toBe('Sources: [1] Policy overview');
    expect(formatSources([], 'x')).toBe('');
  });

  it("replaces the answer's own sources footer (file paths) with the short source lines", () => {
    const text = '设备补助最高 500 万元 [1]。\n\n来源：\n[1] 《优惠政策》 knowledge/policy/incentives.md';
    expect(renderText(outbound(text, { citations: [citation(1, '优惠政策')] }))).toBe('设备补助最高 500 万元 [1]。\n\n依据：[1] 《优惠政策》');
  });

  it('puts the staff name on every part of a split staff message, each within the limit', () => {
    const long = Array.from({ length: 12 }, (_, i) => `第${i + 1}条说明，关于厂房租金和设备补助的安排。`).join('');
    const parts = renderOutbound(outbound(long, { speaker: 'staff', staffName: '李明' }), 100);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.startsWith('李明：')).toBe(true);
      expect(p.length).toBeLessThanOrEqual(100);
    }
    expect(parts.map((p) => p.slice(3)).join('')).toBe(long);
  });

  it('prefixes staff messages with the staff name and turns actions into reply hints', () => {
    expect(renderText(outbound('明天联系您。', { speaker: 'staff', staffName: '李明' }))).toBe('李明：明天联系您。');
    expect(renderText(outbound('需要人工吗？', { actions: [{ id: 'handoff', label: '联系专员', value: '转人工' }] }))).toBe('需要人工吗？\n\n可回复：「转人工」');
  });

  it('splits at sentence ends, in order, each part within the limit', () => {
    const text = '第一句很短。第二句也不长！第三句呢？\n第四行';
    expect(splitMessage(text, 13)).toEqual(['第一句很短。第二句也不长！', '第三句呢？\n第四行']);
    expect(splitMessage('短', 10)).toEqual(['短']);
    expect(splitMessage('', 10)).toEqual([]);
  });

  it('cuts an over-long sentence at a comma, else hard', () => {
    const parts = splitMessage('甲'.repeat(8) + '，' + '乙'.repeat(8) + '。', 10);
    expect(parts).toEqual(['甲'.repeat(8) + '，', '乙'.repeat(8) + '。']);
    expect(splitMessage('丙'.repeat(25), 10)).toEqual(['丙'.repeat(10), '丙'.repeat(10), '丙'.repeat(5)]);
  });

  it('property: parts ≤ max and joined equal the original modulo whitespace', () => {
    const alphabet = fc.constantFrom('资', '兴', '投', '资', '。', '！', '？', '\n', ' ', '，', 'a', '1', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 400 }).map((a) => a.join('')), fc.integer({ min: 1, max: 60 }), (text, max) => {
        const parts = splitMessage(text, max);
        for (const p of parts) expect([...p].length).toBeLessThanOrEqual(max);
        expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });

  it('renders an answer with sources into parts', () => {
    const parts = renderOutbound(outbound('答案。'.repeat(10), { citations: [citation(1, '政策')] }), 20);
    expect(parts.at(-1)).toContain('依据：[1] 《政策》');
  });
});

describe('group addressing', () => {
  it('finds "@name" with the WeChat mention space and strips it', () => {
    expect(detectAddressing('@资兴招商助手\u2005有什么政策', { names: ['资兴招商助手'], keywords: [] })).toEqual({ addressed: true, mentioned: true, question: '有什么政策' });
    expect(detectAddressing('有什么政策 @小兴', { names: ['资兴招商助手', '小兴'], keywords: [] })).toMatchObject({ addressed: true, question: '有什么政策' });
  });

  it('does not match a longer name or a missing mention', () => {
    expect(detectAddressing('@资兴招商助手团队 你好', { names: ['资兴招商助手'], keywords: [] }).addressed).toBe(false);
    expect(detectAddressing('资兴招商助手怎么样', { names: ['资兴招商助手'], keywords: [] }).addressed).toBe(false);
  });

  it('answers on a keyword without stripping it', () => {
    expect(detectAddressing('招商政策有哪些', { names: ['助手'], keywords: ['招商'] })).toEqual({ addressed: true, mentioned: false, question: '招商政策有哪些' });
  });

  it('recovers targets from conversation ids', () => {
    expect(targetFromConversationId('dm:wxid_abc')).toEqual({ contactId: 'wxid_abc' });
    expect(targetFromConversationId('room:123@chatroom:wxid_abc')).toEqual({ roomId: '123@chatroom', contactId: 'wxid_abc' });
    expect(targetFromConversationId('web:1')).toBeUndefined();
  });
});

describe('sources for investors on WeChat', () => {
  it('shows 《title》 once with the original source and no file path', () => {
    const text = formatSources([{ ...citation(1, '《鼓励企业技术创新奖励办法》'), source: '湖南日报报道，shared/sources/a.txt', published: '2024-05-01' }], '回答 [1]');
    expect(text).toBe('依据：[1] 《鼓励企业技术创新奖励办法》 — 湖南日报报道，2024-05-01');
  });
});
