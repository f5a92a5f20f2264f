import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import type { Assistant } from '../../src/core/ports.js';
import { GUARD_TEXTS, withGuards } from '../../src/guard/guarded-assistant.js';
import { RateLimiter } from '../../src/guard/rate-limit.js';
import { rig, type Rig } from './helpers.js';

/** The dialog behind the guard, as every channel reaches it. */
function guarded(r: Rig): Assistant {
  const limiter = new RateLimiter({ perKeyPerMinute: 1000, globalPerSecond: 100_000, clock: r.clock });
  return withGuards(r.handle.assistant, { maxChars: r.config.MAX_MESSAGE_CHARS, limiter, logger: silentLogger, clock: r.clock });
}

const LEAD_IN_ONE = '我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，需要用地50亩，明年开工，联系人张三，电话13800138000';

describe('assistant: questions', () => {
  it('answers plain questions through the question service with history and stores both sides', async () => {
    const r = rig();
    await r.say('鹏博士资兴算力中心总投资多少？');
    const [reply] = await r.say('用地多大？');
    expect(reply!.text).toBe('ANSWER: 用地多大？');
    expect(reply!.messageId).toMatch(/^\d+$/);
    expect(r.questions.calls[1]!.history).toEqual([
      { role: 'user', text: '鹏博士资兴算力中心总投资多少？' },
      { role: 'assistant', text: 'ANSWER: 鹏博士资兴算力中心总投资多少？' },
    ]);
    const stored = await r.store.messagesSince('wechat:c1', 0);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    await r.store.vote(reply!.messageId!, -1, 'u1');
  });

  it('writes a plain question in two commits: the message with its conversation, then the reply', async () => {
    const r = rig();
    await r.say('资兴有哪些优势产业？');
    const writes: string[] = [];
    const WRITES = ['receiveMessage', 'ensureConversation', 'saveConversation', 'addMessage', 'createLead', 'updateLeadFields', 'addLeadEvent', 'enqueue'];
    for (const name of WRITES) {
      const method = name as 'addMessage';
      const original = r.store[method].bind(r.store) as (...args: unknown[]) => Promise<number | undefined>;
      r.store[method] = ((...args: unknown[]) => {
        writes.push(name);
        return original(...args);
      }) as never;
    }
    // An English message in a Chinese conversation switches it within the same commit.
    const [reply] = await r.say('What industries does Zixing focus on?');
    expect(reply!.text).toBe('ANSWER: What industries does Zixing focus on?');
    expect(writes).toEqual(['receiveMessage', 'addMessage']);
    expect((await r.store.getConversation('wechat:c1'))!.lang).toBe('en');
  });

  it('gives the question service the documents each earlier answer cited', async () => {
    const r = rig();
    r.questions.cites = 'knowledge/policy/new/rent.txt';
    await r.say('厂房租金补贴多少？');
    await r.say('补几年？');
    expect(r.questions.calls[1]!.history).toEqual([
      { role: 'user', text: '厂房租金补贴多少？' },
      { role: 'assistant', text: 'ANSWER: 厂房租金补贴多少？', cited: ['knowledge/policy/new/rent.txt'] },
    ]);
  });

  it('keeps only HISTORY_TURNS earlier turns', async () => {
    const r = rig({ config: { HISTORY_TURNS: '2' } });
    for (const q of ['一？', '二？', '三？']) await r.say(q);
    expect(r.questions.calls[2]!.history).toEqual([
      { role: 'user', text: '二？' },
      { role: 'assistant', text: 'ANSWER: 二？' },
    ]);
  });

  it('treats Slack as staff: never a hand-off; leads registered in a DM, answers only in a channel', async () => {
    const r = rig();
    const dm = await r.handle.assistant.handle({ channel: 'slack', conversationId: 'D1', userId: 'U1', text: '转人工' });
    expect(dm).toHaveLength(1);
    expect(dm[0]!.intent).toBe('question');
    const inChannel = await r.handle.assistant.handle({ channel: 'slack', conversationId: 'C1:1.1', userId: 'U1', text: '我们计划投资2亿元建厂，联系人张三，电话13800138000', group: true });
    expect(inChannel).toHaveLength(1);
    expect(inChannel[0]!.intent).toBe('question');
    const lead = await r.handle.assistant.handle({ channel: 'slack', conversationId: 'D2', userId: 'U1', text: '我们计划投资2亿元建厂，联系人张三，电话13800138000' });
    expect(lead.at(-1)!.intent).toBe('lead');
    expect((await r.store.getConversation('slack:D2'))?.state).toBe('collecting');
    expect(await r.store.listLeads()).toHaveLength(0);
  });

  it('ignores a platform re-delivery of the same message id', async () => {
    const r = rig();
    expect(await r.say('你好？', { messageId: 'm1' })).toHaveLength(1);
    expect(await r.say('你好？', { messageId: 'm1' })).toEqual([]);
    expect(r.questions.calls).toHaveLength(1);
  });

  it('does not collect contact details in a group chat', async () => {
    const r = rig();
    const [o] = await r.say('我们计划投资2亿元建厂', { group: true, mentioned: true, conversationId: 'room-1' });
    expect(o!.intent).toBe('lead');
    expect(o!.text).toContain('私聊');
    expect((await r.store.getConversation('wechat:room-1'))!.state).toBe('answering');
  });

  it('refuses a malformed inbound with a coded error and, behind the guard, cuts an over-long message once with one notice', async () => {
    const r = rig({ config: { MAX_MESSAGE_CHARS: '50' } });
    await expect(r.handle.assistant.handle({ channel: 'fax' as never, conversationId: 'x', userId: 'u', text: 'hi' })).rejects.toMatchObject({ code: 'bad_request' });
    const replies = await guarded(r).handle({ channel: 'wechat', conversationId: 'c1', userId: 'u1', text: '资'.repeat(80) + '？' });
    expect(replies.filter((o) => o.text.includes('您的消息较长'))).toHaveLength(1);
    expect(replies[0]!.text).toBe(`ANSWER: ${'资'.repeat(50)}`);
    expect(r.questions.calls[0]!.question).toHaveLength(50);
  });

  it('a mixed message ("Tell me about 资兴 …") gets the guard\'s notice and the conversation in one language', async () => {
    const r = rig({ config: { MAX_MESSAGE_CHARS: '50' } });
    const text = 'Tell me about 资兴 investment policy, please. '.repeat(3);
    const replies = await guarded(r).handle({ channel: 'wechat', conversationId: 'c1', userId: 'u1', text });
    expect(replies.at(-1)!.text).toBe(GUARD_TEXTS.truncated.en(50));
    expect((await r.store.getConversation('wechat:c1'))!.lang).toBe('en');
  });

  it('replies politely to an empty message', async () => {
    const r = rig();
    const [o] = await r.say('   ');
    expect(o!.intent).toBe('smalltalk');
  });
});

describe('assistant: lead capture', () => {
  it('captures a lead given in one message: summary, confirm, stored and desks told', async () => {
    const r = rig();
    const [prompt] = await r.say(LEAD_IN_ONE);
    expect(prompt!.intent).toBe('lead');
    expect(prompt!.text).toContain('深圳市华芯电子科技有限公司');
    expect(prompt!.text).toContain('13800138000');
    expect(prompt!.text).toContain('730天'); // the privacy notice before submitting contact details
    expect(prompt!.text).toContain('确认');
    const [done] = await r.say('确认');
    expect(done!.intent).toBe('lead');
    expect(done!.text).toContain('招商专员会尽快与您联系');
    const leads = await r.store.listLeads();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.fields).toMatchObject({ company: '深圳市华芯电子科技有限公司', phone: '13800138000', investment: { amountWan: 20_000 }, landOrSpace: { value: 50, unit: 'mu' } });
    await r.handle.flush();
    expect(r.desk.types()).toEqual(['created']);
    expect(r.desk.events[0]!.lead.fields.phone).toBe('13800138000');
    expect((await r.store.getConversation('wechat:c1'))!.state).toBe('waiting');
  });

  it('takes a decline in words ("不方便透露") as leaving the field out, not as something it failed to read', async () => {
    const r = rig();
    const [p1] = await r.say('我们计划在资兴投资建厂');
    expect(p1!.text).toContain('贵公司的名称');
    const [p2] = await r.say('不方便透露');
    // The message states no lead: it is reported as small talk while capture goes on.
    expect(p2!.intent).toBe('smalltalk');
    expect(p2!.text).toContain('这一项可以先不填');
    expect(p2!.text).not.toContain('没有识别出');
    expect(p2!.text).not.toContain('贵公司的名称');
    expect((await r.store.getConversation('wechat:c1'))!.state).toBe('collecting');
    const [p3] = await r.say('跳过');
    expect(p3!.intent).toBe('smalltalk');
    const [p4] = await r.say('大概5000万元');
    expect(p4!.intent).toBe('lead');
    expect(p4!.text).toContain('5000万');
  });

  it('collects a lead spread over several turns, asking one or two fields at a time', async () => {
    const r = rig();
    const [p1] = await r.say('我们计划在资兴投资建厂');
    expect(p1!.text).toContain('贵公司的名称');
    expect(p1!.text).toContain('所属行业');
    const [p2] = await r.say('华芯科技，做芯片封装');
    expect(p2!.text).toContain('计划投资金额');
    const [p3] = await r.say('大概5000万元，厂房3000平方米');
    expect(p3!.text).toContain('计划落地时间');
    const [p4] = await r.say('明年上半年');
    // Why, how long, how to delete — before asking for contact details.
    expect(p4!.text).toMatch(/仅用于.*保存730天.*删除/);
    expect(p4!.text).toContain('联系人姓名');
    const [p5] = await r.say('李四，13912345678');
    expect(p5!.text).toContain('请核对');
    await r.say('确认');
    expect((await r.store.listLeads())[0]!.fields).toMatchObject({
      company: '华芯科技',
      industry: '电子信息',
      investment: { amountWan: 5000 },
      landOrSpace: { value: 3000, unit: 'm2' },
      timeline: '明年上半年',
      contactName: '李四',
      phone: '13912345678',
    });
  });

  it('answers the policy question of a lead message in the same reply as the first prompt', async () => {
    const r = rig();
    const out = await r.say('如果我们在资兴投资建厂，能享受哪些优惠？');
    expect(out).toHaveLength(1);
    expect(out[0]!.intent).toBe('lead');
    expect(out[0]!.answered).toBe(true);
    expect(out[0]!.text).toMatch(/^ANSWER: 如果我们在资兴投资建厂.*\n\n感谢您对资兴的投资意向/s);
    // A plan with no question the documents answer gets the capture prompt alone.
    const r2 = rig();
    r2.questions.unanswered = true;
    const [p] = await r2.say('我们是深圳一家电子信息企业，计划投资2亿元在资兴建厂，想安排实地考察，怎么对接？');
    expect(p!.intent).toBe('lead');
    expect(p!.text.startsWith('感谢您对资兴的投资意向')).toBe(true);
  });

  it('asks in English for an English investor', async () => {
    const r = rig();
    const [p] = await r.say('We plan to invest $20 million in a factory in Zixing.');
    expect(p!.intent).toBe('lead');
    expect(p!.text).toContain("your company's name");
    const [p2] = await r.say('skip');
    expect(p2!.text).toContain('land or floor space');
  });

  it('re-asks a bad phone number specifically, keeping the rest of the message', async () => {
    const r = rig();
    await r.say('我们计划投资2亿元建厂，需要50亩，明年开工，公司是华芯科技有限公司');
    const [bad] = await r.say('王五 1380013800');
    expect(bad!.text).toContain('10位');
    expect(bad!.text).toContain('11位');
    const [ok] = await r.say('13800138000');
    expect(ok!.text).toContain('王五');
    expect(ok!.text).toContain('13800138000');
  });

  it('lets the user skip optional fields but not the contact', async () => {
    const r = rig();
    await r.say('我们想在资兴投资');
    await r.say('跳过');
    await r.say('跳过');
    const [contact] = await r.say('跳过');
    expect(contact!.text).toContain('手机号或微信号');
    const [again] = await r.say('跳过');
    expect(again!.text).toContain('至少一个联系方式');
    const [summary] = await r.say('微信 wxid_hx2026');
    expect(summary!.text).toContain('wxid_hx2026');
    await r.say('确认');
    expect((await r.store.listLeads())[0]!.fields.wechatId).toBe('wxid_hx2026');
  });

  it('cancels at any time and keeps nothing', async () => {
    const r = rig();
    await r.say('我们计划投资2亿元建厂');
    const [c] = await r.say('取消');
    expect(c!.text).toContain('已取消');
    expect(await r.store.listLeads()).toHaveLength(0);
    expect((await r.store.getConversation('wechat:c1'))!.state).toBe('answering');
    const [a] = await r.say('资兴有哪些优势产业？');
    expect(a!.text).toBe('ANSWER: 资兴有哪些优势产业？');
  });

  it('answers a question in the middle, then resumes with the pending prompt', async () => {
    const r = rig();
    await r.say('我们计划在资兴投资建厂');
    const out = await r.say('资兴对电子信息企业有什么优惠政策？');
    expect(out).toHaveLength(2);
    expect(out[0]!.text).toBe('ANSWER: 资兴对电子信息企业有什么优惠政策？');
    expect(out[0]!.intent).toBe('question');
    // Capture waits: one short line with a "continue" button, not the whole prompt again.
    expect(out[1]!.intent).toBe('lead');
    expect(out[1]!.text).not.toContain('贵公司的名称');
    expect(out[1]!.actions?.map((a) => a.value)).toContain('继续登记');
    expect((await r.store.getConversation('wechat:c1'))!.state).toBe('collecting');
    // A second question gets its answer and nothing appended.
    const again = await r.say('资兴有哪些园区？');
    expect(again.map((o) => o.text)).toEqual(['ANSWER: 资兴有哪些园区？']);
    // The button brings the pending prompt back.
    const [resumed] = await r.say('继续登记');
    expect(resumed!.text).toContain('贵公司的名称');
  });

  it('edits a field at the confirmation step', async () => {
    const r = rig();
    await r.say(LEAD_IN_ONE);
    const [s] = await r.say('修改 电话 13912345678');
    expect(s!.text).toContain('13912345678');
    expect(s!.text).toContain('请核对');
    await r.say('确认');
    expect((await r.store.listLeads())[0]!.fields.phone).toBe('13912345678');
  });

  it('hands off straight to staff with what is known', async () => {
    const r = rig();
    await r.say('我们计划投资2亿元建厂');
    const [h] = await r.say('转人工');
    expect(h!.intent).toBe('handoff');
    expect(h!.handoffOffered).toBe(true);
    const [lead] = await r.store.listLeads();
    expect(lead!.fields.investment?.amountWan).toBe(20_000);
    await r.handle.flush();
    expect(r.desk.types()).toEqual(['created']);
    // While waiting the bot still answers, and a contact given later reaches the lead.
    const [a] = await r.say('资兴有哪些园区？');
    expect(a!.text).toBe('ANSWER: 资兴有哪些园区？');
    await r.say('我的电话 13800138000');
    expect((await r.store.getLead(lead!.id))!.fields.phone).toBe('13800138000');
  });

  it('hands off from a plain conversation using the last question as the description', async () => {
    const r = rig();
    await r.say('资兴工业用地每亩多少钱？');
    const [h] = await r.say('转人工');
    expect(h!.intent).toBe('handoff');
    expect(h!.text).toContain('删除'); // no contact yet: asks for one, with the privacy notice
    expect((await r.store.listLeads())[0]!.fields.description).toBe('资兴工业用地每亩多少钱？');
  });

  it('a second lead on the same conversation while one is open updates it', async () => {
    const r = rig();
    await r.say(LEAD_IN_ONE);
    await r.say('确认');
    const [p] = await r.say('我们还计划投资3亿元建二期');
    expect(p!.intent).toBe('lead');
    await r.say('确认');
    const leads = await r.store.listLeads();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.fields.investment?.amountWan).toBe(30_000);
    expect(leads[0]!.fields.phone).toBe('13800138000');
  });

  it('erases the investor’s data on request', async () => {
    const r = rig();
    await r.say(LEAD_IN_ONE);
    await r.say('确认');
    const [ask] = await r.say('删除我的信息');
    expect(ask!.text).toContain('确认删除');
    expect((await r.store.listLeads())[0]!.fields.phone).toBe('13800138000'); // nothing erased before the confirmation
    const [e] = await r.say('确认删除');
    expect(e!.text).toContain('已删除');
    const lead = (await r.store.listLeads())[0]!;
    expect(lead.fields.phone).toBeUndefined();
    expect(lead.fields.contactName).toBeUndefined();
    const msgs = await r.store.messagesSince('wechat:c1', 0);
    expect(msgs.some((m) => m.text.includes('13800138000'))).toBe(false);
  });

  it('erases contact details typed during capture before any lead exists', async () => {
    const r = rig();
    await r.say('我们计划投资2亿元建厂');
    await r.say('张三 13800138000');
    await r.say('删除我的信息');
    const [e] = await r.say('确认删除');
    expect(e!.text).toContain('已删除');
    expect((await r.store.getConversation('wechat:c1'))!).toMatchObject({ state: 'answering', data: {} });
    const msgs = await r.store.messagesSince('wechat:c1', 0);
    expect(msgs.some((m) => m.text.includes('13800138000'))).toBe(false);
  });
});
