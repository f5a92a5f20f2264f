/**
 * The WeChat channel: a Wechaty bot (any puppet; wechaty-puppet-wechat4u for a personal account)
 * that hands investors' messages to the Assistant and sends its replies back, paced to stay
 * clear of WeChat's risk control. Wechaty types stop in this folder.
 */
import { KeyedLock } from '../../core/keyed-lock.js';
import { RecentIds } from '../../core/recent-ids.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import qrcodeTerminal from 'qrcode-terminal';
import { WechatyBuilder, types, type Contact, type Friendship, type Message, type Wechaty, type WechatyOptions } from 'wechaty';
import type { Config } from '../../config.js';
import { CodedError, asCodedError } from '../../core/errors.js';
import { ZH } from '../../core/texts/zh.js';
import type { Assistant, Channel, Clock, Deliverer, Logger } from '../../core/ports.js';
import type { ConversationRef, Outbound } from '../../core/types.js';
import type { KeyValueLedger } from '../../store/types.js';
import { createConnectionSupervisor } from './connection.js';
import { dmConversationId, parseMessage, targetFromConversationId, type WechatTarget } from './parse-message.js';
import { renderOutbound } from './render.js';
import { createSendPacer, type SendPacer, type SendResult } from './send-pacer.js';
import { wrapAsync } from './wrap-async.js';

/** A Wechaty puppet instance (tests pass a `PuppetMock`). */
export type WechatyPuppet = Exclude<NonNullable<WechatyOptions['puppet']>, string>;

/** What the WeChat channel needs. */
export interface WechatChannelDeps {
  config: Config;
  assistant: Assistant;
  /** Operational notice to staff (StaffDesk.notice), e.g. that a re-login is needed. */
  notifyStaff: (text: string) => Promise<void>;
  logger: Logger;
  clock: Clock;
  /** A puppet instance; without it the puppet named by WECHATY_PUPPET is loaded. */
  puppet?: WechatyPuppet;
  /** Used for send pacing and reconnect backoff; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  /** Shows the login QR code; default prints it in the terminal. */
  printQr?: (qr: string) => void;
  /** Where de-duplication ids live (the store); without it, a bounded in-memory set (tests). */
  kv?: KeyValueLedger;
  /** Jitter source for send pacing; tests pass a fixed one. */
  random?: () => number;
  /** Silence (no event at all) while logged in that counts as a dead connection; default 5 min. */
  silenceMs?: number;
  /** How often silence is checked; default 1 min. */
  livenessCheckMs?: number;
  /** First reconnect delay, doubling per attempt up to the max; defaults 5 s and 5 min. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/** The channel, its deliverer, and the login state for the staff console. */
export interface WechatChannel {
  channel: Channel;
  deliverer: Deliverer;
  /** The QR code payload to scan while waiting for a login. */
  loginQr(): string | undefined;
  loggedIn(): boolean;
}

const defaultSleep = (ms: number): Promise<void> => delay(ms);
const defaultPrintQr = (qr: string) => qrcodeTerminal.generate(qr, { small: true });
/** One reply to images/voice/… per conversation per hour: repeating it would be spam. */
const UNSUPPORTED_REPEAT_MS = 60 * 60_000;

/** Build the WeChat channel; nothing connects until `channel.start()`, and only when a puppet is configured. */
export function createWechatChannel(deps: WechatChannelDeps): WechatChannel {
  const { config, clock } = deps;
  const logger = deps.logger.child({ channel: 'wechat' });
  const sleep = deps.sleep ?? defaultSleep;
  const printQr = deps.printQr ?? defaultPrintQr;
  const enabled = Boolean(deps.puppet || config.WECHATY_PUPPET);
  // When this conversation last got the "unsupported message" hint; forgotten once it may be sent again.
  const lastUnsupportedReply = new LRUCache<string, number>({ max: 10_000, ttl: UNSUPPORTED_REPEAT_MS, perf: clock });
  // Handlers of one conversation run one after another, so the dialog sees its messages in order.
  const serial = new KeyedLock();
  // Some puppets deliver a message twice (e.g. after a reconnect): answer it once, across restarts too.
  const recentIds = new RecentIds(2000);
  let lastPrune = 0;
  const seenBefore = async (id: string): Promise<boolean> => {
    if (!deps.kv) return recentIds.checkAndAdd(id);
    if (clock.now() - lastPrune > 60 * 60_000) {
      lastPrune = clock.now();
      await deps.kv.deleteOlderThan('wechaty:seen', 7 * 86_400_000);
    }
    return !(await deps.kv.setIfAbsent('wechaty:seen', id, 1));
  };
  let bot: Wechaty | undefined;
  let pacer: SendPacer | undefined;
  let livenessTimer: ReturnType<typeof setInterval> | undefined;

  const supervisor = createConnectionSupervisor({
    clock,
    sleep,
    logger,
    notifyStaff: deps.notifyStaff,
    restart: async () => {
      const b = requireBot();
      await b.stop();
      await b.start();
    },
    backoffBaseMs: deps.backoffBaseMs,
    backoffMaxMs: deps.backoffMaxMs,
    silenceMs: deps.silenceMs,
  });

  function requireBot(): Wechaty {
    if (!bot) throw new CodedError('channel_failed', 'WeChat bot is not running');
    return bot;
  }

  async function sayTo(target: WechatTarget, text: string, mention: boolean): Promise<void> {
    const b = requireBot();
    if (target.roomId) {
      const room = await b.Room.find({ id: target.roomId });
      if (!room) throw new CodedError('not_found', 'WeChat room not found');
      const asker = mention ? await b.Contact.find({ id: target.contactId }) : undefined;
      if (asker) {
        // A client shows an @ as a mention only with the contact in the mention list and U+2005 after
        // the name; Room.say(text, contact) puts a normal space there, so the asker is not notified.
        const name = (await room.alias(asker).catch(() => undefined)) || asker.name();
        await b.puppet.messageSendText(room.id, `@${name}\u2005${text}`, [asker.id]);
      } else await room.say(text);
      return;
    }
    const contact = await b.Contact.find({ id: target.contactId });
    if (!contact) throw new CodedError('not_found', 'WeChat contact not found');
    await contact.say(text);
  }

  /** Queue the parts of one reply; in a room the first part @-mentions the asker. */
  async function sendParts(conversationId: string, target: WechatTarget, parts: string[]): Promise<SendResult[]> {
    const p = pacer;
    if (!p) return parts.map(() => 'dropped' as const);
    return Promise.all(parts.map((part, i) => p.enqueue(conversationId, () => sayTo(target, part, i === 0))));
  }

  async function sendOutbounds(conversationId: string, target: WechatTarget, outs: Outbound[]): Promise<SendResult[]> {
    const results: SendResult[] = [];
    for (const out of outs) results.push(...(await sendParts(conversationId, target, renderOutbound(out, config.WECHAT_MAX_PART_CHARS))));
    return results;
  }

  /**
   * One message from the puppet, under the channel's one error path: whatever fails (the store's
   * de-duplication, parsing, the core, rendering, sending) is logged once with its code and, once
   * the message's conversation is known, answered with the polite error reply. Never rejects.
   */
  async function onMessage(msg: Message, self: () => Contact): Promise<void> {
    let where: { conversationId: string; target: WechatTarget } | undefined;
    try {
      if (await seenBefore(msg.id)) return;
      const parsed = await parseMessage(msg, { self: self(), keywords: config.WECHAT_GROUP_KEYWORDS });
      if (parsed.kind === 'ignored') {
        if (parsed.reason !== 'self' && parsed.reason !== 'not_addressed') logger.debug('wechat message ignored', { reason: parsed.reason });
        return;
      }
      if (parsed.kind === 'unsupported' || parsed.kind === 'greet') {
        if (parsed.kind === 'unsupported') {
          const last = lastUnsupportedReply.get(parsed.conversationId);
          if (last !== undefined && clock.now() - last < UNSUPPORTED_REPEAT_MS) return;
          lastUnsupportedReply.set(parsed.conversationId, clock.now());
          logger.info('wechat unsupported message kind', { kind: parsed.what });
        }
        await sendParts(parsed.conversationId, parsed.target, [parsed.kind === 'greet' ? ZH.wechat.friendGreeting : ZH.wechat.unsupported]);
        return;
      }
      const { inbound, target } = parsed;
      where = { conversationId: inbound.conversationId, target };
      await serial.run(inbound.conversationId, async () => {
        await sendOutbounds(inbound.conversationId, target, await deps.assistant.handle(inbound));
      });
    } catch (err) {
      const e = asCodedError(err);
      logger.error('inbound message failed', { code: e.code, err: e });
      if (where) await sendParts(where.conversationId, where.target, [ZH.wechat.error]).catch((inner: unknown) => logger.warn('wechat error reply failed', { err: asCodedError(inner) }));
    }
  }

  async function onFriendship(friendship: Friendship): Promise<void> {
    if (friendship.type() !== types.Friendship.Receive) return;
    if (!config.WECHAT_ACCEPT_FRIENDS) {
      logger.info('wechat friend request left for staff (WECHAT_ACCEPT_FRIENDS=false)');
      return;
    }
    await friendship.accept();
    const contact = friendship.contact();
    const target: WechatTarget = { contactId: contact.id };
    const conversationId = dmConversationId(contact.id);
    logger.info('wechat friend request accepted');
    await sendParts(conversationId, target, [ZH.wechat.friendGreeting]);
  }

  function buildBot(): Wechaty {
    mkdirSync(config.DATA_DIR, { recursive: true });
    // The session memory (login token of the puppet) lives beside the rest of the data.
    const name = join(config.DATA_DIR, config.WECHATY_NAME);
    const b = deps.puppet
      ? WechatyBuilder.build({ name, puppet: deps.puppet })
      : WechatyBuilder.build({
          name,
          puppet: config.WECHATY_PUPPET as NonNullable<Extract<WechatyOptions, { puppetOptions?: unknown }>['puppet']>,
          ...(config.WECHATY_PUPPET_TOKEN ? { puppetOptions: { token: config.WECHATY_PUPPET_TOKEN } } : {}),
        });
    b.on(
      'scan',
      wrapAsync(logger, 'scan', (qr: string, status: types.ScanStatus) => {
        const waiting = status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout;
        supervisor.scanned(qr, waiting);
        if (waiting && qr) {
          logger.info('wechat login QR code ready: scan it with the bot account (terminal or staff console)');
          printQr(qr);
        }
      }),
    );
    b.on(
      'login',
      wrapAsync(logger, 'login', () => {
        supervisor.loggedIn();
        logger.info('wechat logged in');
      }),
    );
    b.on(
      'logout',
      wrapAsync(logger, 'logout', (_user: Contact, reason?: string) => supervisor.lost('logout', reason)),
    );
    b.on(
      'error',
      wrapAsync(logger, 'error', (err: Error) => {
        supervisor.heard();
        logger.warn('wechat error', { err: asCodedError(err) });
        // One failed message while logged in is not a dead connection: the silence check catches
        // those. Logged out with errors means the puppet cannot get back in by itself.
        if (!b.isLoggedIn) supervisor.lost('error', err.message);
      }),
    );
    b.on('heartbeat', () => supervisor.heard());
    b.on('dong', () => supervisor.heard());
    // onMessage is the message's one error path and never rejects: no second net around it.
    b.on('message', (msg: Message) => {
      supervisor.heard();
      void onMessage(msg, () => b.currentUser);
    });
    b.on(
      'friendship',
      wrapAsync(logger, 'friendship', async (f: Friendship) => {
        supervisor.heard();
        await onFriendship(f);
      }),
    );
    return b;
  }

  const channel: Channel = {
    name: 'wechat',
    async start() {
      if (!enabled) {
        logger.info('wechat off: set WECHATY_PUPPET to switch it on');
        return;
      }
      bot ??= buildBot();
      // A second start (without stop) must not leave a second timer and an orphaned queue behind.
      if (livenessTimer) clearInterval(livenessTimer);
      pacer?.close();
      pacer = createSendPacer({
        minGapMs: config.WECHAT_MIN_GAP_MS,
        jitterMs: config.WECHAT_SEND_JITTER_MS,
        ...(deps.random ? { random: deps.random } : {}),
        dailyCap: config.WECHAT_DAILY_CAP,
        clock,
        sleep,
        logger,
        onCapReached: (cap) => void deps.notifyStaff(ZH.staffNotice.dailyCap(cap)).catch((err: unknown) => logger.error('wechat could not tell staff about the cap', { err })),
      });
      supervisor.starting();
      try {
        await bot.start();
      } catch (err) {
        supervisor.lost('start_failed', asCodedError(err).message);
      }
      const checkMs = deps.livenessCheckMs ?? 60_000;
      livenessTimer = setInterval(() => supervisor.checkLiveness(), checkMs);
      livenessTimer.unref();
    },
    async stop() {
      if (livenessTimer) clearInterval(livenessTimer);
      livenessTimer = undefined;
      supervisor.stop();
      pacer?.close();
      pacer = undefined;
      const b = bot;
      if (b) await supervisor.quiet(() => b.stop()).catch((err: unknown) => logger.warn('wechat stop failed', { err: asCodedError(err) }));
      await supervisor.idle();
    },
    status: () => supervisor.status(),
  };

  const deliverer: Deliverer = {
    async deliver(ref: ConversationRef, message: Outbound): Promise<void> {
      if (ref.channel !== 'wechat') throw new CodedError('bad_request', `not a WeChat conversation: ${ref.channel}`);
      // Where to send is derived from the id itself (dm:<contact>, room:<room>:<asker>): no route map to keep.
      const target = targetFromConversationId(ref.conversationId);
      if (!target) throw new CodedError('not_found', 'unknown WeChat conversation');
      if (!supervisor.isLoggedIn()) throw new CodedError('channel_failed', 'WeChat is not logged in');
      const results = await sendOutbounds(ref.conversationId, target, [message]);
      if (results.includes('failed')) throw new CodedError('channel_failed', 'WeChat send failed');
    },
  };

  return {
    channel,
    deliverer,
    loginQr: () => supervisor.qr(),
    loggedIn: () => supervisor.isLoggedIn(),
  };
}
