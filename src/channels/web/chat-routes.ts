/**
 * The web channel's JSON API, mounted under /api by the HTTP app: ask (plain or streamed as Server-Sent Events), read a
 * conversation's messages (long poll, so staff replies appear at once), vote on a reply.
 * Conversation ids are issued here only, each with a key (`conversation-keys.ts`): continuing,
 * reading and voting need both, so knowing an id from a log or a Slack card is not enough.
 */
import { Hono, type Context } from 'hono';
import { LRUCache } from 'lru-cache';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Inbound, Outbound } from '../../core/types.js';
import { webDeltaFilter, webMessage, webReply } from './render.js';
import { RateLimiter } from '../../guard/rate-limit.js';
import { clientIpResolver } from '../../http/client-ip.js';
import { conversationKeys } from './conversation-keys.js';
import type { HttpCore } from '../../http/http-core.js';
import { errorBody, httpError } from '../../http/http-errors.js';
import { intParam } from '../../http/query-params.js';
import { readJson } from '../../http/read-body.js';

/** Web conversation ids: issued by us, no ':' so a client cannot name another channel's conversation. */
export const WEB_CONVERSATION_ID = /^web-[A-Za-z0-9_-]{1,80}$/;

const conversationId = z.string().regex(WEB_CONVERSATION_ID, 'not a web conversation id');
const conversationKey = z.string().min(1).max(200);
/** The header that carries a conversation's key when its messages are read. */
export const CONVERSATION_KEY_HEADER = 'x-conversation-key';

/** Body of POST /api/chat and /api/chat/stream. */
export const chatBodySchema = z.strictObject({
  /** With its key, continues that conversation; without a valid key a new one is issued. */
  conversationId: conversationId.optional(),
  conversationKey: conversationKey.optional(),
  text: z.string().trim().min(1, 'text is empty'),
  lang: z.enum(['zh', 'en']).optional(),
});

/** Body of POST /api/feedback. */
export const feedbackBodySchema = z.strictObject({
  messageId: z.string().min(1).max(200),
  value: z.union([z.literal(1), z.literal(-1)]),
  // A vote counts only in the voter's own conversation.
  conversationId,
  conversationKey,
});

/** The longest `wait` a client may ask for; the server holds a poll open at most `WEB_LONG_POLL_S` of it. */
const LONG_POLL_ASK_MAX_S = 3600;
/** Conversations whose last sequence number is remembered, so a reply does not re-read the whole transcript. */
const KNOWN_SEQ_MAX = 10_000;

/** The chat routes, mounted under /api. */
export function chatRoutes(core: HttpCore, config: Config): Hono {
  const app = new Hono();
  const log = core.logger.child({ component: 'web' });
  // The core's guard limits per conversation, but a client can start a new conversation per
  // message; this per-address limit stops that. Several users may share an address (NAT): allow a few users' worth.
  // The process-wide limit is the guard's job, so this limiter's global bucket is left unbounded.
  const keys = conversationKeys(core.kv);
  const clientIp = clientIpResolver(config.TRUSTED_PROXIES);
  const burst = new RateLimiter({ perKeyPerMinute: Math.max(60, config.RATE_LIMIT_PER_USER_PER_MIN * 5), globalPerSecond: Number.MAX_SAFE_INTEGER, clock: core.clock });

  const prepare = async (c: Context) => {
    const body = await readJson(c, chatBodySchema, config.MAX_BODY_BYTES);
    if (!burst.take(clientIp(c)).ok) throw httpError('rate_limited', 'Too many messages from this address; please wait a minute');
    // An id the client chose, or one presented without its key, is not continued: a new one is issued.
    const continued = body.conversationId !== undefined && (await keys.valid(body.conversationId, body.conversationKey));
    const id = continued ? body.conversationId! : `web-${core.ids()}`;
    const inbound: Inbound = { channel: 'web', conversationId: id, userId: id, text: body.text, receivedAt: core.clock.now() };
    return { inbound, conversationKey: await keys.keyFor(id) };
  };

  // The highest stored sequence number of a conversation, so the page skips what it already shows.
  // Sequence numbers only grow, so reading on from the last one seen for this conversation suffices.
  const knownSeq = new LRUCache<string, number>({ max: KNOWN_SEQ_MAX });
  const lastSeq = async (id: string): Promise<number> => {
    let after = knownSeq.get(id) ?? 0;
    for (;;) {
      const page = await core.insights.messagesSince(id, after, 1000);
      after = page[page.length - 1]?.seq ?? after;
      if (page.length < 1000) break;
    }
    knownSeq.set(id, after);
    return after;
  };

  // Other pages open on the conversation (a second tab, a phone) long-poll it: wake them when this
  // request has stored the investor's message (first delta, or the reply) and again with the reply.
  const notify = (id: string) => core.web.notify(id);

  app.post('/chat', async (c) => {
    const { inbound, conversationKey } = await prepare(c);
    const replies = await core.assistant.handle(inbound).finally(() => notify(inbound.conversationId));
    return c.json({ conversationId: inbound.conversationId, conversationKey, replies: replies.map(webReply), seq: await lastSeq(inbound.conversationId) });
  });

  app.post('/chat/stream', async (c) => {
    const { inbound, conversationKey } = await prepare(c);
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      // A page closed mid-reply must not fail the request: the reply is stored and shown on return.
      const send = (data: unknown) => stream.writeSSE({ data: JSON.stringify(data) }).catch(() => undefined);
      await send({ type: 'start', conversationId: inbound.conversationId, conversationKey });
      let writes: Promise<void> = Promise.resolve();
      const shown = webDeltaFilter();
      let first = true;
      try {
        const replies: Outbound[] = await core.assistant.handle(inbound, {
          onDelta: (delta) => {
            // The first delta means the question is stored: other tabs can show it now.
            if (first) notify(inbound.conversationId);
            first = false;
            const text = shown.push(delta);
            // Keep deltas in order without making the core wait on the socket.
            if (text) writes = writes.then(() => send({ type: 'delta', text }));
          },
        }).finally(() => notify(inbound.conversationId));
        await writes;
        await send({ type: 'final', conversationId: inbound.conversationId, conversationKey, replies: replies.map(webReply), seq: await lastSeq(inbound.conversationId) });
      } catch (err) {
        // The status is already sent: the same error path as the app's onError renders it as the last event.
        const { error } = errorBody(err, log, c.req.path);
        await writes;
        await send({ type: 'error', error });
      }
    });
  });

  app.get('/conversations/:id/messages', async (c) => {
    const id = c.req.param('id');
    const after = intParam(c.req.query('after'), 0, 0, Number.MAX_SAFE_INTEGER);
    const wait = Math.min(intParam(c.req.query('wait'), 0, 0, LONG_POLL_ASK_MAX_S), config.WEB_LONG_POLL_S);
    // Without its key a conversation does not exist, as far as this client can tell.
    if (!WEB_CONVERSATION_ID.test(id) || !(await keys.valid(id, c.req.header(CONVERSATION_KEY_HEADER)))) throw httpError('not_found', 'No such conversation');
    let messages = await core.insights.messagesSince(id, after, 500);
    if (messages.length === 0 && wait > 0) {
      await core.web.waitFor(id, wait * 1000, c.req.raw.signal);
      messages = await core.insights.messagesSince(id, after, 500);
    }
    const last = messages.length > 0 ? messages[messages.length - 1]!.seq : after;
    return c.json({ conversationId: id, messages: messages.map(webMessage), last });
  });

  app.post('/feedback', async (c) => {
    const body = await readJson(c, feedbackBodySchema, config.MAX_BODY_BYTES);
    if (!(await keys.valid(body.conversationId, body.conversationKey))) throw httpError('not_found', 'No such conversation');
    await core.feedback.vote(body.messageId, body.value, body.conversationId, { conversation: body.conversationId });
    return c.json({ ok: true });
  });

  // Handlers throw; the HTTP app's one onError (errorResponse) renders every failure as the JSON error body.
  return app;
}
