/**
 * Switches on the platform channels the configuration asks for (Slack, WeChat) around a built core.
 * Each adapter keeps its platform types; this file only plugs their ports into the core. It is
 * wiring, so it sits beside `server.ts` and `main.ts`, above the channels it puts together.
 */
import type { RequestListener } from 'node:http';
import type { Config } from './config.js';
import type { Clock, Deliverer, Logger, StaffDesk } from './core/ports.js';
import type { Core } from './server.js';
import { ledgerSeenIds } from './core/recent-ids.js';
import { createSlackChannel, LateBoundDesk, SLACK_EVENTS_PATH, slackEnabled } from './channels/slack/index.js';
import { createWechatChannel } from './channels/wechat/index.js';
import { prefixDeliverer } from './channels/wechat/prefix-deliverer.js';
import { createWechatMpChannel, MP_PREFIX, WECHAT_MP_PATH, wechatMpEnabled } from './channels/wechat-mp/index.js';
import { createWecomKfChannel, KF_PREFIX, WECOM_KF_PATH, wecomKfEnabled } from './channels/wecom-kf/index.js';

/**
 * The Slack desk must exist before the core (the core's outbox notifies it) while the Slack channel
 * needs the core's staff actions: a late-bound desk breaks the cycle; until bound it throws, so the
 * outbox keeps events for later.
 */
export function preChannelDesks(config: Config): { desks: StaffDesk[]; slackDesk?: LateBoundDesk; kfDesk?: LateBoundDesk } {
  const slackDesk = slackEnabled(config) ? new LateBoundDesk('slack') : undefined;
  // 微信客服 hears claims and releases to transfer sessions to a WeCom servicer and end them again.
  const kfDesk = wecomKfEnabled(config) ? new LateBoundDesk('wecom-kf') : undefined;
  return { desks: [slackDesk, kfDesk].filter((d): d is LateBoundDesk => Boolean(d)), ...(slackDesk ? { slackDesk } : {}), ...(kfDesk ? { kfDesk } : {}) };
}

/** Create and register the configured channels; returns the raw HTTP routes they need. Call `startChannels` after listening. */
export function attachChannels(core: Core, config: Config, deps: { logger: Logger; clock: Clock; slackDesk?: LateBoundDesk; kfDesk?: LateBoundDesk }): { rawRoutes: Record<string, RequestListener>; start(): Promise<void> } {
  const { logger, clock } = deps;
  const rawRoutes: Record<string, RequestListener> = {};
  const starters: (() => Promise<void>)[] = [];

  if (deps.slackDesk) {
    // Slack retries an event it saw no 200 for, and the retry may land on another instance: with
    // several instances the event ids are marked in the shared database (kept a day, Slack retries within minutes).
    const seenEvents = core.backend === 'postgres' ? ledgerSeenIds(core.store, 'slack:seen', 86_400_000, () => clock.now()) : undefined;
    const slack = createSlackChannel({ config, assistant: core.assistant, staff: core.staff, feedback: core.feedback, kv: core.kv, logger, clock, staffAccounts: core.directory, ...(seenEvents ? { seenEvents } : {}) });
    deps.slackDesk.bind(slack.desk);
    core.addChannel(slack.channel, { name: 'slack', deliverer: slack.deliverer });
    if (slack.requestListener) rawRoutes[SLACK_EVENTS_PATH] = slack.requestListener;
    starters.push(() => slack.channel.start());
  }

  const notifyStaff = async (text: string): Promise<void> => {
    logger.warn('staff notice', { text });
    const desks: StaffDesk[] = [core.desk, ...(deps.slackDesk ? [deps.slackDesk] : [])];
    await Promise.allSettled(desks.map((d) => d.notice(text)));
  };
  // The WeChat adapters share the core's channel `wechat`; conversation-id prefixes pick the adapter.
  const wechatRoutes: [string, Deliverer][] = [];
  let wechaty: Deliverer | undefined;

  if (wechatMpEnabled(config)) {
    const mp = createWechatMpChannel({ config, assistant: core.assistant, kv: core.store, notifyStaff, logger, clock });
    core.addChannel(mp.channel);
    wechatRoutes.push([MP_PREFIX, mp.deliverer]);
    rawRoutes[WECHAT_MP_PATH] = mp.requestListener;
    starters.push(() => mp.channel.start());
  }

  if (wecomKfEnabled(config)) {
    const kf = createWecomKfChannel({
      config,
      assistant: core.assistant,
      kv: core.store,
      notifyStaff,
      logger,
      clock,
      recordServicerMessage: async (conversationId, userId, text, platformId) => {
        const conv = await core.store.ensureConversation({ channel: 'wechat', conversationId, userId, lang: 'zh' });
        await core.store.addMessage({ conversation: conv.id, role: 'staff', text, platformId });
      },
    });
    deps.kfDesk?.bind(kf.desk);
    core.addChannel(kf.channel);
    wechatRoutes.push([KF_PREFIX, kf.deliverer]);
    rawRoutes[WECOM_KF_PATH] = kf.requestListener;
    starters.push(() => kf.channel.start());
  }

  if (config.WECHATY_PUPPET) {
    const wechat = createWechatChannel({ config, assistant: core.assistant, notifyStaff, logger, clock, kv: core.store });
    core.addChannel(wechat.channel);
    wechaty = wechat.deliverer;
    core.wechatQr = () => wechat.loginQr();
    starters.push(() => wechat.channel.start());
  }

  if (wechatRoutes.length > 0 || wechaty) core.delivery.register('wechat', prefixDeliverer(wechatRoutes, wechaty));

  return {
    rawRoutes,
    async start() {
      // A channel that fails to start reports it on /healthz; the rest of the server keeps serving.
      for (const s of starters) {
        try {
          await s();
        } catch (err) {
          logger.error('channel failed to start', { err });
        }
      }
    },
  };
}
