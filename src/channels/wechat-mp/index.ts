/**
 * The WeChat Official Account (服务号) channel, the sanctioned route for investors on WeChat:
 * WeChat POSTs each message to `/wechat/mp` on our own port; the answer goes back as a passive
 * reply when it is ready inside WeChat's 5-second window, otherwise the request gets `success` and
 * the answer follows as a customer-service message (客服消息) within that API's windows and quotas.
 * WeChat types stop in this folder; the dialog core sees `Inbound` on channel `wechat` with
 * conversation `mp:<openid>`.
 */
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Config } from '../../config.js';
import { asCodedError, CodedError } from '../../core/errors.js';
import { ZH } from '../../core/texts/zh.js';
import type { Assistant, Channel, Clock, Deliverer, Logger } from '../../core/ports.js';
import type { ConversationRef, Inbound, Outbound } from '../../core/types.js';
import type { RequestListener } from 'node:http';
import type { KeyValueLedger } from '../../store/types.js';
import { renderOutbound } from '../wechat/render.js';
import { errcodeOf, type FetchLike } from './api-client.js';
import { createMpCallbackApp } from './callback-app.js';
import { createMpApi, type MpApi } from './mp-api.js';
import { createMsgCrypt } from './msg-crypt.js';
import { parseMpMessage, type MpMessage } from './parse-message.js';
import { SendWindows, type Refusal } from './send-window.js';

/** Where WeChat calls us. */
export const WECHAT_MP_PATH = '/wechat/mp';
/** Conversation ids of this channel: `mp:<openid>`. */
export const MP_PREFIX = 'mp:';
/** One WeChat text message: ~600 CJK characters stay under the 2,048-byte limit of a text. */
export const PART_CHARS = 600;

const SEEN = 'wechat-mp:seen';
const HOUR = 60 * 60_000;
const SEEN_KEEP_MS = 24 * HOUR;

/** What the channel needs. */
export interface WechatMpDeps {
  config: Config;
  assistant: Assistant;
  kv: KeyValueLedger;
  logger: Logger;
  clock: Clock;
  /** Operational notice to staff (quota refusals). */
  notifyStaff: (text: string) => Promise<void>;
  fetch?: FetchLike;
  /** Resolves when the passive-reply deadline has passed; tests resolve it by hand. */
  deadline?: (ms: number) => Promise<void>;
  /** Replace the API client (the menu script passes the real one; tests never need to). */
  api?: MpApi;
}

/** The channel, its deliverer for `mp:` conversations, and its HTTP endpoint. */
export interface WechatMpChannel {
  channel: Channel;
  deliverer: Deliverer;
  app: Hono;
  requestListener: RequestListener;
}

const defaultDeadline = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** True when the Official Account channel is configured. */
export function wechatMpEnabled(config: Config): boolean {
  return Boolean(config.WECHAT_MP_TOKEN && config.WECHAT_MP_APPID && config.WECHAT_MP_APPSECRET);
}

/** Build the Official Account channel. */
export function createWechatMpChannel(deps: WechatMpDeps): WechatMpChannel {
  const { config, kv, clock } = deps;
  const logger = deps.logger.child({ channel: 'wechat-mp' });
  const token = config.WECHAT_MP_TOKEN ?? '';
  const appId = config.WECHAT_MP_APPID ?? '';
  const keys = [config.WECHAT_MP_AES_KEY, config.WECHAT_MP_AES_KEY_PREVIOUS].filter((k): k is string => Boolean(k));
  const crypt = keys.length > 0 ? createMsgCrypt({ encodingAesKeys: keys, receiverId: appId }) : undefined;
  const api = deps.api ?? createMpApi({ baseUrl: config.WECHAT_API_URL, appId, appSecret: config.WECHAT_MP_APPSECRET ?? '', kv, clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const deadline = deps.deadline ?? defaultDeadline;
  const windows = new SendWindows(kv, 'wechat-mp:window', { message: { windowMs: 48 * HOUR, max: 5 }, event: { windowMs: 60_000, max: 3 } }, clock);
  let lastPrune = 0;

  /** Send parts in order; what the platform refuses now is queued for the user's next message and staff are told once. */
  async function sendParts(openid: string, parts: string[]): Promise<Refusal | undefined> {
    let refused: Refusal | undefined;
    for (const text of parts) {
      let why = refused ?? (await windows.reserve(openid));
      if (!why) {
        try {
          await api.sendText(openid, text);
          continue;
        } catch (err) {
          const code = errcodeOf(err);
          // 45015: the 48-hour window is over (or the user unsubscribed); 45047: too many messages.
          if (code === 45015) why = 'expired';
          else if (code === 45047) why = 'over_quota';
          else throw err;
          await windows.exhaust(openid);
        }
      }
      refused = why;
      await windows.enqueue(openid, text);
    }
    if (refused) {
      logger.warn('wechat-mp send queued', { reason: refused, user_id: openid });
      await deps.notifyStaff(ZH.staffNotice.queued(ZH.staffNotice.mpName, openid, refused)).catch((err: unknown) => logger.error('staff notice failed', { err }));
    }
    return refused;
  }

  /** The investor acted: open a new window and send what waited for it. */
  async function opened(openid: string, kind: 'message' | 'event'): Promise<void> {
    const queued = await windows.opened(openid, kind);
    if (queued.length > 0) void sendParts(openid, queued).catch((err: unknown) => logger.error('wechat-mp queued send failed', { err: asCodedError(err) }));
  }

  /** The channel's one error path for a message: logged once with its code; the investor gets the polite reply. */
  function failed(err: unknown): string[] {
    const e = asCodedError(err);
    logger.error('wechat-mp message failed', { code: e.code, err: e });
    return [ZH.wechat.error];
  }

  /** The dialog's replies as WeChat texts; a failure becomes the polite error reply (`failed`). */
  function answer(msg: Extract<MpMessage, { kind: 'text' }>): Promise<string[]> {
    const inbound: Inbound = { channel: 'wechat', conversationId: `${MP_PREFIX}${msg.openid}`, userId: msg.openid, text: msg.text, messageId: msg.messageId };
    return deps.assistant
      .handle(inbound)
      .then((outs) => outs.flatMap((o) => renderOutbound(o, PART_CHARS)))
      .catch(failed);
  }

  /** Reply passively when the answer beats the deadline; else `success` now and the answer by the customer-service API. */
  async function answerWithin(msg: Extract<MpMessage, { kind: 'text' }>): Promise<string | undefined> {
    const work = answer(msg);
    const first = await Promise.race([work, deadline(config.WECHAT_MP_REPLY_DEADLINE_MS).then(() => 'late' as const)]);
    // A send that fails after the request was answered has no one left to tell but the log.
    const sendLater = (parts: string[]) => void sendParts(msg.openid, parts).catch((err: unknown) => logger.error('wechat-mp send failed', { err: asCodedError(err) }));
    if (first === 'late') {
      void work.then(sendLater);
      return undefined;
    }
    if (first.length === 0) return undefined;
    const joined = first.join('\n\n');
    // A passive reply is one message: send it all when it fits, else the first part now and the rest after.
    if (joined.length <= PART_CHARS) return joined;
    sendLater(first.slice(1));
    return first[0];
  }

  async function onMessage(fields: Record<string, string>): Promise<string | undefined> {
    const msg = parseMpMessage(fields);
    // Before the message is claimed a failure is the request's (500, logged by onError): WeChat retries it.
    if (!(await kv.setIfAbsent(SEEN, msg.dedupeKey, 1))) return undefined; // WeChat's retry of a message being handled
    try {
      if (clock.now() - lastPrune > HOUR) {
        lastPrune = clock.now();
        await kv.deleteOlderThan(SEEN, SEEN_KEEP_MS);
      }
      switch (msg.kind) {
        case 'ignored':
          logger.debug('wechat-mp callback ignored', { reason: msg.reason });
          return undefined;
        case 'subscribe':
          await opened(msg.openid, 'event');
          return ZH.wechat.welcome;
        case 'unsupported':
          await opened(msg.openid, 'message');
          logger.info('wechat-mp unsupported message kind', { kind: msg.what });
          return ZH.wechat.unsupported;
        case 'voice_unrecognised':
          await opened(msg.openid, 'message');
          return ZH.wechat.voiceUnrecognised;
        case 'text':
          await opened(msg.openid, msg.via);
          return await answerWithin(msg);
      }
    } catch (err) {
      // Claimed, so WeChat's retry would be dropped: the investor hears of the failure now.
      const [reply] = failed(err);
      return msg.kind === 'ignored' ? undefined : reply;
    }
  }

  const app = createMpCallbackApp({ path: WECHAT_MP_PATH, token, ...(crypt ? { crypt } : {}), maxBodyBytes: config.MAX_BODY_BYTES, clock, logger, onMessage });

  const channel: Channel = {
    name: 'wechat-mp',
    start: async () => logger.info('wechat-mp ready', { path: WECHAT_MP_PATH, mode: crypt ? 'aes' : 'plaintext' }),
    stop: async () => {},
    status: () => ({ state: 'ready' }),
  };

  const deliverer: Deliverer = {
    async deliver(ref: ConversationRef, message: Outbound): Promise<void> {
      if (!ref.conversationId.startsWith(MP_PREFIX)) throw new CodedError('bad_request', 'not an Official Account conversation');
      const openid = ref.conversationId.slice(MP_PREFIX.length);
      const refused = await sendParts(openid, renderOutbound(message, PART_CHARS));
      if (refused) throw new CodedError('channel_failed', `queued until the investor writes again (${refused})`);
    },
  };

  return { channel, deliverer, app, requestListener: getRequestListener(app.fetch) };
}
