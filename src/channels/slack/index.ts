/**
 * The Slack channel: staff ask policy questions (DM, @mention, /zixing) and work leads (cards in
 * the leads channel, their threads bridged to the investor). Slack types stay in this folder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import { asCodedError } from '../../core/errors.js';
import type { Assistant, Channel, Clock, Deliverer, FeedbackSink, KeyValueStore, Logger, StaffActions, StaffDesk } from '../../core/ports.js';
import { buildBoltApp, SLACK_EVENTS_PATH } from './bolt-app.js';
import { sdkLogger } from './bolt-logger.js';
import type { SlackContext, SlackStaffAccounts } from './context.js';
import { memorySeenIds, type SeenIds } from '../../core/recent-ids.js';
import { LeadCards } from './lead-cards.js';
import { register as registerActions } from './listeners/actions/index.js';
import { register as registerAssistant } from './listeners/assistant/index.js';
import { register as registerCommands } from './listeners/commands/index.js';
import { register as registerEvents } from './listeners/events/index.js';
import { register as registerMessages } from './listeners/messages/index.js';
import { register as registerViews } from './listeners/views/index.js';
import { Pacer, realSleep, type Sleep } from './pacer.js';
import { SlackApi, type BotIdentity } from './slack-api.js';
import { SlackDeliverer } from './slack-deliverer.js';
import { SlackDesk } from './slack-desk.js';

export { SLACK_EVENTS_PATH };
export { SlackDesk };
export { LateBoundDesk } from './late-desk.js';

/** What the Slack channel needs from the core. */
export interface SlackChannelDeps {
  config: Config;
  assistant: Assistant;
  staff: StaffActions;
  feedback: FeedbackSink;
  kv: KeyValueStore;
  logger: Logger;
  clock: Clock;
  /** Staff accounts linked to Slack users (roles, attribution); without it every Slack user is unprivileged. */
  staffAccounts?: SlackStaffAccounts;
  /** Where event ids are remembered (default: this process; several instances: the shared database, `ledgerSeenIds`). */
  seenEvents?: SeenIds;
  /** Tuning, mostly for tests: pacing per channel (default 1000 ms), sleep, Web API retry policy. */
  options?: {
    minGapMs?: number;
    sleep?: Sleep;
    retryConfig?: webApi.RetryOptions;
    /** Web API request timeout (default 10 s). */
    timeoutMs?: number;
    /** How many recent event ids are remembered for de-duplication (default 2000). */
    dedupeCapacity?: number;
  };
}

/** The channel lifecycle, the staff desk, and (HTTP mode) the listener to mount at /slack/events. */
export interface SlackChannel {
  channel: Channel;
  desk: StaffDesk;
  /** Delivers to Slack conversations (register as the 'slack' deliverer). */
  deliverer: Deliverer;
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Retry transient Web API failures a few times within about a minute: long enough to ride out a
 * blip, short enough that `notify` fails and the durable outbox takes over. 429s are retried by
 * the WebClient after Retry-After and count as one of these attempts.
 */
export const DEFAULT_RETRY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 20_000, randomize: true };

/**
 * The signature window is judged on the wall clock, as Bolt's own check is: the core's injected
 * clock may be a test's manual one, which would put every real request outside the window.
 */
const wallClock = (): number => Date.now();

/** Slack is on with a bot token and either a signing secret (HTTP) or an app token (Socket Mode). */
export function slackEnabled(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
}

/** Build the Slack channel; it stays 'off' (and its desk inert) unless Slack is configured. */
export function createSlackChannel(deps: SlackChannelDeps): SlackChannel {
  const { config, clock } = deps;
  const logger = deps.logger.child({ channel: 'slack' });
  const cards = new LeadCards(deps.kv);
  const enabled = slackEnabled(config);

  if (!enabled) {
    const desk = new SlackDesk(config, undefined, cards, logger);
    const channel: Channel = {
      name: 'slack',
      start: async () => logger.debug('slack not configured; channel off'),
      stop: async () => undefined,
      status: () => ({ state: 'off', detail: 'SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN not set' }),
    };
    return { channel, desk, deliverer: new SlackDeliverer(undefined) };
  }

  const sdkLog = sdkLogger(logger);
  const slackApiUrl = config.SLACK_API_URL ? (config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`) : undefined;
  const clientOptions: webApi.WebClientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger: sdkLog,
    retryConfig: deps.options?.retryConfig ?? DEFAULT_RETRY,
    rejectRateLimitedCalls: false,
    timeout: deps.options?.timeoutMs ?? 10_000,
  };
  const web = new webApi.WebClient(config.SLACK_BOT_TOKEN, clientOptions);
  web.on(webApi.WebClientEvent.RATE_LIMITED, (retrySec: number, info: { url?: string }) => {
    logger.warn('slack rate limited; retrying after Retry-After', { retrySec, url: info?.url });
  });
  const pacer = new Pacer(clock, deps.options?.sleep ?? realSleep, deps.options?.minGapMs ?? 1000);
  const api = new SlackApi(web, pacer, logger);
  const desk = new SlackDesk(config, api, cards, logger);

  let identity: BotIdentity = {};
  let pendingIdentity: Promise<BotIdentity> | undefined;
  // Cached on success only: a failed auth.test (network down at boot) is tried again next time.
  const fetchIdentity = (): Promise<BotIdentity> => {
    pendingIdentity ??= api.identity().then(
      (id) => {
        identity = id;
        return id;
      },
      (err: unknown) => {
        pendingIdentity = undefined;
        throw err;
      },
    );
    return pendingIdentity;
  };

  const built = buildBoltApp({ config, logger, sdkLogger: sdkLog, identity: fetchIdentity, seenEvents: deps.seenEvents ?? memorySeenIds(deps.options?.dedupeCapacity ?? 2000), now: wallClock, clientOptions, ...(slackApiUrl ? { slackApiUrl } : {}) });
  const ctx: SlackContext = {
    config,
    assistant: deps.assistant,
    staff: deps.staff,
    feedback: deps.feedback,
    logger,
    clock,
    api,
    cards,
    desk,
    bot: () => identity,
    ...(deps.staffAccounts ? { staffAccounts: deps.staffAccounts } : {}),
  };
  // The Assistant is global middleware: messages of assistant threads never reach the DM listener.
  registerAssistant(built.app, ctx, deps.kv);
  registerMessages(built.app, ctx);
  registerEvents(built.app, ctx);
  registerCommands(built.app, ctx);
  registerActions(built.app, ctx);
  registerViews(built.app, ctx);

  // Configured: 'starting' until start() settles, so a status read before then (the start banner) does not say 'off'.
  let state: ReturnType<Channel['status']> = { state: 'starting', detail: 'not connected yet' };
  const channel: Channel = {
    name: 'slack',
    async start() {
      state = { state: 'starting' };
      try {
        const id = await fetchIdentity();
        // Socket Mode opens its own websocket; in HTTP mode the main server carries the requests.
        if (built.mode === 'socket') await built.app.start();
        state = { state: 'ready', detail: `${built.mode} mode, bot ${id.userId ?? '?'}` };
        logger.info('slack channel ready', { mode: built.mode, botUserId: id.userId, leadsChannel: config.SLACK_LEADS_CHANNEL });
        if (!config.SLACK_LEADS_CHANNEL) logger.warn('SLACK_LEADS_CHANNEL not set: lead cards will not be posted to Slack');
      } catch (err) {
        // Keep the rest of the server up; events retry auth.test, /healthz shows the problem.
        const coded = asCodedError(err);
        state = { state: 'error', detail: coded.message };
        logger.error('slack channel failed to start', { code: coded.code, err: coded });
      }
    },
    async stop() {
      if (built.mode === 'socket' && state.state !== 'off') {
        try {
          await built.app.stop();
        } catch (err) {
          logger.warn('slack stop failed', { err: asCodedError(err) });
        }
      }
      state = { state: 'off' };
    },
    status: () => state,
  };

  return { channel, desk, deliverer: new SlackDeliverer(api), ...(built.requestListener ? { requestListener: built.requestListener } : {}) };
}
