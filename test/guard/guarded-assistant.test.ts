import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { CodedError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import type { Assistant, Logger } from '../../src/core/ports.js';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { GUARD_TEXTS, withGuards } from '../../src/guard/guarded-assistant.js';
import { RateLimiter } from '../../src/guard/rate-limit.js';

const CONTROL_OR_LONE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An assistant that echoes what it was given, and records it. */
function echo(): Assistant & { seen: Inbound[] } {
  const seen: Inbound[] = [];
  return {
    seen,
    async handle(inbound) {
      seen.push(inbound);
      return [{ text: `echo:${inbound.text}`, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot' }];
    },
  };
}

function inbound(text: unknown, userId = 'u1'): Inbound {
  return { channel: 'web', conversationId: 'c1', userId, text: text as string };
}

function recordingLogger(): Logger & { lines: { level: string; msg: string; data?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; data?: Record<string, unknown> }[] = [];
  const make = (): Logger => ({
    debug: (msg, data) => lines.push({ level: 'debug', msg, data }),
    info: (msg, data) => lines.push({ level: 'info', msg, data }),
    warn: (msg, data) => lines.push({ level: 'warn', msg, data }),
    error: (msg, data) => lines.push({ level: 'error', msg, data }),
    child: () => make(),
  });
  return Object.assign(make(), { lines });
}

function setup(opts: { perMin?: number; perSec?: number; maxChars?: number; inner?: Assistant; logger?: Logger } = {}) {
  const clock = new ManualClock();
  const limiter = new RateLimiter({ perKeyPerMinute: opts.perMin ?? 1000, globalPerSecond: opts.perSec ?? 100_000, clock });
  const inner = opts.inner ?? echo();
  const guarded = withGuards(inner, { maxChars: opts.maxChars ?? 50, limiter, logger: opts.logger ?? silentLogger, clock });
  return { clock, limiter, inner, guarded };
}

function isSystemNotice(o: Outbound): boolean {
  return o.speaker === 'system' && o.intent === 'question' && o.answered === false && o.citations.length === 0;
}

describe('withGuards', () => {
  it('passes clean text through to the core', async () => {
    const { guarded, inner } = setup();
    const out = await guarded.handle(inbound('  资兴有\u200B哪些优势产业？ '));
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toBe('echo:资兴有哪些优势产业？');
    expect((inner as ReturnType<typeof echo>).seen[0]!.text).toBe('资兴有哪些优势产业？');
  });

  it('ignores empty and whitespace-only messages without calling the core or spending the budget', async () => {
    const { guarded, inner } = setup({ perMin: 1 });
    for (const t of ['', '   ', '\n\t', '\u200B\u202E', undefined, null, 5]) expect(await guarded.handle(inbound(t))).toEqual([]);
    expect((inner as ReturnType<typeof echo>).seen).toHaveLength(0);
    expect(await guarded.handle(inbound('hello'))).toHaveLength(1);
  });

  it('cuts long messages and appends one notice in the message language', async () => {
    const { guarded, inner } = setup({ maxChars: 50 });
    const zh = await guarded.handle(inbound('资'.repeat(120)));
    expect((inner as ReturnType<typeof echo>).seen[0]!.text).toBe('资'.repeat(50));
    expect(zh).toHaveLength(2);
    expect(zh[1]!.text).toBe(GUARD_TEXTS.truncated.zh(50));
    expect(zh[1]!.text).toContain('您的消息较长');
    expect(isSystemNotice(zh[1]!)).toBe(true);
    expect(zh[1]!.handoffOffered).toBe(false);
    const en = await guarded.handle(inbound('word '.repeat(40)));
    expect(en[1]!.text).toBe(GUARD_TEXTS.truncated.en(50));
  });

  it('answers a rate-limited user once, then drops further messages silently until the window passes', async () => {
    const { guarded, clock, inner } = setup({ perMin: 2 });
    expect(await guarded.handle(inbound('问题一'))).toHaveLength(1);
    expect(await guarded.handle(inbound('问题二'))).toHaveLength(1);
    const refused = await guarded.handle(inbound('问题三'));
    expect(refused).toHaveLength(1);
    expect(isSystemNotice(refused[0]!)).toBe(true);
    expect(refused[0]!.text).toBe(GUARD_TEXTS.rateLimited.zh(30));
    for (let i = 0; i < 5; i++) expect(await guarded.handle(inbound('问题四'))).toEqual([]);
    // Another user is served meanwhile.
    expect(await guarded.handle(inbound('hello', 'u2'))).toHaveLength(1);
    clock.advance(30_000);
    expect(await guarded.handle(inbound('问题五'))).toHaveLength(1);
    expect((inner as ReturnType<typeof echo>).seen.map((i) => i.text)).toEqual(['问题一', '问题二', 'hello', '问题五']);
  });

  it('turns any failure of the core into one polite reply and logs the code', async () => {
    const logger = recordingLogger();
    const failing: Assistant = {
      async handle() {
        throw new CodedError('store_failed', 'disk full');
      },
    };
    const { guarded } = setup({ inner: failing, logger });
    const out = await guarded.handle(inbound('资兴有哪些优惠政策'));
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toBe('抱歉，系统暂时繁忙，请稍后再试，或发送“转人工”联系工作人员。');
    expect(out[0]!.handoffOffered).toBe(true);
    expect(isSystemNotice(out[0]!)).toBe(true);
    const err = logger.lines.find((l) => l.level === 'error');
    expect(err?.data?.code).toBe('store_failed');
    const en = await guarded.handle(inbound('What incentives are there?'));
    expect(en[0]!.text).toBe(GUARD_TEXTS.busy.en());
  });

  it('survives synchronous throws, non-Error throws, bad return values and a throwing logger', async () => {
    const throwingLogger: Logger = {
      debug: () => {},
      info: () => {},
      warn: () => {
        throw new Error('log down');
      },
      error: () => {
        throw new Error('log down');
      },
      child: () => throwingLogger,
    };
    const inners: Assistant[] = [
      {
        handle: () => {
          throw 'boom';
        },
      },
      { handle: async () => Promise.reject(undefined) },
      { handle: async () => null as unknown as Outbound[] },
    ];
    for (const inner of inners) {
      const { guarded } = setup({ inner, logger: throwingLogger });
      const out = await guarded.handle(inbound('你好'));
      expect(Array.isArray(out)).toBe(true);
    }
  });

  it('property: hostile input never makes it throw; the core only sees clean, bounded text', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.array(fc.constantFrom('\u0000', '\uD800', '\uDC00', '\u202E', '\u200B', '资', 'a', ' ', '\n', '😀', '\uFFFD'), { maxLength: 300 }).map((a) => a.join('')),
      fc.anything(),
    );
    // One error object: building stacks under vitest's source maps is what would make this slow.
    const boom = new Error('core failed');
    await fc.assert(
      fc.asyncProperty(hostile, fc.boolean(), async (text, fail) => {
        const seen: string[] = [];
        const inner: Assistant = {
          async handle(i) {
            seen.push(i.text);
            if (fail) throw boom;
            return [{ text: 'ok', citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot' }];
          },
        };
        const { guarded } = setup({ inner, maxChars: 60 });
        const out = await guarded.handle(inbound(text));
        expect(Array.isArray(out)).toBe(true);
        for (const s of seen) {
          expect(s.length).toBeGreaterThan(0);
          expect(s.length).toBeLessThanOrEqual(60);
          expect(CONTROL_OR_LONE.test(s)).toBe(false);
        }
        // When nothing was left for the core to see, nothing is replied either.
        expect(seen.length > 0 || out.length === 0).toBe(true);
        for (const o of out) {
          expect(typeof o.text).toBe('string');
          expect(Array.isArray(o.citations)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
