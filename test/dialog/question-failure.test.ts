/**
 * The dialog's fallback when the question service throws: the investor gets a polite reply in
 * their language with the hand-off button, the error is logged once (by the dialog, not again by
 * the guard in front of it), and nothing stored is lost — the question, the reply, a lead capture
 * under way and the conversation's lead all stay.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { EN } from '../../src/core/texts/en.js';
import { ZH } from '../../src/core/texts/zh.js';
import { withGuards } from '../../src/guard/guarded-assistant.js';
import { RateLimiter } from '../../src/guard/rate-limit.js';
import { rig } from './helpers.js';

/** A logger that keeps every JSON line it writes. */
function recording() {
  const lines: { level: string; msg: string; [k: string]: unknown }[] = [];
  const logger = createLogger('debug', {}, (l) => lines.push(JSON.parse(l) as (typeof lines)[number]));
  return { logger, errors: () => lines.filter((l) => l.level === 'error') };
}

/** The rig's dialog behind the guard every channel goes through, both logging to `logger`. */
function setup() {
  const log = recording();
  const r = rig({ logger: log.logger });
  const limiter = new RateLimiter({ perKeyPerMinute: 1000, globalPerSecond: 100_000, clock: r.clock });
  const guarded = withGuards(r.handle.assistant, { maxChars: r.config.MAX_MESSAGE_CHARS, limiter, logger: log.logger, clock: r.clock });
  const say = (text: string, conversationId = 'c1') => guarded.handle({ channel: 'wechat', conversationId, userId: 'u1', text });
  return { r, log, say };
}

describe('dialog: the question service fails', () => {
  it('replies politely in Chinese with the hand-off button, logs the error once and stores both sides', async () => {
    const { r, log, say } = setup();
    r.questions.failWith = new Error('index read failed: 13800138000');
    const replies = await say('资兴有哪些优势产业？');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ text: ZH.dialog.unavailable, answered: false, handoffOffered: true, speaker: 'bot' });
    expect(replies[0]!.actions).toEqual([{ id: 'handoff', ...ZH.actions.handoff }]);
    expect(replies[0]!.text).not.toContain('index read failed');
    // Once, by the dialog: the guard saw a reply, not an error.
    expect(log.errors().map((l) => l.msg)).toEqual(['question service failed']);
    expect(JSON.stringify(log.errors())).not.toContain('13800138000');
    const stored = await r.store.messagesSince('wechat:c1', 0);
    expect(stored.map((m) => [m.role, m.text])).toEqual([
      ['user', '资兴有哪些优势产业？'],
      ['assistant', ZH.dialog.unavailable],
    ]);
  });

  it('answers an English conversation in English', async () => {
    const { r, log, say } = setup();
    r.questions.failWith = new Error('model timeout');
    const [reply] = await say('What incentives does Zixing offer for factories?', 'c2');
    expect(reply!.text).toBe(EN.dialog.unavailable);
    expect(reply!.actions).toEqual([{ id: 'handoff', ...EN.actions.handoff }]);
    expect(log.errors()).toHaveLength(1);
  });

  it('keeps a lead capture under way and the lead it produces when a question in the middle fails', async () => {
    const { r, say } = setup();
    await say('我们计划在资兴投资2亿元建厂，联系人张三，电话13800138000');
    const before = await r.store.getConversation('wechat:c1');
    expect(before!.state).toBe('collecting');
    r.questions.failWith = new Error('retriever down');
    const replies = await say('你们的电费补贴是多少？');
    expect(replies[0]!.text).toBe(ZH.dialog.unavailable);
    const during = await r.store.getConversation('wechat:c1');
    expect(during!.state).toBe('collecting');
    expect(during!.data.draft!.fields).toEqual(before!.data.draft!.fields);
    // The service is back: the capture goes on where it stood and the lead is stored.
    r.questions.failWith = undefined;
    for (let i = 0; i < 6 && (await r.store.listLeads()).length === 0; i++) {
      const conv = await r.store.getConversation('wechat:c1');
      await say(conv!.data.draft?.stage === 'confirm' ? '确认' : '跳过');
    }
    const [lead] = await r.store.listLeads();
    expect(lead!.fields).toMatchObject({ contactName: '张三', phone: '13800138000' });
    expect(r.questions.calls.map((c) => c.question)).toContain('你们的电费补贴是多少？');
  });

  it('serves the next question once the service is back', async () => {
    const { r, say } = setup();
    r.questions.failWith = new Error('down');
    await say('一？');
    r.questions.failWith = undefined;
    const [reply] = await say('二？');
    expect(reply!.text).toBe('ANSWER: 二？');
  });
});
