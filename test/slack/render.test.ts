/** Block Kit rendering limits, mrkdwn escaping, pacing and command parsing. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { parseZixing } from '../../src/channels/slack/listeners/commands/zixing.js';
import { Pacer } from '../../src/channels/slack/pacer.js';
import { RecentIds } from '../../src/core/recent-ids.js';
import { MAX_BLOCKS, renderOutbound } from '../../src/channels/slack/render/answer-blocks.js';
import { escapeMrkdwn, slackToPlain, splitText } from '../../src/channels/slack/render/mrkdwn.js';
import type { Outbound } from '../../src/core/types.js';

const outbound = (text: string, citations = 2): Outbound => ({
  text,
  citations: Array.from({ length: citations }, (_, i) => ({ n: i + 1, title: `政策${i + 1}`, path: `knowledge/p${i + 1}.md`, headingPath: [], text: 't', score: 0.5 })),
  answered: true,
  handoffOffered: false,
  intent: 'question',
  speaker: 'bot',
  messageId: 'm1',
});

type Section = { type: string; text?: { text: string } };

describe('answer rendering', () => {
  it('escapes mrkdwn control characters and keeps sources and votes', () => {
    const [msg] = renderOutbound(outbound('a < b & c > d **重点**'));
    const first = msg!.blocks[0] as Section;
    expect(first.text!.text).toBe('a &lt; b &amp; c &gt; d *重点*');
    expect(JSON.stringify(msg!.blocks)).toContain('[2] 《政策2》 · knowledge/p2.md');
    expect(JSON.stringify(msg!.blocks)).toContain('vote:down:m1');
  });

  it('splits long replies into ≤3000-char sections and ≤50-block messages', () => {
    const para = '资兴市对符合条件的项目给予补贴。'.repeat(40); // ~640 chars
    const long = Array.from({ length: 300 }, () => para).join('\n\n'); // ~190k chars
    const messages = renderOutbound(outbound(long, 12));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
      expect(m.text.length).toBeLessThanOrEqual(3000);
      const sections = (m.blocks as Section[]).filter((b) => b.type === 'section');
      expect(sections.length).toBeGreaterThan(0);
      for (const b of sections) expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    }
    const all = JSON.stringify(messages.at(-1)!.blocks);
    expect(all).toContain('[12]');
    expect(all).toContain('vote:up:m1');
    const joined = messages.flatMap((m) => (m.blocks as Section[]).filter((b) => b.type === 'section').map((b) => b.text!.text)).join('');
    expect(joined.replace(/\s/g, '')).toBe(long.replace(/\s/g, ''));
  });

  it("shows sources once: the answer's plain-text footer gives way to the context blocks", () => {
    const [msg] = renderOutbound(outbound('设备补贴 [1]。\n\n来源：\n[1] 《政策1》 knowledge/p1.md', 1));
    expect((msg!.blocks[0] as Section).text!.text).toBe('设备补贴 [1]。');
    expect(msg!.text).toBe('设备补贴 [1]。');
    expect(JSON.stringify(msg!.blocks).match(/knowledge\/p1\.md/g)).toHaveLength(1);
  });

  it('never cuts an escaped entity in half', () => {
    const pieces = splitText(escapeMrkdwn('&'.repeat(2000)), 3000);
    for (const p of pieces) expect(p).toMatch(/^(&amp;)+$/);
  });

  it('turns Slack text into plain text for investors', () => {
    expect(slackToPlain('见 <https://zx.gov.cn|官网> &amp; <@U1> 谢谢')).toBe('见 官网 (https://zx.gov.cn) &  谢谢');
  });
});

describe('/zixing parsing', () => {
  it('understands help, leads, questions and `public`', () => {
    expect(parseZixing('')).toEqual({ kind: 'help' });
    expect(parseZixing('leads')).toEqual({ kind: 'leads' });
    expect(parseZixing('税收 优惠')).toEqual({ kind: 'ask', question: '税收 优惠', public: false });
    expect(parseZixing('税收优惠 public')).toEqual({ kind: 'ask', question: '税收优惠', public: true });
    expect(parseZixing('公开 税收优惠')).toEqual({ kind: 'ask', question: '税收优惠', public: true });
  });
});

describe('pacer and de-duplication', () => {
  it('spaces posts to one channel by the gap, other channels unaffected', async () => {
    const clock = new ManualClock(0);
    const slept: number[] = [];
    const pacer = new Pacer(clock, async (ms) => {
      slept.push(ms);
      clock.advance(ms);
    }, 1000);
    const order: string[] = [];
    await Promise.all([
      pacer.run('C1', async () => void order.push('a1')),
      pacer.run('C1', async () => void order.push('a2')),
      pacer.run('C2', async () => void order.push('b1')),
      pacer.run('C1', async () => void order.push('a3')),
    ]);
    expect(order.filter((o) => o.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(slept).toEqual([1000, 1000]);
  });

  it('a failed task does not block the next one', async () => {
    const pacer = new Pacer(new ManualClock(0), async () => undefined, 0);
    await expect(pacer.run('C', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(pacer.run('C', async () => 'ok')).resolves.toBe('ok');
  });

  it('remembers a bounded number of event ids', () => {
    const ids = new RecentIds(3);
    expect(ids.checkAndAdd('a')).toBe(false);
    expect(ids.checkAndAdd('a')).toBe(true);
    for (const id of ['b', 'c', 'd']) ids.checkAndAdd(id);
    expect(ids.size).toBe(3);
    expect(ids.checkAndAdd('a')).toBe(false);
  });
});
