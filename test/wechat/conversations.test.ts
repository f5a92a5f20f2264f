import { afterEach, describe, expect, it } from 'vitest';
import { FileBox } from 'file-box';
import { citation, outbound, scriptedAssistant, startFixture, until, type Fixture } from './fixture.js';
import { ZH } from '../../src/core/texts/zh.js';
import { openStore } from '../../src/store/index.js';

const UNSUPPORTED_REPLY = ZH.wechat.unsupported;

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const answer = scriptedAssistant(() => [
  outbound('**资兴经开区**对新落户的制造业项目给予设备投资补助 [1]。', { answered: true, citations: [citation(1, '资兴市招商引资优惠政策')] }),
]);

describe('WeChat conversations on the real Wechaty bot (wechaty-puppet-mock)', () => {
  it('answers a direct question with numbered sources, Markdown stripped', async () => {
    const assistant = scriptedAssistant(answer.handle.bind(answer));
    fx = await startFixture({ assistant });
    await fx.login();
    const investor = fx.contact('王总');
    investor.say('设备投资有补助吗？').to(fx.user);
    await until(() => fx!.said(investor).length === 1, 'reply');
    const [reply] = fx.said(investor);
    expect(reply).toContain('资兴经开区对新落户');
    expect(reply).not.toContain('**');
    expect(reply).toContain('依据：[1] 《资兴市招商引资优惠政策》');
    expect(reply).not.toContain('knowledge/');
    expect(assistant.seen).toHaveLength(1);
    expect(assistant.seen[0]).toMatchObject({ channel: 'wechat', conversationId: `dm:${investor.id}`, userId: investor.id, text: '设备投资有补助吗？' });
    expect(assistant.seen[0]!.group).toBeUndefined();
  });

  it('in a group, ignores messages without a mention and answers an @-mention, @-ing the asker', async () => {
    const assistant = scriptedAssistant(() => [outbound('园区有标准厂房出租 [1]。', { answered: true, citations: [citation(1, '园区简介')] })]);
    fx = await startFixture({ assistant });
    await fx.login();
    const asker = fx.contact('李经理');
    const other = fx.contact('张三');
    const room = fx.room('资兴招商交流群', [asker, other]);

    other.say('大家好，今天天气不错').to(room);
    // The mention carries no mention ids (as with wechat4u): the text match must find it.
    asker.say('@资兴招商助手\u2005园区有厂房吗？').to(room);
    await until(() => fx!.said(room).length === 1, 'room reply');
    // Give the ignored message every chance to have been answered too.
    await new Promise((r) => setTimeout(r, 50));

    expect(assistant.seen).toHaveLength(1);
    expect(assistant.seen[0]).toMatchObject({
      conversationId: `room:${room.id}:${asker.id}`,
      userId: asker.id,
      text: '园区有厂房吗？',
      group: true,
      mentioned: true,
    });
    const [reply] = fx.said(room);
    // A real client registers the @ only with U+2005 after the name and the asker in the mention list.
    expect(reply!.startsWith('@李经理\u2005')).toBe(true);
    expect(fx.puppet.sentTexts.find((t) => t.conversationId === room.id)!.mentionIds).toEqual([asker.id]);
    expect(reply).toContain('依据：[1] 《园区简介》');
  });

  it('answers in a group when a configured keyword is used, and via mention ids', async () => {
    const assistant = scriptedAssistant(() => [outbound('好的。')]);
    fx = await startFixture({ assistant, config: { WECHAT_GROUP_KEYWORDS: '招商,政策' } });
    await fx.login();
    const a = fx.contact('赵总');
    const room = fx.room('群', [a]);
    a.say('请问招商有哪些优惠').to(room);
    a.say('@资兴招商助手 厂房租金多少', [fx.user]).to(room);
    a.say('随便聊聊').to(room);
    await until(() => assistant.seen.length === 2, 'two questions');
    await new Promise((r) => setTimeout(r, 50));
    expect(assistant.seen.map((i) => i.text).sort()).toEqual(['厂房租金多少', '请问招商有哪些优惠'].sort());
  });

  it('splits a long reply into ordered parts within the limit', async () => {
    const sentence = (i: number) => `第${i}条：资兴市对符合条件的项目给予用地、用电、物流和人才方面的支持，具体标准以正式文件为准。`;
    const long = Array.from({ length: 60 }, (_, i) => sentence(i + 1)).join('');
    const assistant = scriptedAssistant(() => [outbound(long)]);
    fx = await startFixture({ assistant, config: { WECHAT_MAX_PART_CHARS: '300' } });
    await fx.login();
    const investor = fx.contact('陈总');
    investor.say('都有哪些支持？').to(fx.user);
    await until(() => fx!.said(investor).join('').replace(/\s/g, '') === long.replace(/\s/g, ''), 'all parts');
    const parts = fx.said(investor);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect([...p].length).toBeLessThanOrEqual(300);
    for (const p of parts) expect(p.endsWith('。')).toBe(true);
    // Paced: every send after the first waited for the minimum gap (injected sleep, manual clock).
    expect(fx.sleeps.filter((ms) => ms === fx!.config.WECHAT_MIN_GAP_MS).length).toBeGreaterThanOrEqual(parts.length - 1);
  });

  it('answers an image with one short reply that says what it handles and how to reach a person', async () => {
    const assistant = scriptedAssistant(() => [outbound('不应调用')]);
    fx = await startFixture({ assistant });
    await fx.login();
    const investor = fx.contact('周总');
    investor.say(FileBox.fromBase64('iVBORw0KGgo=', 'photo.png')).to(fx.user);
    await until(() => fx!.said(investor).length === 1, 'image reply');
    investor.say(FileBox.fromBase64('iVBORw0KGgo=', 'photo2.png')).to(fx.user);
    await new Promise((r) => setTimeout(r, 50));
    expect(fx.said(investor)).toEqual([UNSUPPORTED_REPLY]);
    expect(UNSUPPORTED_REPLY).toContain('转人工');
    expect(assistant.seen).toHaveLength(0);
  });

  it('ignores its own messages and official accounts, but answers people whose names contain "bot" or 机器人', async () => {
    const assistant = scriptedAssistant(() => [outbound('hi')]);
    fx = await startFixture({ assistant });
    await fx.login();
    const official = fx.mocker.createContact({ name: '资兴发布', type: 2 /* Official */ });
    const roboticsBoss = fx.contact('华兴机器人 周总');
    const abbot = fx.contact('Abbott Chen');
    official.say('今日新闻').to(fx.user);
    roboticsBoss.say('你好').to(fx.user);
    abbot.say('hello').to(fx.user);
    await until(() => fx!.said(roboticsBoss).length === 1 && fx!.said(abbot).length === 1, 'replies to both people');
    await new Promise((r) => setTimeout(r, 50));
    expect(assistant.seen.map((i) => i.userId).sort()).toEqual([roboticsBoss.id, abbot.id].sort());
    // The bot's own messages never reach the assistant.
    expect(assistant.seen.some((i) => i.userId === fx!.user.id)).toBe(false);
  });

  it('answers a message the puppet delivers twice only once, with the ids kept in the store', async () => {
    const store = openStore({ path: ':memory:' });
    try {
      const assistant = scriptedAssistant(() => [outbound('hi')]);
      fx = await startFixture({ assistant, deps: { kv: store } });
      await fx.login();
      const investor = fx.contact('孙总');
      investor.say('你好').to(fx.user);
      await until(() => fx!.said(investor).length === 1, 'first reply');
      const id = assistant.seen[0]!.messageId!;
      // A reconnecting puppet re-emits the same message.
      fx.puppet.emit('message', { messageId: id });
      await new Promise((r) => setTimeout(r, 50));
      expect(assistant.seen).toHaveLength(1);
      expect(await store.get('wechaty:seen', id)).toBe(1);
    } finally {
      await fx?.close();
      fx = undefined;
      store.close();
    }
  });

  it('replies politely when the assistant fails, and keeps working', async () => {
    let n = 0;
    const assistant = scriptedAssistant(() => {
      if (n++ === 0) throw new Error('boom');
      return [outbound('第二次好了。')];
    });
    fx = await startFixture({ assistant });
    await fx.login();
    const investor = fx.contact('孙总');
    investor.say('问题一').to(fx.user);
    await until(() => fx!.said(investor).length === 1, 'error reply');
    expect(fx.said(investor)[0]).toContain('转人工');
    investor.say('问题二').to(fx.user);
    await until(() => fx!.said(investor).length === 2, 'second reply');
    expect(fx.said(investor)[1]).toBe('第二次好了。');
  });
});
