/**
 * The WeCom 微信客服 (WeChat Customer Service) channel: any WeChat user opens it from a link or QR
 * code; WeCom calls `/wechat/kf` when something happened, we pull the messages (`kf/sync_msg`),
 * answer with `kf/send_msg`, and hand serious investors to staff — either through the bot as on
 * every channel (the session stays with the bot, state 1) or, with WECOM_KF_SERVICER, by
 * transferring the session to that WeCom servicer (state 3), who answers inside WeCom. WeCom types
 * stop here; the core sees channel `wechat`, conversation `kf:<open_kfid>:<external_userid>`.
 */
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Config } from '../../config.js';
import { asCodedError, CodedError } from '../../core/errors.js';
import { ZH } from '../../core/texts/zh.js';
import type { Assistant, Channel, Clock, Deliverer, Logger, StaffDesk } from '../../core/ports.js';
import type { Inbound } from '../../core/types.js';
import type { RequestListener } from 'node:http';
import type { KeyValueLedger } from '../../store/types.js';
import { renderOutbound } from '../wechat/render.js';
import { errcodeOf, type FetchLike } from '../wechat-mp/api-client.js';
import { PART_CHARS } from '../wechat-mp/index.js';
import { createMsgCrypt } from '../wechat-mp/msg-crypt.js';
import { SendWindows, type Refusal } from '../wechat-mp/send-window.js';
import { createKfCallbackApp } from './callback-app.js';
import { createKfApi, type KfApi, type KfEntry } from './kf-api.js';
import { KfPuller } from './kf-puller.js';
import { KF_STATE, KfSessions, kfConversationId, parseKfConversationId } from './sessions.js';

/** Where WeCom calls us. */
export const WECOM_KF_PATH = '/wechat/kf';
/** Conversation ids of this channel. */
export const KF_PREFIX = 'kf:';

/** What the channel needs. */
export interface WecomKfDeps {
  config: Config;
  assistant: Assistant;
  kv: KeyValueLedger;
  logger: Logger;
  clock: Clock;
  notifyStaff: (text: string) => Promise<void>;
  /** Put a servicer's message (written inside WeCom) into the conversation's transcript. */
  recordServicerMessage?: (conversationId: string, userId: string, text: string, platformId: string) => Promise<void>;
  fetch?: FetchLike;
}

/** The channel, its deliverer, the desk that transfers sessions, and its HTTP endpoint. */
export interface WecomKfChannel {
  channel: Channel;
  deliverer: Deliverer;
  /** Hears claims and releases: transfers sessions to WECOM_KF_SERVICER and ends them again. */
  desk: StaffDesk;
  app: Hono;
  requestListener: RequestListener;
  /** Pull `openKfid` now (what a callback does); resolves when the pull is done. */
  pull(openKfid: string, token?: string): Promise<void>;
}

/** True when 微信客服 is configured. */
export function wecomKfEnabled(config: Config): boolean {
  return Boolean(config.WECOM_CORP_ID && config.WECOM_KF_SECRET && config.WECOM_KF_TOKEN && config.WECOM_KF_AES_KEY);
}

const HOUR = 60 * 60_000;

/** Build the 微信客服 channel. */
export function createWecomKfChannel(deps: WecomKfDeps): WecomKfChannel {
  const { config, kv, clock } = deps;
  const logger = deps.logger.child({ channel: 'wecom-kf' });
  const corpId = config.WECOM_CORP_ID ?? '';
  const api: KfApi = createKfApi({ baseUrl: config.WECOM_API_URL, corpId, secret: config.WECOM_KF_SECRET ?? '', kv, clock, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const crypt = createMsgCrypt({ encodingAesKeys: [config.WECOM_KF_AES_KEY ?? ''], receiverId: corpId });
  const sessions = new KfSessions(kv);
  // send_msg: at most 5 messages within 48 h of the customer's last message.
  const windows = new SendWindows(kv, 'wecom-kf:window', { message: { windowMs: 48 * HOUR, max: 5 }, event: { windowMs: 48 * HOUR, max: 5 } }, clock);
  const tell = (text: string) => deps.notifyStaff(text).catch((err: unknown) => logger.error('staff notice failed', { err }));

  async function sendParts(openKfid: string, user: string, parts: string[]): Promise<Refusal | 'session' | undefined> {
    const key = `${openKfid}:${user}`;
    let refused: Refusal | 'session' | undefined;
    for (const text of parts) {
      let why = refused ?? (await windows.reserve(key));
      if (!why) {
        try {
          await api.sendText(openKfid, user, text);
          continue;
        } catch (err) {
          const code = errcodeOf(err);
          // 95001: the 5-message allowance is spent; 95018: the session's state does not allow sending.
          if (code === 95001) why = 'over_quota';
          else if (code === 95018) why = 'session';
          else throw err;
          if (code === 95001) await windows.exhaust(key);
        }
      }
      refused = why;
      await windows.enqueue(key, text);
    }
    if (refused) {
      logger.warn('wecom-kf send queued', { reason: refused, user_id: user });
      await tell(ZH.staffNotice.queued(ZH.staffNotice.kfName, user, refused));
    }
    return refused;
  }

  async function onCustomer(entry: KfEntry, user: string): Promise<void> {
    const openKfid = entry.open_kfid;
    const session = await sessions.get(openKfid, user);
    // After an ended session the customer's next message opens a new one (未处理): the bot serves again.
    if (session.state === KF_STATE.ended) await sessions.set(openKfid, user, { state: KF_STATE.untreated });
    const queued = await windows.opened(`${openKfid}:${user}`, 'message');
    if (queued.length > 0) await sendParts(openKfid, user, queued);
    const text = entry.msgtype === 'text' ? (entry.text?.content ?? '').trim() : '';
    if (!text) {
      if (entry.msgtype !== 'text') logger.info('wecom-kf unsupported message kind', { kind: entry.msgtype });
      await sendParts(openKfid, user, [ZH.wechat.unsupported]);
      return;
    }
    const inbound: Inbound = { channel: 'wechat', conversationId: kfConversationId(openKfid, user), userId: user, text, messageId: `kf:${entry.msgid}` };
    // A failure here (the core, rendering, the platform) takes the puller's one error path: logged once, `replyFailed`.
    const parts = (await deps.assistant.handle(inbound)).flatMap((o) => renderOutbound(o, PART_CHARS));
    if (parts.length > 0) await sendParts(openKfid, user, parts);
  }

  async function onEvent(entry: KfEntry): Promise<void> {
    const ev = entry.event;
    if (!ev) return;
    const openKfid = ev.open_kfid ?? entry.open_kfid;
    const user = ev.external_userid;
    logger.info('wecom-kf event', { event: ev.event_type, change_type: ev.change_type });
    if (ev.event_type === 'enter_session' && ev.welcome_code) {
      await api.sendWelcome(ev.welcome_code, ZH.wechat.welcome).catch((err: unknown) => logger.warn('wecom-kf welcome failed', { err: asCodedError(err) }));
    } else if (ev.event_type === 'session_status_change' && user) {
      // 1 taken from the pool, 2 transferred, 4 re-opened by a servicer: a person has it; 3 ended.
      if (ev.change_type === 3) await sessions.set(openKfid, user, { state: KF_STATE.ended });
      else if (ev.change_type) await sessions.set(openKfid, user, { state: KF_STATE.human, ...(ev.new_servicer_userid ? { servicer: ev.new_servicer_userid } : {}) });
    } else if (ev.event_type === 'msg_send_fail') {
      await tell(ZH.staffNotice.sendFailed(ev.fail_type));
    }
  }

  async function onEntry(entry: KfEntry): Promise<void> {
    if (entry.origin === 3 && entry.external_userid) return onCustomer(entry, entry.external_userid);
    if (entry.origin === 4) return onEvent(entry);
    if (entry.origin === 5 && entry.external_userid) {
      // A servicer wrote inside WeCom: part of the transcript, never answered.
      const text = entry.msgtype === 'text' ? (entry.text?.content ?? '') : `[${entry.msgtype}]`;
      await deps.recordServicerMessage?.(kfConversationId(entry.open_kfid, entry.external_userid), entry.external_userid, text, `kf:${entry.msgid}`);
    }
  }

  /** A customer whose message could not be handled hears so politely; other entries have no one to tell. */
  async function replyFailed(entry: KfEntry): Promise<void> {
    if (entry.origin === 3 && entry.external_userid) await sendParts(entry.open_kfid, entry.external_userid, [ZH.wechat.error]);
  }

  const puller = new KfPuller(api, kv, clock, logger, onEntry, replyFailed);

  const app = createKfCallbackApp({
    path: WECOM_KF_PATH,
    token: config.WECOM_KF_TOKEN ?? '',
    crypt,
    maxBodyBytes: config.MAX_BODY_BYTES,
    logger,
    onEvent: (fields) => {
      if (fields.Event !== 'kf_msg_or_event' || !fields.OpenKfId) return;
      void puller.pull(fields.OpenKfId, fields.Token);
    },
  });

  const channel: Channel = {
    name: 'wecom-kf',
    async start() {
      // Catch up on what arrived while we were down (the callback of then is gone).
      for (const [openKfid] of await kv.entries('wecom-kf:cursor')) void puller.pull(openKfid);
      logger.info('wecom-kf ready', { path: WECOM_KF_PATH, transfer: Boolean(config.WECOM_KF_SERVICER) });
    },
    stop: async () => {},
    status: () => ({ state: 'ready' }),
  };

  const deliverer: Deliverer = {
    async deliver(ref, message) {
      const ids = parseKfConversationId(ref.conversationId);
      if (!ids) throw new CodedError('bad_request', 'not a 微信客服 conversation');
      const session = await sessions.get(ids.openKfid, ids.externalUserId);
      if (session.state === KF_STATE.human) {
        // WeCom's servicer holds the session and the bot may not send: notices are moot, words are not.
        if (message.speaker === 'system') return;
        await tell(ZH.staffNotice.humanHoldsSession);
        throw new CodedError('channel_failed', 'a WeCom servicer holds this session');
      }
      const refused = await sendParts(ids.openKfid, ids.externalUserId, renderOutbound(message, PART_CHARS));
      if (refused) throw new CodedError('channel_failed', `queued until the investor writes again (${refused})`);
    },
  };

  const desk: StaffDesk = {
    name: 'wecom-kf',
    async notify(event) {
      const servicer = config.WECOM_KF_SERVICER;
      const ids = event.lead.conversation.channel === 'wechat' ? parseKfConversationId(event.lead.conversation.conversationId) : undefined;
      if (!servicer || !ids) return;
      const { openKfid, externalUserId } = ids;
      if (event.type === 'claimed') {
        try {
          await api.transState(openKfid, externalUserId, KF_STATE.human, servicer);
          await sessions.set(openKfid, externalUserId, { state: KF_STATE.human, servicer });
        } catch (err) {
          // A platform refusal is final (retrying will not activate the servicer): tell staff. Network errors retry.
          if (errcodeOf(err) === undefined) throw err;
          await tell(ZH.staffNotice.transferFailed(servicer, errcodeOf(err), asCodedError(err).message));
        }
      } else if (event.type === 'released' || event.type === 'closed') {
        if ((await sessions.get(openKfid, externalUserId)).state !== KF_STATE.human) return;
        // The bot cannot take a session back from state 3: ending it lets the next message start afresh.
        try {
          await api.transState(openKfid, externalUserId, KF_STATE.ended);
          await sessions.set(openKfid, externalUserId, { state: KF_STATE.ended });
        } catch (err) {
          if (errcodeOf(err) === undefined) throw err;
          await tell(ZH.staffNotice.endFailed(errcodeOf(err), asCodedError(err).message));
        }
      }
    },
    // Operational notices reach staff through the other desks (notifyStaff).
    notice: async () => {},
  };

  return { channel, deliverer, desk, app, requestListener: getRequestListener(app.fetch), pull: (openKfid, token) => puller.pull(openKfid, token) };
}
