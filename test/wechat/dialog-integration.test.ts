/**
 * End to end on WeChat with the real dialog core (createAssistant over an in-memory store): a
 * question answered with sources, a hand-off that creates a lead, staff claiming and replying
 * through the deliverer, the bot silent while staff have the conversation, and the release notice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { LeadEvent, QuestionService, StaffDesk } from '../../src/core/ports.js';
import { createAssistant, type AssistantHandle } from '../../src/dialog/create-assistant.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { openStore } from '../../src/store/index.js';
import { citation, outbound, startFixture, until, type Fixture } from './fixture.js';

let fx: Fixture | undefined;
let handle: AssistantHandle | undefined;
afterEach(async () => {
  handle?.stop();
  await fx?.close();
  fx = undefined;
  handle = undefined;
});

describe('WeChat with the real dialog core', () => {
  it('answers, hands off to staff, relays staff replies and stays silent while staff have it', async () => {
    const events: LeadEvent[] = [];
    const desk: StaffDesk = { name: 'test', notify: async (e) => void events.push(e), notice: async () => undefined };
    const questions: QuestionService = {
      reply: async () => ({ ...outbound('资兴经开区对设备投资给予补助 [1]。', { answered: true, citations: [citation(1, '资兴市招商引资优惠政策')] }), sources: [] }),
    };
    const delivery = new DeliveryRouter();
    // The assistant is needed before the channel exists, the deliverer after: forward through a holder.
    const holder: { assistant?: AssistantHandle['assistant'] } = {};
    fx = await startFixture({ assistant: { handle: (inbound, opts) => holder.assistant!.handle(inbound, opts) } });
    const config = fx.config;
    handle = createAssistant({ store: openStore({ path: ':memory:' }, fx.clock), questions, desks: [desk], delivery, clock: fx.clock, ids: sequentialIds('lead'), logger: silentLogger, config });
    holder.assistant = handle.assistant;
    delivery.register('wechat', fx.wechat.deliverer);
    await fx.login();

    const investor = fx.contact('黄总');
    const ask = async (text: string, replies = 1) => {
      const before = fx!.said(investor).length;
      investor.say(text).to(fx!.user);
      await until(() => fx!.said(investor).length >= before + replies, `reply to ${text}`);
      return fx!.said(investor).slice(before);
    };

    const [answer] = await ask('设备投资有补助吗？');
    expect(answer).toContain('依据：[1] 《资兴市招商引资优惠政策》');

    await ask('转人工');
    await handle.flush();
    const created = events.find((e) => e.type === 'created');
    expect(created?.lead.conversation).toMatchObject({ channel: 'wechat', conversationId: `dm:${investor.id}` });
    const leadId = created!.lead.id;

    const staff = { id: 'console:liming', name: '李明' };
    expect((await handle.staff.claim(leadId, staff)).ok).toBe(true);
    await until(() => fx!.said(investor).some((t) => t.includes('李明')), 'take-over notice');

    expect(await handle.staff.reply(leadId, staff, '黄总您好，明天上午方便通话吗？')).toEqual({ ok: true });
    expect(fx.said(investor).at(-1)).toBe('李明：黄总您好，明天上午方便通话吗？');

    // While staff have the conversation the bot does not answer; the message goes to staff.
    const before = fx.said(investor).length;
    investor.say('好的，明天十点').to(fx.user);
    // Desk events go through the dialog's outbox: flush it until the relay shows up.
    for (let i = 0; i < 400 && !events.some((e) => e.type === 'investor_message'); i++) {
      await handle.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(fx.said(investor).length).toBe(before);
    const relayed = events.find((e) => e.type === 'investor_message');
    expect(relayed && 'text' in relayed ? relayed.text : undefined).toBe('好的，明天十点');

    expect((await handle.staff.release(leadId, staff)).ok).toBe(true);
    expect(fx.said(investor).length).toBe(before + 1); // the "assistant resumes" notice
  });
});
