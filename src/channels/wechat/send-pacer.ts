/**
 * Paces what the bot sends on WeChat, to stay clear of WeChat's risk control (bursts and high
 * daily volume get personal accounts restricted): one queue per conversation served round-robin,
 * so one long reply does not hold up everyone else; a minimum gap plus random jitter between any two sends; a daily
 * cap after which sends are dropped with a warning and staff told once.
 */
import type { Clock, Logger } from '../../core/ports.js';

/** Settings and injected time for the pacer. */
export interface SendPacerOptions {
  minGapMs: number;
  /** Up to this much is added at random to each gap: sends at a fixed interval look automated. */
  jitterMs?: number;
  /** In [0, 1); default Math.random. */
  random?: () => number;
  dailyCap: number;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
  /** Called once per day when the cap is first hit. */
  onCapReached?: (cap: number) => void;
  /** Offset of the day boundary from UTC; WeChat's day and the bureau's are China time. */
  utcOffsetMs?: number;
}

/** A paced send queue. */
export interface SendPacer {
  /** Queue a send for conversation `key`; never rejects: failures are logged and reported as 'failed'. */
  enqueue(key: string, send: () => Promise<void>): Promise<SendResult>;
  /** Sends waiting in all queues. */
  pending(): number;
  /** Sends made today (pacer day). */
  sentToday(): number;
  /** Drop everything queued (resolving false) and refuse new sends. */
  close(): void;
}

/** What became of one queued send: dropped means the daily cap or a closed pacer. */
export type SendResult = 'sent' | 'dropped' | 'failed';

interface Job {
  send: () => Promise<void>;
  done: (result: SendResult) => void;
}

const DAY_MS = 86_400_000;

/** Create a pacer; nothing runs until something is enqueued. */
export function createSendPacer(opts: SendPacerOptions): SendPacer {
  const offset = opts.utcOffsetMs ?? 8 * 3_600_000;
  const queues = new Map<string, Job[]>();
  // When each conversation was last served (a counter): the least recently served goes next, so a
  // conversation whose queue just emptied and refilled does not jump ahead of one still waiting.
  const served = new Map<string, number>();
  let serveSeq = 0;
  let running = false;
  let closed = false;
  let lastSentAt: number | undefined;
  let day = -1;
  let count = 0;
  let capTold = false;

  const dayOf = (t: number) => Math.floor((t + offset) / DAY_MS);
  const rollDay = () => {
    const d = dayOf(opts.clock.now());
    if (d !== day) {
      day = d;
      count = 0;
      capTold = false;
    }
  };

  const next = (): Job | undefined => {
    let pick: string | undefined;
    let pickSeq = Infinity;
    for (const key of queues.keys()) {
      const seq = served.get(key) ?? -1;
      if (seq < pickSeq) {
        pick = key;
        pickSeq = seq;
      }
    }
    if (pick === undefined) {
      served.clear(); // idle: the history no longer matters
      return undefined;
    }
    const q = queues.get(pick)!;
    const job = q.shift();
    if (q.length === 0) queues.delete(pick);
    served.set(pick, ++serveSeq);
    return job;
  };

  const pump = async () => {
    if (running) return;
    running = true;
    try {
      for (let job = next(); job; job = next()) {
        if (closed) {
          job.done('dropped');
          continue;
        }
        rollDay();
        if (count >= opts.dailyCap) {
          opts.logger.warn('wechat daily send cap reached: message dropped', { cap: opts.dailyCap });
          if (!capTold) {
            capTold = true;
            opts.onCapReached?.(opts.dailyCap);
          }
          job.done('dropped');
          continue;
        }
        if (lastSentAt !== undefined) {
          const jitter = Math.floor((opts.random ?? Math.random)() * (opts.jitterMs ?? 0));
          const wait = lastSentAt + opts.minGapMs + jitter - opts.clock.now();
          if (wait > 0) await opts.sleep(wait).catch(() => undefined);
        }
        if (closed) {
          job.done('dropped');
          continue;
        }
        count++;
        try {
          await job.send();
          job.done('sent');
        } catch (err) {
          opts.logger.error('wechat send failed', { err });
          job.done('failed');
        } finally {
          lastSentAt = opts.clock.now();
        }
      }
    } finally {
      running = false;
    }
  };

  return {
    enqueue(key, send) {
      if (closed) return Promise.resolve<SendResult>('dropped');
      return new Promise<SendResult>((resolve) => {
        let q = queues.get(key);
        if (!q) {
          q = [];
          queues.set(key, q);
        }
        q.push({ send, done: resolve });
        pump().catch((err: unknown) => opts.logger.error('wechat send queue failed', { err }));
      });
    },
    pending: () => [...queues.values()].reduce((n, q) => n + q.length, 0),
    sentToday: () => {
      rollDay();
      return count;
    },
    close() {
      closed = true;
      for (const q of queues.values()) for (const job of q.splice(0)) job.done('dropped');
      queues.clear();
      served.clear();
    },
  };
}
