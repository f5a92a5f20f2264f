/**
 * The Official Account channel against a loopback fake of WeChat's API: the URL check, passive
 * replies, the 5-second deadline (fired by hand, never waited for), safe mode, WeChat's retries,
 * subscribe / menu / voice / image, the customer-service windows and quotas, and bad input.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/ports.js';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { ACCOUNT, startMp, textMessage, type MpHarness } from './harness.js';

const harnesses: MpHarness[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.close();
});

function bot(text: string, extra: Partial<Outbound> = {}): Outbound {
  return { text, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot', ...extra };
}

/** An assistant that answers "ANSWER: <question>", recording what it saw. */
function echoAssistant(): Assistant & { seen: Inbound[] } {
  const seen: Inbound[] = [];
  return { seen, handle: async (i) => (seen.push(i), [bot(`ANSWER: ${i.text}`)]) };
}

/** An assistant whose answers wait until the test releases them. */
function slowAssistant(): Assistant & { release(text: string): void; seen: Inbound[] } {
  const waiting: ((o: Outbound[]) => void)[] = [];
  const seen: Inbound[] = [];
  return {
    seen,
    handle: (i) => (seen.push(i), new Promise<Outbound[]>((r) => waiting.push(r))),
    release: (text) => waiting.shift()!([bot(text)]),
  };
}

async function start(assistant: Assistant, opts: Parameters<typeof startMp>[1] = {}): Promise<MpHarness> {
  const h = await startMp(assistant, opts);
  harnesses.push(h);
  return h;
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!pred()) throw new Error(`timed out waiting for ${what}`);
}

describe('Official Account channel', () => {
  it('echoes echostr for a correct URL signature and refuses a wrong one', async () => {
    const h = await start(echoAssistant());
    const ok = await h.verify('abc');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('abc');
    expect((await h.verify('abc', 'f'.repeat(40))).status).toBe(401);
  });

  it('answers a text message with a passive XML reply addressed back to the sender', async () => {
    const a = echoAssistant();
    const h = await start(a);
    const reply = await h.reply(await h.post(textMessage('openid-1', '资兴有哪些园区？')));
    expect(reply).toMatchObject({ ToUserName: 'openid-1', FromUserName: ACCOUNT, MsgType: 'text', Content: 'ANSWER: 资兴有哪些园区？' });
    expect(a.seen[0]).toMatchObject({ channel: 'wechat', conversationId: 'mp:openid-1', userId: 'openid-1' });
    expect(h.api.calls).toEqual([]);
  });

  it('answers `success` when the deadline passes first, then sends the answer by the customer-service API', async () => {
    const a = slowAssistant();
    const h = await start(a);
    const pending = h.post(textMessage('openid-2', '税收优惠有哪些？'));
    await until(() => a.seen.length === 1, 'assistant called');
    h.timers.expire();
    expect(await h.reply(await pending)).toBe('success');
    expect(h.api.sent).toEqual([]);
    a.release('迟到的回答');
    await until(() => h.api.sent.length === 1, 'customer-service send');
    expect(h.api.sent[0]).toEqual({ to: 'openid-2', text: '迟到的回答' });
    // The token came from stable_token, which does not invalidate other instances' tokens.
    expect(h.api.tokenCalls()).toHaveLength(1);
    expect(h.api.tokenCalls()[0]!.body).toMatchObject({ grant_type: 'client_credential', appid: 'wx1234567890abcdef', force_refresh: false });
  });

  it('decrypts a safe-mode message and encrypts the passive reply; a bad msg_signature is 401', async () => {
    const h = await start(echoAssistant(), { aes: true });
    const reply = await h.reply(await h.post(textMessage('openid-3', '你好'), { aes: true }));
    expect(reply).toMatchObject({ ToUserName: 'openid-3', Content: 'ANSWER: 你好' });
    const tampered = await h.mp.app.request(`/wechat/mp?timestamp=1767225600&nonce=n0nce&signature=${'0'.repeat(40)}&encrypt_type=aes`, { method: 'POST', body: '<xml><Encrypt>x</Encrypt></xml>' });
    expect(tampered.status).toBe(401);
  });

  it('answers a message WeChat retries three times only once', async () => {
    const a = echoAssistant();
    const h = await start(a);
    const msg = textMessage('openid-4', '重复的问题');
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await h.reply(await h.post(msg)));
    expect(a.seen).toHaveLength(1);
    expect(replies.slice(1)).toEqual(['success', 'success', 'success']);
    // Events have no MsgId: sender + CreateTime identify them.
    const sub = { ToUserName: ACCOUNT, FromUserName: 'openid-4', CreateTime: 1767225700, MsgType: 'event', Event: 'subscribe' };
    expect(await h.reply(await h.post(sub))).not.toBe('success');
    expect(await h.reply(await h.post(sub))).toBe('success');
  });

  it('greets on subscribe, turns menu clicks into their questions, reads voice recognition, and answers images politely', async () => {
    const a = echoAssistant();
    const h = await start(a);
    const greet = await h.reply(await h.post({ ToUserName: ACCOUNT, FromUserName: 'u5', CreateTime: 1, MsgType: 'event', Event: 'subscribe' }));
    expect(greet).toMatchObject({ Content: expect.stringContaining('招商优惠政策') });
    const click = await h.reply(await h.post({ ToUserName: ACCOUNT, FromUserName: 'u5', CreateTime: 2, MsgType: 'event', Event: 'CLICK', EventKey: 'TOPIC_ZONES' }));
    expect(click).toMatchObject({ Content: 'ANSWER: 资兴有哪些产业园区？' });
    const voice = await h.reply(await h.post(textMessage('u5', '', { MsgType: 'voice', MediaId: 'm', Format: 'amr', Recognition: '有哪些补贴' })));
    expect(voice).toMatchObject({ Content: 'ANSWER: 有哪些补贴' });
    const image = await h.reply(await h.post(textMessage('u5', '', { MsgType: 'image', PicUrl: 'http://x/y.jpg', MediaId: 'm' })));
    expect(image).toMatchObject({ Content: expect.stringContaining('文字') });
    expect(a.seen.map((i) => i.text)).toEqual(['资兴有哪些产业园区？', '有哪些补贴']);
    expect(await h.reply(await h.post({ ToUserName: ACCOUNT, FromUserName: 'u5', CreateTime: 3, MsgType: 'event', Event: 'unsubscribe' }))).toBe('success');
  });

  it('allows 5 customer-service messages after a message; the 6th is queued, staff are told, and it goes out on the next message', async () => {
    const a = echoAssistant();
    const h = await start(a);
    await h.post(textMessage('u6', '第一个问题'));
    for (let i = 1; i <= 5; i++) await h.mp.deliverer.deliver({ channel: 'wechat', conversationId: 'mp:u6' }, bot(`工作人员消息${i}`, { speaker: 'staff', staffName: '李明' }));
    expect(h.api.sent.map((s) => s.text)).toEqual([1, 2, 3, 4, 5].map((i) => `李明：工作人员消息${i}`));
    await expect(h.mp.deliverer.deliver({ channel: 'wechat', conversationId: 'mp:u6' }, bot('第六条', { speaker: 'staff', staffName: '李明' }))).rejects.toThrow(/queued/);
    expect(h.api.sent).toHaveLength(5);
    expect(h.notices.at(-1)).toMatch(/发送条数限制[\s\S]*排队/);
    await h.post(textMessage('u6', '还在吗'));
    await until(() => h.api.sent.length === 6, 'queued message sent');
    expect(h.api.sent[5]!.text).toBe('李明：第六条');
  });

  it('counts 3 messages within a minute after a menu click, and the 48-hour window closes', async () => {
    const h = await start(echoAssistant());
    await h.post({ ToUserName: ACCOUNT, FromUserName: 'u7', CreateTime: 10, MsgType: 'event', Event: 'subscribe' });
    const send = (t: string) => h.mp.deliverer.deliver({ channel: 'wechat', conversationId: 'mp:u7' }, bot(t));
    for (const t of ['a', 'b', 'c']) await send(t);
    await expect(send('d')).rejects.toThrow(/over_quota/);
    await h.post(textMessage('u7', '问题'));
    await until(() => h.api.sent.length === 4, 'queued d');
    h.clock.advance(48 * 60 * 60_000 + 1);
    await expect(send('too late')).rejects.toThrow(/expired/);
    expect(h.notices.at(-1)).toMatch(/48 小时/);
  });

  it('reports 45015 and 45047 from WeChat to staff and queues the message', async () => {
    const h = await start(echoAssistant());
    await h.post(textMessage('u8', '问题'));
    h.api.sendErrors.push(45015);
    await expect(h.mp.deliverer.deliver({ channel: 'wechat', conversationId: 'mp:u8' }, bot('x'))).rejects.toThrow(/expired/);
    expect(h.notices.at(-1)).toMatch(/48 小时/);
    await h.post(textMessage('u8', '再问'));
    h.api.sendErrors.push(45047);
    await until(() => h.notices.length === 2, 'second notice');
    expect(h.notices[1]).toMatch(/条数限制/);
  });

  it('keeps the access token in the store and replaces one WeChat refuses', async () => {
    const h = await start(echoAssistant());
    await h.post(textMessage('u9', '问题'));
    const send = (t: string) => h.mp.deliverer.deliver({ channel: 'wechat', conversationId: 'mp:u9' }, bot(t));
    await send('one');
    await send('two');
    expect(h.api.tokenCalls()).toHaveLength(1);
    expect(await h.store.get<{ token: string }>('wechat-mp', 'access_token')).toMatchObject({ token: 'TOKEN-1' });
    h.api.expireTokens();
    await send('three');
    expect(h.api.tokenCalls().map((c) => c.body.force_refresh)).toEqual([false, true]);
    expect(h.api.sent.map((s) => s.text)).toEqual(['one', 'two', 'three']);
    // A token is replaced a few minutes before its 7,200 s run out, without waiting to be refused.
    h.clock.advance((7200 - 4 * 60) * 1000);
    await h.post(textMessage('u9', '又来了'));
    await send('four');
    expect(h.api.tokenCalls()).toHaveLength(3);
    expect(h.api.tokenCalls()[2]!.body.force_refresh).toBe(false);
  });

  it('answers malformed XML, missing fields, bad signatures and huge bodies with 400/401/413', async () => {
    const h = await start(echoAssistant(), { config: { MAX_BODY_BYTES: '2048' } });
    expect((await h.post({}, { raw: '<xml><Content>unclosed</xml>' })).status).toBe(400);
    expect((await h.post({}, { raw: '<xml><Content>no sender</Content></xml>' })).status).toBe(400);
    expect((await h.post({}, { raw: 'not xml at all' })).status).toBe(400);
    expect((await h.post(textMessage('u10', 'x'), { badSignature: true })).status).toBe(401);
    expect((await h.post(textMessage('u10', 'x'.repeat(5000)))).status).toBe(413);
    expect((await h.post(textMessage('u10', 'x'), { aes: true })).status).toBe(400); // no EncodingAESKey configured
  });
});
