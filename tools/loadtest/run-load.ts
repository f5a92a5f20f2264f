/**
 * The load driver: N concurrent simulated investors chat through `POST /api/chat`, each running
 * short conversations of realistic questions, while (optionally) simulated Slack users send
 * signed `message.im` events to `/slack/events`. Every run is bounded by its duration.
 */
import type { Clock } from '../../src/core/ports.js';
import type { FakeSlackApi } from './fake-slack-api.js';
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { httpRequest, loadAgent, loopbackAliasesWork, loopbackSource } from './http-client.js';
import { seededRandom } from '../../src/core/random.js';
import { conversationScript, INVESTOR_QUESTIONS } from './questions.js';
import { messageImEvent, signSlackRequest } from './slack-signing.js';
import { Recorder, summarize, type LatencySummary } from './stats.js';

/** Settings of one load run. */
export interface LoadOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:3000. */
  url: string;
  /**
   * More instances of the same deployment: requests then go round robin over `url` and these,
   * message by message (a conversation's next message usually reaches another instance, as behind
   * a round-robin proxy without sticky sessions).
   */
  moreUrls?: string[];
  /** Concurrent web conversations. */
  concurrency: number;
  /** Measured duration. */
  seconds: number;
  /** Unmeasured warm-up before it (lazy dictionaries, JIT); default 2. */
  warmupSeconds?: number;
  /** Slack signing secret: when set, Slack users send signed DM events too. */
  slackSecret?: string;
  /** Concurrent Slack users (default: a tenth of `concurrency`, at least 2). */
  slackConcurrency?: number;
  /** The fake Web API the server posts to: when given, time to the bot's reply is measured too. */
  fakeSlack?: FakeSlackApi;
  questions?: readonly string[];
  seed?: number;
  requestTimeoutMs?: number;
  /**
   * Give each web conversation its own loopback source address (127.1.0.1, …) so per-address
   * throttles treat simulated investors as the different people they stand for (default: on
   * when the server is on 127.x and the OS routes 127/8 to loopback).
   */
  distinctSources?: boolean;
  /** Wall clock for Slack request timestamps (Bolt rejects ones more than 5 minutes off). */
  clock: Clock;
}

/** Figures for the web API. */
export interface WebFigures {
  requests: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  failures: Record<string, number>;
  conversations: number;
  /** Successful questions per second over the measured window. */
  throughput: number;
  latency: LatencySummary;
  /** First message of a conversation (new connection, new conversation) and follow-ups, apart. */
  firstLatency: LatencySummary;
  followUpLatency: LatencySummary;
}

/** Figures for the Slack endpoint. */
export interface SlackFigures {
  events: number;
  acked: number;
  errors: number;
  statuses: Record<string, number>;
  failures: Record<string, number>;
  /** Acks that took longer than Slack's 3 s limit (Slack would retry these). */
  lateAcks: number;
  ack: LatencySummary;
  /** Bot replies seen by the fake Web API (only with `fakeSlack`). */
  replies?: number;
  missingReplies?: number;
  reply?: LatencySummary;
}

/** Everything a load run measured. */
export interface LoadReport {
  url: string;
  /** Web conversations came from distinct loopback addresses. */
  distinctSources: boolean;
  /** The machine: CPUs and 1-minute load average before the run (other work distorts figures). */
  host: { cpus: number; loadBefore: number };
  concurrency: number;
  slackConcurrency: number;
  seconds: number;
  web: WebFigures;
  slack?: SlackFigures;
}

/** Slack retries an event whose ack takes longer than this. */
export const SLACK_ACK_LIMIT_MS = 3_000;

/** Run the load for warm-up + `seconds` and report the measured window. */
export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  const base = opts.url.replace(/\/+$/, '');
  const bases = [base, ...(opts.moreUrls ?? []).map((u) => u.replace(/\/+$/, ''))];
  let turn = 0;
  const next = () => bases[turn++ % bases.length]!;
  const questions = opts.questions && opts.questions.length > 0 ? opts.questions : INVESTOR_QUESTIONS;
  const slackUsers = opts.slackSecret ? Math.max(1, opts.slackConcurrency ?? Math.max(2, Math.ceil(opts.concurrency / 10))) : 0;
  const agent = loadAgent(opts.concurrency + slackUsers + 4);
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const warmupMs = Math.max(0, (opts.warmupSeconds ?? 2) * 1000);
  const host = { cpus: availableParallelism(), loadBefore: loadavg()[0] ?? 0 };
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const deadline = measureFrom + Math.max(0.1, opts.seconds) * 1000;
  const runId = Math.floor(opts.clock.now()).toString(36);
  const onV4Loopback = /^127\./.test(new URL(base).hostname);
  const distinct = opts.distinctSources ?? (onV4Loopback && (await loopbackAliasesWork()));
  let conversationSeq = 0;

  const web = new Recorder();
  const firsts: number[] = [];
  const followUps: number[] = [];
  let conversations = 0;
  const slack = new Recorder();
  const replies: number[] = [];
  let missingReplies = 0;
  let lateAcks = 0;

  const webWorker = async (w: number): Promise<void> => {
    const random = seededRandom((opts.seed ?? 1) * 1_000_003 + w);
    while (performance.now() < deadline) {
      const script = conversationScript(questions, 3 + Math.floor(random() * 4), random);
      let conversationId: string | undefined;
      let conversationKey: string | undefined;
      // One investor, one address: a connection of its own for the conversation, closed after it.
      const localAddress = distinct ? loopbackSource(conversationSeq++) : undefined;
      const convAgent = localAddress ? new Agent({ keepAlive: true, maxSockets: 1 }) : agent;
      for (const text of script) {
        if (performance.now() >= deadline) break;
        const body = JSON.stringify({ ...(conversationId ? { conversationId, conversationKey } : {}), text });
        const t0 = performance.now();
        const measured = t0 >= measureFrom;
        try {
          const res = await httpRequest(`${next()}/api/chat`, { body, headers: { 'content-type': 'application/json' }, agent: convAgent, timeoutMs, ...(localAddress ? { localAddress } : {}) });
          const ms = performance.now() - t0;
          if (res.status >= 200 && res.status < 300) {
            const parsed = parseChat(res.body);
            if (parsed) {
              if (measured) {
                web.success(ms);
                (conversationId ? followUps : firsts).push(ms);
              }
              conversationId = parsed.conversationId ?? conversationId;
              conversationKey = parsed.conversationKey ?? conversationKey;
            } else if (measured) web.failure('bad_body');
          } else if (measured) web.status(res.status, ms);
        } catch (err) {
          if (measured) web.failure(reason(err));
          // A refused connection fails instantly; do not spin.
          await sleep(50);
        }
      }
      if (convAgent !== agent) convAgent.destroy();
      if (performance.now() >= measureFrom) conversations++;
    }
  };

  let eventSeq = 0;
  const slackWorker = async (u: number): Promise<void> => {
    const secret = opts.slackSecret!;
    const random = seededRandom((opts.seed ?? 1) * 7_919 + u);
    const userId = `U0LT${String(u).padStart(4, '0')}`;
    let n = 0;
    while (performance.now() < deadline) {
      const [text] = conversationScript(questions, 1, random);
      // A fresh DM channel per question keeps the bot's per-channel pacing of an earlier answer
      // from being counted as this answer's latency.
      const channel = `D0LT${String(u).padStart(4, '0')}X${n++}`;
      const seq = ++eventSeq;
      const eventId = `Ev${runId}${seq}`;
      const body = JSON.stringify(messageImEvent({ eventId, userId, channel, text: text!, nowMs: opts.clock.now(), seq }));
      const headers = { 'content-type': 'application/json', ...signSlackRequest(secret, body, opts.clock.now() / 1000) };
      const reply = opts.fakeSlack?.nextPost(channel, 10_000);
      const t0 = performance.now();
      const measured = t0 >= measureFrom;
      let acked = false;
      try {
        const res = await httpRequest(`${next()}/slack/events`, { body, headers, agent, timeoutMs });
        const ms = performance.now() - t0;
        if (measured && ms > SLACK_ACK_LIMIT_MS) lateAcks++;
        if (res.status >= 200 && res.status < 300) {
          acked = true;
          if (measured) slack.success(ms);
        } else if (measured) slack.status(res.status, ms);
      } catch (err) {
        if (measured) slack.failure(reason(err));
      }
      if (reply) {
        const at = acked ? await reply : undefined;
        if (measured) {
          if (at !== undefined && !Number.isNaN(at)) replies.push(at - t0);
          else if (acked) missingReplies++;
        }
        if (!acked) await sleep(100);
      } else {
        // Without a view of the replies, pace like a person reading the answer.
        await sleep(500);
      }
    }
  };

  await Promise.all([...Array.from({ length: opts.concurrency }, (_, i) => webWorker(i)), ...Array.from({ length: slackUsers }, (_, i) => slackWorker(i))]);
  const measuredSeconds = Math.max(0.001, (performance.now() - measureFrom) / 1000);
  agent.destroy();

  const report: LoadReport = {
    url: bases.join(' + '),
    distinctSources: distinct,
    host,
    concurrency: opts.concurrency,
    slackConcurrency: slackUsers,
    seconds: measuredSeconds,
    web: {
      requests: web.total,
      ok: web.ok,
      errors: web.errors,
      statuses: Object.fromEntries(web.statuses),
      failures: Object.fromEntries(web.failures),
      conversations,
      throughput: web.ok / measuredSeconds,
      latency: summarize(web.latencies),
      firstLatency: summarize(firsts),
      followUpLatency: summarize(followUps),
    },
  };
  if (slackUsers > 0) {
    report.slack = {
      events: slack.total,
      acked: slack.ok,
      errors: slack.errors,
      statuses: Object.fromEntries(slack.statuses),
      failures: Object.fromEntries(slack.failures),
      lateAcks,
      ack: summarize(slack.latencies),
      ...(opts.fakeSlack ? { replies: replies.length, missingReplies, reply: summarize(replies) } : {}),
    };
  }
  return report;
}

/** The parts of a `/api/chat` answer the driver needs, or undefined when it is not one. */
export function parseChat(body: string): { conversationId?: string; conversationKey?: string; replies: unknown[] } | undefined {
  try {
    const v = JSON.parse(body) as { conversationId?: unknown; conversationKey?: unknown; replies?: unknown };
    if (!Array.isArray(v.replies)) return undefined;
    return {
      replies: v.replies,
      ...(typeof v.conversationId === 'string' ? { conversationId: v.conversationId } : {}),
      ...(typeof v.conversationKey === 'string' ? { conversationKey: v.conversationKey } : {}),
    };
  } catch {
    return undefined;
  }
}

function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string') return e.code;
  if (e?.message === 'timeout') return 'timeout';
  return 'network';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
