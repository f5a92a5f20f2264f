/**
 * The guard wrapped once around the conversation core, in front of every channel: clean and
 * bound the text, ignore empty messages, rate-limit per user with a single polite refusal, and
 * turn any failure of the core into one polite reply. Nothing thrown inside escapes.
 */
import { LRUCache } from 'lru-cache';
import { asCodedError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { EN } from '../core/texts/en.js';
import { ZH } from '../core/texts/zh.js';
import type { Assistant, Clock, Logger } from '../core/ports.js';
import type { Inbound, Lang, Outbound } from '../core/types.js';
import type { RateLimiter } from './rate-limit.js';
import { detectLang } from '../text/index.js';
import { sanitizeText } from './sanitize.js';

/** Settings of `withGuards`. */
export interface GuardOptions {
  /** Longest message handed to the core (MAX_MESSAGE_CHARS); longer ones are cut with a notice. */
  maxChars: number;
  limiter: RateLimiter;
  logger: Logger;
  /** Language of notices when the text itself does not tell (no Han or Latin letters); default 'zh'. */
  lang?: Lang;
  /** Time source for the refusal window (default: the wall clock); pass the limiter's clock. */
  clock?: Clock;
  /** Most users remembered as "already told they are rate-limited" (default 10 000). */
  maxNoticeKeys?: number;
}

/** Texts of the guard's own replies (they live in `core/texts/`); exported so channels and tests can recognise them. */
export const GUARD_TEXTS = {
  truncated: { zh: ZH.guard.truncated, en: EN.guard.truncated },
  rateLimited: { zh: ZH.guard.rateLimited, en: EN.guard.rateLimited },
  busy: { zh: ZH.guard.busy, en: EN.guard.busy },
} as const;

/**
 * Wrap an assistant with input hygiene, per-user rate limiting and a catch-all error reply.
 * The returned assistant never throws or rejects.
 */
export function withGuards(inner: Assistant, opts: GuardOptions): Assistant {
  const log = opts.logger.child({ component: 'guard' });
  const fallbackLang: Lang = opts.lang ?? 'zh';
  const clock = opts.clock ?? systemClock;
  const maxNoticeKeys = Math.max(1, opts.maxNoticeKeys ?? 10_000);
  // key → epoch ms until which further refused messages are dropped without a reply; an entry
  // expires when its quiet period ends (ttlResolution 0: the injected clock is read on every check).
  const noticedUntil = new LRUCache<string, number>({ max: maxNoticeKeys, ttlResolution: 0, perf: clock });

  const noticeDue = (key: string, now: number, retryAfterMs: number): boolean => {
    const until = noticedUntil.get(key);
    if (until !== undefined && now < until) return false;
    noticedUntil.set(key, now + retryAfterMs, { ttl: Math.max(1, retryAfterMs) });
    return true;
  };

  return {
    async handle(inbound: Inbound, handleOpts?: { onDelta?: (text: string) => void }): Promise<Outbound[]> {
      let lang = fallbackLang;
      try {
        const clean = sanitizeText((inbound as { text?: unknown } | null | undefined)?.text, opts.maxChars);
        if (clean.empty) return [];
        lang = detectLang(clean.text, fallbackLang);
        const key = limiterKey(inbound);
        const decision = opts.limiter.take(key);
        if (!decision.ok) {
          // One reply per refusal window: answering every message of a flood would feed it.
          const now = clock.now();
          if (!noticeDue(key, now, decision.retryAfterMs)) return [];
          log.warn('rate_limited', { code: 'rate_limited', scope: decision.scope, channel: inbound.channel, retryAfterMs: decision.retryAfterMs });
          return [systemReply(GUARD_TEXTS.rateLimited[lang](Math.max(1, Math.ceil(decision.retryAfterMs / 1000))), false)];
        }
        const replies = await inner.handle({ ...inbound, text: clean.text }, handleOpts);
        const out = Array.isArray(replies) ? [...replies] : [];
        if (clean.truncated) out.push(systemReply(GUARD_TEXTS.truncated[lang](opts.maxChars), false));
        return out;
      } catch (err) {
        const coded = asCodedError(err);
        try {
          log.error('assistant_failed', { code: coded.code, error: coded, channel: inbound?.channel, conversationId: inbound?.conversationId });
        } catch {
          // A broken logger must not turn a polite reply into a crash.
        }
        return [systemReply(GUARD_TEXTS.busy[lang](), true)];
      }
    },
  };
}

/** One short reply from the system itself (not an answer from the knowledge base). */
function systemReply(text: string, handoffOffered: boolean): Outbound {
  return { text, citations: [], answered: false, handoffOffered, intent: 'question', speaker: 'system' };
}

function limiterKey(inbound: Inbound): string {
  const who = typeof inbound.userId === 'string' && inbound.userId ? inbound.userId : String(inbound.conversationId ?? 'anonymous');
  return `${String(inbound.channel)}:${who}`;
}
