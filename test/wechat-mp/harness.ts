/**
 * Drives the Official Account channel as WeChat does: signed GETs and POSTs (plaintext or safe
 * mode) into its Hono app, its API pointed at the loopback FakeMpApi, the passive-reply deadline
 * fired by hand.
 */
import { testConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Assistant, Logger } from '../../src/core/ports.js';
import { createWechatMpChannel, type WechatMpChannel } from '../../src/channels/wechat-mp/index.js';
import { createMsgCrypt, wechatSignature } from '../../src/channels/wechat-mp/msg-crypt.js';
import { buildWechatXml, parseWechatXml } from '../../src/channels/wechat-mp/xml.js';
import { openStore, type SqliteStore } from '../../src/store/index.js';
import { FakeMpApi } from './fake-mp-api.js';

export const TOKEN = 'mp-test-token';
export const APPID = 'wx1234567890abcdef';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const ACCOUNT = 'gh_zixing';

/** Deadlines that pass only when the test says so. */
export class ManualDeadline {
  private pending: (() => void)[] = [];
  readonly deadline = (_ms: number): Promise<void> => new Promise((r) => this.pending.push(r));
  /** Let every pending deadline pass. */
  expire(): void {
    for (const r of this.pending.splice(0)) r();
  }
}

export interface MpHarness {
  api: FakeMpApi;
  mp: WechatMpChannel;
  store: SqliteStore;
  clock: ManualClock;
  timers: ManualDeadline;
  notices: string[];
  config: Config;
  /** GET the URL check with the given signature (default: a correct one). */
  verify(echostr: string, signature?: string): Promise<Response>;
  /** POST a message (fields of the inner XML); `aes` sends it in safe mode. */
  post(fields: Record<string, string | number>, opts?: { aes?: boolean; badSignature?: boolean; raw?: string }): Promise<Response>;
  /** The passive reply's fields (decrypted when it is encrypted), or 'success'. */
  reply(res: Response): Promise<Record<string, string> | 'success'>;
  close(): Promise<void>;
}

let msgSeq = 1000;
/** A text message from `openid` with a fresh MsgId. */
export function textMessage(openid: string, content: string, extra: Record<string, string | number> = {}): Record<string, string | number> {
  return { ToUserName: ACCOUNT, FromUserName: openid, CreateTime: 1767225600, MsgType: 'text', Content: content, MsgId: String(++msgSeq), ...extra };
}

/** Start the channel over `assistant`; `aes` configures an EncodingAESKey. */
export async function startMp(assistant: Assistant, opts: { aes?: boolean; store?: SqliteStore; clock?: ManualClock; config?: Partial<Record<keyof Config, string>>; logger?: Logger } = {}): Promise<MpHarness> {
  const api = new FakeMpApi();
  await api.start();
  const clock = opts.clock ?? new ManualClock();
  const store = opts.store ?? openStore({ path: ':memory:' }, clock);
  const config = testConfig({
    WECHAT_MP_TOKEN: TOKEN,
    WECHAT_MP_APPID: APPID,
    WECHAT_MP_APPSECRET: 'secret',
    WECHAT_API_URL: api.url,
    ...(opts.aes ? { WECHAT_MP_AES_KEY: AES_KEY } : {}),
    ...opts.config,
  });
  const timers = new ManualDeadline();
  const notices: string[] = [];
  const mp = createWechatMpChannel({ config, assistant, kv: store, logger: opts.logger ?? silentLogger, clock, notifyStaff: async (t) => void notices.push(t), deadline: timers.deadline });
  const crypt = createMsgCrypt({ encodingAesKeys: [AES_KEY], receiverId: APPID });
  const query = (extra: Record<string, string> = {}) => {
    const timestamp = '1767225600';
    const nonce = 'n0nce';
    return { timestamp, nonce, signature: wechatSignature(TOKEN, timestamp, nonce), ...extra };
  };
  return {
    api,
    mp,
    store,
    clock,
    timers,
    notices,
    config,
    async verify(echostr, signature) {
      const q = query({ echostr, ...(signature ? { signature } : {}) });
      return mp.app.request(`/wechat/mp?${new URLSearchParams(q)}`);
    },
    async post(fields, o = {}) {
      let q: Record<string, string> = query(o.badSignature ? { signature: '0'.repeat(40) } : {});
      let body = o.raw ?? buildWechatXml(fields);
      if (o.aes) {
        const enc = crypt.encrypt(body);
        q = { ...q, encrypt_type: 'aes', msg_signature: wechatSignature(TOKEN, q.timestamp!, q.nonce!, enc) };
        body = buildWechatXml({ ToUserName: ACCOUNT, Encrypt: enc });
      }
      return mp.app.request(`/wechat/mp?${new URLSearchParams(q)}`, { method: 'POST', body, headers: { 'Content-Type': 'text/xml' } });
    },
    async reply(res) {
      const text = await res.text();
      if (text === 'success') return 'success';
      const outer = parseWechatXml(text);
      if (!outer.Encrypt) return outer;
      if (wechatSignature(TOKEN, outer.TimeStamp!, outer.Nonce!, outer.Encrypt) !== outer.MsgSignature) throw new Error('reply signature does not verify');
      return parseWechatXml(crypt.decrypt(outer.Encrypt).message);
    },
    async close() {
      await api.stop();
      if (!opts.store) store.close();
    },
  };
}
