/**
 * Drives the 微信客服 channel as WeCom does: encrypted, signed callbacks into its Hono app, the
 * API pointed at the loopback FakeKfApi, the store shared across "restarts".
 */
import { testConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Assistant, Logger } from '../../src/core/ports.js';
import { createWecomKfChannel, type WecomKfChannel } from '../../src/channels/wecom-kf/index.js';
import { createMsgCrypt, wechatSignature } from '../../src/channels/wechat-mp/msg-crypt.js';
import { buildWechatXml } from '../../src/channels/wechat-mp/xml.js';
import type { SqliteStore } from '../../src/store/index.js';
import { FakeKfApi } from './fake-kf-api.js';

export const CORP_ID = 'ww0123456789abcdef';
export const KF_TOKEN = 'kf-callback-token';
export const KF_AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
export const KFID = 'wkKFID0001';

/** The settings of a 微信客服 test. */
export function kfConfig(api: FakeKfApi, extra: Partial<Record<keyof Config, string>> = {}): Config {
  return testConfig({ WECOM_CORP_ID: CORP_ID, WECOM_KF_SECRET: 's3cret', WECOM_KF_TOKEN: KF_TOKEN, WECOM_KF_AES_KEY: KF_AES, WECOM_API_URL: api.url, ...extra });
}

/** The channel over `assistant` and `store`; staff notices and servicer transcript lines recorded. */
export function startKf(api: FakeKfApi, assistant: Assistant, store: SqliteStore, opts: { clock?: ManualClock; config?: Partial<Record<keyof Config, string>>; logger?: Logger } = {}) {
  const notices: string[] = [];
  const transcript: { conversationId: string; text: string }[] = [];
  const kf: WecomKfChannel = createWecomKfChannel({
    config: kfConfig(api, opts.config),
    assistant,
    kv: store,
    logger: opts.logger ?? silentLogger,
    clock: opts.clock ?? new ManualClock(),
    notifyStaff: async (t) => void notices.push(t),
    recordServicerMessage: async (conversationId, _user, text) => void transcript.push({ conversationId, text }),
  });
  return { kf, notices, transcript };
}

const crypt = createMsgCrypt({ encodingAesKeys: [KF_AES], receiverId: CORP_ID });

/** POST WeCom's kf_msg_or_event callback (encrypted, signed) to the channel's app. */
export function callback(kf: WecomKfChannel, opts: { token?: string; badSignature?: boolean; openKfid?: string } = {}): Promise<Response> {
  const inner = buildWechatXml({ ToUserName: CORP_ID, CreateTime: 1767225600, MsgType: 'event', Event: 'kf_msg_or_event', Token: opts.token ?? 'SYNC-TOKEN', OpenKfId: opts.openKfid ?? KFID });
  const enc = crypt.encrypt(inner);
  const q = new URLSearchParams({ timestamp: '1767225600', nonce: 'nn', msg_signature: opts.badSignature ? '0'.repeat(40) : wechatSignature(KF_TOKEN, '1767225600', 'nn', enc) });
  return Promise.resolve(kf.app.request(`/wechat/kf?${q}`, { method: 'POST', body: buildWechatXml({ ToUserName: CORP_ID, Encrypt: enc, AgentID: '' }) }));
}

/** The GET URL check with an encrypted echostr. */
export function verifyUrl(kf: WecomKfChannel, plain: string, badSignature = false): Promise<Response> {
  const enc = crypt.encrypt(plain);
  const q = new URLSearchParams({ timestamp: '1767225600', nonce: 'nn', echostr: enc, msg_signature: badSignature ? '1'.repeat(40) : wechatSignature(KF_TOKEN, '1767225600', 'nn', enc) });
  return Promise.resolve(kf.app.request(`/wechat/kf?${q}`));
}
