/**
 * Builds the Bolt app: HTTP mode (an HTTPReceiver whose request listener the main HTTP server
 * mounts at /slack/events; Bolt verifies signatures and the 5-minute window) or Socket Mode.
 * Authorization is ours so that a failed auth.test at boot is retried on the next event
 * instead of being cached (and unhandled) forever.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, ErrorCode, HTTPReceiver, HTTPReceiverDeferredRequestError, SocketModeReceiver, type Receiver, type webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/ports.js';
import type { SlackSdkLogger } from './bolt-logger.js';
import type { SeenIds } from '../../core/recent-ids.js';
import { boltParsesToObject, readBody } from './request-body.js';
import type { BotIdentity } from './slack-api.js';

/** Path the HTTP server mounts the request listener at. */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Largest body accepted at the events path. Bolt buffers a body whole, without a limit, before it
 * checks the signature, so an unsigned request could otherwise fill memory. Slack's payloads are
 * far smaller.
 */
export const SLACK_MAX_BODY_BYTES = 1_048_576;

/** Slack's replay window: a request stamped further from now than this, either way, is refused. */
export const SLACK_TIMESTAMP_WINDOW_S = 300;

/**
 * True when the request's timestamp is more than the window away from `nowMs`. Bolt refuses old
 * stamps only; a stamp in the future would let a captured request be replayed until then. A
 * missing or garbled stamp is Bolt's to refuse (401 on the signature check).
 */
export function outsideWindow(stamp: string | string[] | undefined, nowMs: number): boolean {
  if (typeof stamp !== 'string' || !/^\d+$/.test(stamp)) return false;
  return Math.abs(nowMs / 1000 - Number(stamp)) > SLACK_TIMESTAMP_WINDOW_S;
}

/** The built app plus, in HTTP mode, the listener to mount. */
export interface BuiltApp {
  app: App;
  mode: 'http' | 'socket';
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Build the Bolt app for `config` (which must have Slack switched on). */
export function buildBoltApp(opts: {
  config: Config;
  logger: Logger;
  sdkLogger: SlackSdkLogger;
  identity: () => Promise<BotIdentity>;
  seenEvents: SeenIds;
  slackApiUrl?: string;
  /** Epoch ms on the wall clock, for the timestamp window. */
  now: () => number;
  /** Options of the client Bolt hands listeners (the Assistant's setStatus, sayStream): same API base and retries as ours. */
  clientOptions?: webApi.WebClientOptions;
}): BuiltApp {
  const { config, logger } = opts;
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken) throw new Error('buildBoltApp needs SLACK_BOT_TOKEN');

  let receiver: Receiver;
  let requestListener: BuiltApp['requestListener'];
  let mode: BuiltApp['mode'];
  if (config.SLACK_APP_TOKEN) {
    mode = 'socket';
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN,
      logger: opts.sdkLogger,
      // The socket client opens its connection through apps.connections.open: same API base as the bot.
      ...(opts.slackApiUrl ? { installerOptions: { clientOptions: { slackApiUrl: opts.slackApiUrl } } } : {}),
    });
  } else {
    if (!config.SLACK_SIGNING_SECRET) throw new Error('HTTP mode needs SLACK_SIGNING_SECRET');
    mode = 'http';
    const http = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      endpoints: SLACK_EVENTS_PATH,
      // Ack first, work after: answers may take longer than Slack's 3 s.
      processBeforeResponse: false,
      signatureVerification: true,
      logger: opts.sdkLogger,
      // Bolt answers 500 when a payload breaks its own routing; a malformed payload is logged and dropped instead.
      processEventErrorHandler: async ({ error, response }) => {
        const code = (error as { code?: string }).code;
        if (response.headersSent) {
          logger.warn('slack event failed after ack', { code, err: error });
          return false;
        }
        if (code === ErrorCode.AuthorizationError) {
          logger.error('slack authorization failed (auth.test)', { err: error });
          response.writeHead(401);
        } else {
          logger.warn('slack payload dropped', { code, err: error });
          response.writeHead(400);
        }
        response.end();
        return false;
      },
    });
    receiver = http;
    /** Hand the request to Bolt; it throws for paths it does not own. */
    const toBolt = (req: IncomingMessage, res: ServerResponse) => {
      try {
        http.requestListener(req, res);
      } catch (err) {
        // Answer instead of crashing the host server.
        if (!res.headersSent) {
          res.writeHead(err instanceof HTTPReceiverDeferredRequestError ? 404 : 500);
          res.end();
        }
        if (!(err instanceof HTTPReceiverDeferredRequestError)) logger.error('slack request listener failed', { err: err as Error });
      }
    };
    requestListener = (req, res) => {
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > SLACK_MAX_BODY_BYTES) {
        logger.warn('slack request refused: body too large', { bytes: Number(declared) });
        res.writeHead(413, { Connection: 'close' });
        res.end();
        return;
      }
      // Only event posts carry a body Bolt parses; anything else is Bolt's to route (or 404).
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== SLACK_EVENTS_PATH) {
        toBolt(req, res);
        return;
      }
      if (outsideWindow(req.headers['x-slack-request-timestamp'], opts.now())) {
        logger.warn('slack request refused: timestamp outside the 5-minute window', { stamp: req.headers['x-slack-request-timestamp'] });
        res.writeHead(401, { Connection: 'close' });
        res.end();
        return;
      }
      void readBody(req, SLACK_MAX_BODY_BYTES).then((read) => {
        if (!read.ok) {
          if (read.reason === 'too_large') logger.warn('slack request refused: body too large', { bytes: `>${SLACK_MAX_BODY_BYTES}` });
          if (!res.headersSent && !res.destroyed) {
            res.writeHead(read.reason === 'too_large' ? 413 : 400, { Connection: 'close' });
            res.end();
          }
          return;
        }
        // Refused before Bolt: its receiver would read a property of the parsed body unguarded.
        if (!boltParsesToObject(read.raw, req.headers['content-type'])) {
          logger.warn('slack request refused: body is not a JSON object', { bytes: read.raw.length });
          res.writeHead(400);
          res.end();
          return;
        }
        // Bolt uses a pre-read rawBody instead of the (now consumed) stream and verifies the signature over these bytes.
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = read.raw;
        toBolt(req, res);
      });
    };
  }

  const app = new App({
    receiver,
    logger: opts.sdkLogger,
    // Conversation state lives in the core; Bolt's in-memory store would only grow.
    convoStore: false,
    ...(opts.clientOptions ? { clientOptions: opts.clientOptions } : {}),
    authorize: async () => {
      const id = await opts.identity();
      return { botToken, ...(id.userId ? { botUserId: id.userId } : {}), ...(id.botId ? { botId: id.botId } : {}) };
    },
  });

  // Retries (X-Slack-Retry-Num) and duplicate deliveries: events are already acked by Bolt; skip repeats.
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && (await opts.seenEvents.seenBefore(eventId))) {
      logger.info('slack duplicate event skipped', { eventId, retryNum: context.retryNum, retryReason: context.retryReason });
      return;
    }
    await next();
  });

  app.error(async (err) => {
    logger.error('slack listener error', { code: (err as { code?: string }).code, err });
  });

  return { app, mode, ...(requestListener ? { requestListener } : {}) };
}
