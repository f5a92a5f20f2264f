/**
 * The counting wrapper around the conversation core, beside the guard in front of every channel:
 * each channel's replies are counted and timed in one place. What records them (the Prometheus
 * metrics of `http/metrics.ts`) is handed in, so this layer does not know the HTTP edge.
 */
import type { Assistant, Clock } from '../core/ports.js';
import type { Inbound, Outbound } from '../core/types.js';

/** Where the replies to one inbound message, and how long they took, are recorded. */
export interface ReplyRecorder {
  /** Count the replies to one inbound message and how long they took. */
  recordReplies(channel: string, replies: Outbound[], seconds: number): void;
}

/** Wrap an Assistant so every channel's replies are counted and timed in one place. */
export function instrumentAssistant(inner: Assistant, metrics: ReplyRecorder, clock: Clock): Assistant {
  return {
    async handle(inbound: Inbound, opts) {
      const started = clock.now();
      const replies = await inner.handle(inbound, opts);
      metrics.recordReplies(inbound.channel, replies, (clock.now() - started) / 1000);
      return replies;
    },
  };
}
