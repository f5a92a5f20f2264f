import { afterEach, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { ZH } from '../../src/core/texts/zh.js';
import { createWechatChannel } from '../../src/channels/wechat/index.js';
import { testConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Inbound } from '../../src/core/types.js';
import { outbound, scriptedAssistant, startFixture, until, type Fixture } from './fixture.js';

const FRIEND_GREETING = ZH.wechat.friendGreeting;

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function friendRequest(f: Fixture, id: string, contactId: string): Promise<void> {
  await f.puppet.friendshipPayload(id, { id, contactId, hello: '想了解资兴的投资政策', ticket: 't', timestamp: Date.now(), type: types.Friendship.Receive });
  f.puppet.emit('friendship', { friendshipId: id });
}

describe('WeChat friendships, leads and hand-off, reconnection', () => {
  it('stays off without WECHATY_PUPPET', async () => {
    const wechat = createWechatChannel({ config: testConfig(), assistant: scriptedAssistant(() => []), notifyStaff: async () => undefined, logger: silentLogger, clock: new ManualClock() });
    await wechat.channel.start();
    expect(wechat.channel.status().state).toBe('off');
    expect(wechat.loggedIn()).toBe(false);
    expect(wechat.loginQr()).toBeUndefined();
    await wechat.channel.stop();
  });

  it('accepts a friend request and greets with what the assistant can help with', async () => {
    fx = await startFixture({ assistant: scriptedAssistant(() => []) });
    await fx.login();
    const stranger = fx.contact('刘总');
    await friendRequest(fx, 'fr-1', stranger.id);
    await until(() => fx!.said(stranger).length === 1, 'greeting');
    expect(fx.puppet.accepted).toEqual(['fr-1']);
    expect(fx.said(stranger)).toEqual([FRIEND_GREETING]);
    expect(FRIEND_GREETING).toMatch(/政策|园区/);
  });

  it('leaves friend requests alone when WECHAT_ACCEPT_FRIENDS=false', async () => {
    fx = await startFixture({ assistant: scriptedAssistant(() => []), config: { WECHAT_ACCEPT_FRIENDS: 'false' } });
    await fx.login();
    const stranger = fx.contact('钱总');
    await friendRequest(fx, 'fr-2', stranger.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(fx.puppet.accepted).toEqual([]);
    expect(fx.said(stranger)).toEqual([]);
  });

  it('captures a lead over several messages in one conversation, then delivers staff messages', async () => {
    // A scripted dialog: asks for name and phone, then hands off.
    const assistant = scriptedAssistant((inb: Inbound) => {
      const n = assistant.seen.filter((i) => i.conversationId === inb.conversationId).length;
      if (n === 1) return [outbound('为了安排招商专员与您对接，方便留下您的称呼吗？', { intent: 'lead' })];
      if (n === 2) return [outbound('谢谢！请留下联系电话，专员会尽快联系您。', { intent: 'lead' })];
      return [outbound('已通知招商专员，稍后与您联系。', { intent: 'handoff' })];
    });
    fx = await startFixture({ assistant });
    await fx.login();
    const investor = fx.contact('黄总');
    for (const text of ['我们想在资兴建电池材料工厂', '黄先生', '13800138000']) {
      const before = fx.said(investor).length;
      investor.say(text).to(fx.user);
      await until(() => fx!.said(investor).length === before + 1, `reply to ${text}`);
    }
    const conversationId = `dm:${investor.id}`;
    expect(assistant.seen.map((i) => i.conversationId)).toEqual([conversationId, conversationId, conversationId]);
    expect(fx.said(investor)[2]).toContain('已通知招商专员');

    // Staff take over and reply through the dialog core, which calls the deliverer.
    await fx.wechat.deliverer.deliver({ channel: 'wechat', conversationId }, outbound('招商专员李明已接入对话。', { speaker: 'system', intent: 'handoff' }));
    await fx.wechat.deliverer.deliver({ channel: 'wechat', conversationId, userId: investor.id }, outbound('黄总您好，我是**李明**，明天上午方便通话吗？', { speaker: 'staff', staffName: '李明', intent: 'handoff' }));
    expect(fx.said(investor).slice(3)).toEqual(['招商专员李明已接入对话。', '李明：黄总您好，我是李明，明天上午方便通话吗？']);
  });

  it('delivers a staff reply into a room, @-mentioning the asker', async () => {
    const assistant = scriptedAssistant(() => [outbound('已为您转接招商专员。', { intent: 'handoff' })]);
    fx = await startFixture({ assistant });
    await fx.login();
    const asker = fx.contact('马总');
    const room = fx.room('项目对接群', [asker]);
    asker.say('@资兴招商助手 转人工').to(room);
    await until(() => fx!.said(room).length === 1, 'handoff reply');
    await fx.wechat.deliverer.deliver(
      { channel: 'wechat', conversationId: `room:${room.id}:${asker.id}`, userId: asker.id },
      outbound('马总您好，我来跟进。', { speaker: 'staff', staffName: '王芳' }),
    );
    expect(fx.said(room)[1]).toBe('@马总\u2005王芳：马总您好，我来跟进。');
    expect(fx.puppet.sentTexts.at(-1)!.mentionIds).toEqual([asker.id]);
  });

  it('refuses to deliver while logged out or to an unknown conversation (coded errors)', async () => {
    fx = await startFixture({ assistant: scriptedAssistant(() => []) });
    await expect(fx.wechat.deliverer.deliver({ channel: 'wechat', conversationId: 'dm:someone' }, outbound('x'))).rejects.toMatchObject({ code: 'channel_failed' });
    await expect(fx.wechat.deliverer.deliver({ channel: 'wechat', conversationId: 'nonsense' }, outbound('x'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(fx.wechat.deliverer.deliver({ channel: 'web', conversationId: 'dm:x' }, outbound('x'))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('reports login state and the QR code, and after a logout reconnects with backoff and tells staff', async () => {
    // Backoff sleeps wait for the test to release them; pacing sleeps pass at once.
    const gates: { ms: number; open: () => void }[] = [];
    fx = await startFixture({
      assistant: scriptedAssistant(() => []),
      deps: {
        backoffBaseMs: 10_000,
        sleep: (ms) => (ms >= 10_000 ? new Promise<void>((open) => gates.push({ ms, open })) : Promise.resolve()),
      },
    });
    expect(fx.wechat.channel.status().state).toBe('starting');
    fx.mocker.scan('https://login.weixin.qq.com/l/first', types.ScanStatus.Waiting);
    await until(() => fx!.wechat.loginQr() === 'https://login.weixin.qq.com/l/first', 'QR code');
    expect(fx.wechat.channel.status()).toMatchObject({ state: 'starting', detail: 'waiting for QR code scan' });
    await fx.login();
    expect(fx.wechat.channel.status().state).toBe('ready');
    expect(fx.wechat.loginQr()).toBeUndefined();
    expect(fx.puppet.starts).toBe(1);

    await fx.puppet.logout('kicked by WeChat');
    await until(() => fx!.staffNotices.length === 1 && gates.length === 1, 'staff notice and first backoff');
    expect(fx.staffNotices[0]).toMatch(/重新登录|扫码/);
    expect(fx.wechat.loggedIn()).toBe(false);
    expect(fx.wechat.channel.status().state).toBe('degraded');

    gates[0]!.open();
    await until(() => gates.length === 2, 'second backoff');
    expect(fx.puppet.starts).toBe(2); // the bot was restarted
    expect(gates.map((g) => g.ms)).toEqual([10_000, 20_000]);

    // The restarted puppet shows a new QR code: it is alive and waits for a person, no more restarts.
    fx.mocker.scan('https://login.weixin.qq.com/l/second', types.ScanStatus.Waiting);
    await until(() => fx!.wechat.loginQr() === 'https://login.weixin.qq.com/l/second', 'new QR code');
    gates[1]!.open();
    await new Promise((r) => setTimeout(r, 30));
    expect(fx.puppet.starts).toBe(2);
    expect(gates).toHaveLength(2);
    expect(fx.staffNotices).toHaveLength(1); // told once per outage

    await fx.login();
    expect(fx.wechat.channel.status().state).toBe('ready');
  });

  it('treats a silent connection as lost', async () => {
    fx = await startFixture({ assistant: scriptedAssistant(() => []), deps: { silenceMs: 5 * 60_000, livenessCheckMs: 5, backoffBaseMs: 10_000, sleep: () => new Promise(() => undefined) } });
    await fx.login();
    fx.clock.advance(6 * 60_000);
    await until(() => fx!.staffNotices.length === 1, 'staff notice');
    expect(fx.wechat.channel.status()).toMatchObject({ state: 'degraded' });
    expect(fx.wechat.channel.status().detail).toContain('silent');
  });
});
