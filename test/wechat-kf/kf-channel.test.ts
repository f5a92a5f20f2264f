/**
 * The 微信客服 channel against a loopback fake of the WeCom API: URL check, callback → sync_msg →
 * send_msg, the cursor across a restart, no reply to servicers and system events, the welcome on
 * enter_session, the 5-message allowance, and bad callbacks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/ports.js';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { openStore, type SqliteStore } from '../../src/store/index.js';
import { FakeKfApi } from './fake-kf-api.js';
import { callback, KFID, startKf, verifyUrl } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function bot(text: string, extra: Partial<Outbound> = {}): Outbound {
  return { text, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot', ...extra };
}

function echoAssistant(): Assistant & { seen: Inbound[] } {
  const seen: Inbound[] = [];
  return { seen, handle: async (i) => (seen.push(i), [bot(`ANSWER: ${i.text}`)]) };
}

async function setup(): Promise<{ api: FakeKfApi; store: SqliteStore }> {
  const api = new FakeKfApi();
  await api.start();
  const store = openStore({ path: ':memory:' });
  cleanups.push(() => api.stop(), () => store.close());
  return { api, store };
}

describe('微信客服 channel', () => {
  it('answers the URL check with the decrypted echostr and refuses a wrong signature', async () => {
    const { api, store } = await setup();
    const { kf } = startKf(api, echoAssistant(), store);
    const ok = await verifyUrl(kf, '1616140317555161061');
    expect(await ok.text()).toBe('1616140317555161061');
    expect((await verifyUrl(kf, 'x', true)).status).toBe(401);
  });

  it('on kf_msg_or_event pulls with the callback token and answers with send_msg', async () => {
    const { api, store } = await setup();
    const a = echoAssistant();
    const { kf } = startKf(api, a, store);
    api.customer(KFID, 'wmUSER1', '资兴有哪些园区？');
    const res = await callback(kf, { token: 'SYNC-TOKEN-1' });
    expect(await res.text()).toBe('success');
    await kf.pull(KFID);
    expect(api.sent).toEqual([{ to: 'wmUSER1', kfid: KFID, text: 'ANSWER: 资兴有哪些园区？' }]);
    expect(api.syncCalls()[0]!.body).toMatchObject({ token: 'SYNC-TOKEN-1', cursor: '', open_kfid: KFID });
    expect(a.seen[0]).toMatchObject({ channel: 'wechat', conversationId: `kf:${KFID}:wmUSER1`, userId: 'wmUSER1' });
  });

  it('keeps the cursor in the store: after a restart nothing is answered twice and nothing is lost', async () => {
    const { api, store } = await setup();
    const a = echoAssistant();
    const first = startKf(api, a, store).kf;
    for (const q of ['一', '二', '三']) api.customer(KFID, 'wmUSER2', q);
    await first.pull(KFID, 'T');
    expect(api.sent.map((s) => s.text)).toEqual(['ANSWER: 一', 'ANSWER: 二', 'ANSWER: 三']);
    const cursor = await store.get<string>('wecom-kf:cursor', KFID);
    expect(cursor).toBe('3');

    // "Restart": a new channel over the same store; a message arrived while it was down.
    api.customer(KFID, 'wmUSER2', '四');
    const second = startKf(api, a, store).kf;
    await second.channel.start();
    await second.pull(KFID);
    expect(api.sent.map((s) => s.text)).toEqual(['ANSWER: 一', 'ANSWER: 二', 'ANSWER: 三', 'ANSWER: 四']);
    expect(api.syncCalls().at(-1)!.body.cursor).not.toBe('');

    // A page read again (cursor lost, or a second instance) is not handled twice: msgids are in the store.
    await store.delete('wecom-kf:cursor', KFID);
    await second.pull(KFID);
    expect(a.seen).toHaveLength(4);
  });

  it('records servicer messages (origin 5) and system events (origin 4) without answering them; welcomes on enter_session', async () => {
    const { api, store } = await setup();
    const a = echoAssistant();
    const { kf, transcript } = startKf(api, a, store);
    api.append(KFID, { origin: 5, external_userid: 'wmUSER3', servicer_userid: 'zhangsan', msgtype: 'text', text: { content: '您好，我是张三' } });
    api.append(KFID, { origin: 4, msgtype: 'event', event: { event_type: 'enter_session', open_kfid: KFID, external_userid: 'wmUSER3', scene: 'website', welcome_code: 'WELCOME-1' } });
    api.append(KFID, { origin: 4, msgtype: 'event', event: { event_type: 'servicer_status_change', servicer_userid: 'zhangsan', status: 1 } });
    await kf.pull(KFID, 'T');
    expect(a.seen).toEqual([]);
    expect(api.sent).toEqual([]);
    expect(transcript).toEqual([{ conversationId: `kf:${KFID}:wmUSER3`, text: '您好，我是张三' }]);
    expect(api.welcomes).toEqual([{ code: 'WELCOME-1', text: expect.stringContaining('招商优惠政策') }]);
  });

  it('sends 5 messages within 48 h of the customer message; the 6th relayed message is queued and staff are told', async () => {
    const { api, store } = await setup();
    const { kf, notices } = startKf(api, echoAssistant(), store);
    api.customer(KFID, 'wmUSER4', '你好');
    await kf.pull(KFID, 'T');
    const ref = { channel: 'wechat' as const, conversationId: `kf:${KFID}:wmUSER4` };
    for (let i = 2; i <= 5; i++) await kf.deliverer.deliver(ref, bot(`第${i}条`, { speaker: 'staff', staffName: '李明' }));
    expect(api.sent).toHaveLength(5);
    await expect(kf.deliverer.deliver(ref, bot('第6条', { speaker: 'staff', staffName: '李明' }))).rejects.toThrow(/queued/);
    expect(api.sent).toHaveLength(5);
    expect(notices.at(-1)).toMatch(/【微信客服】[\s\S]*条数限制[\s\S]*排队/);
    // The customer writes again: the queued message goes out first, then the answer.
    api.customer(KFID, 'wmUSER4', '还在吗');
    await kf.pull(KFID);
    expect(api.sent.slice(5).map((s) => s.text)).toEqual(['李明：第6条', 'ANSWER: 还在吗']);
  });

  it('reports 95001 from WeCom to staff and queues the message', async () => {
    const { api, store } = await setup();
    const { kf, notices } = startKf(api, echoAssistant(), store);
    api.customer(KFID, 'wmUSER5', '你好');
    await kf.pull(KFID, 'T');
    api.sendErrors.push(95001);
    await expect(kf.deliverer.deliver({ channel: 'wechat', conversationId: `kf:${KFID}:wmUSER5` }, bot('x'))).rejects.toThrow(/over_quota/);
    expect(notices).toHaveLength(1);
  });

  it('reports 95018 (the session state does not allow sending) to staff and queues the message', async () => {
    const { api, store } = await setup();
    const { kf, notices } = startKf(api, echoAssistant(), store);
    api.customer(KFID, 'wmUSER6', '你好');
    await kf.pull(KFID, 'T');
    api.states.set(`${KFID}:wmUSER6`, { state: 2 }); // moved to the waiting pool inside WeCom
    await expect(kf.deliverer.deliver({ channel: 'wechat', conversationId: `kf:${KFID}:wmUSER6` }, bot('x'))).rejects.toThrow(/session/);
    expect(notices.at(-1)).toMatch(/会话当前状态不允许/);
  });

  it('runs one pull per open_kfid at a time and coalesces callbacks that arrive meanwhile', async () => {
    const { api, store } = await setup();
    const { kf } = startKf(api, echoAssistant(), store);
    for (let i = 0; i < 5; i++) api.customer(KFID, 'wmUSER7', `问题${i}`);
    await Promise.all([kf.pull(KFID, 'T'), kf.pull(KFID, 'T'), kf.pull(KFID, 'T'), kf.pull(KFID, 'T')]);
    expect(api.sent.map((s) => s.text)).toEqual([0, 1, 2, 3, 4].map((i) => `ANSWER: 问题${i}`));
    // Two pulls (the running one and one coalesced follow-up), each paging from where the last ended.
    const cursors = api.syncCalls().map((c) => c.body.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
  });

  it('refuses callbacks with a bad signature (401) or malformed XML (400) and pulls nothing', async () => {
    const { api, store } = await setup();
    const { kf } = startKf(api, echoAssistant(), store);
    expect((await callback(kf, { badSignature: true })).status).toBe(401);
    expect((await kf.app.request('/wechat/kf?msg_signature=x&timestamp=1&nonce=2', { method: 'POST', body: '<xml><Encrypt>' })).status).toBe(400);
    expect((await kf.app.request('/wechat/kf?msg_signature=x&timestamp=1&nonce=2', { method: 'POST', body: '<xml><Other>1</Other></xml>' })).status).toBe(400);
    expect(api.syncCalls()).toEqual([]);
  });
});
