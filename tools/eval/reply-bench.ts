/**
 * Reply latency without an LLM: questions through the whole dialog core (guards aside), measured
 * beside retrieval alone in the same run, so the answer layer's share is visible.
 */
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/core/log.js';
import { openBatchCore } from '../../src/channels/cli/batch.js';
import type { BenchSection } from './retrieval-bench.js';
import { percentile as pct } from '../loadtest/stats.js';

/** Time `rounds` passes over the questions: retrieval only, then full replies in fresh conversations. */
export async function replySection(config: Config, questions: string[], rounds = 20): Promise<BenchSection> {
  const core = await openBatchCore(config, createLogger('silent'));
  try {
    // Warm up caches and lazy initialisation (jieba, opencc) outside the measurement.
    for (const q of questions) await core.assistant.handle({ channel: 'cli', conversationId: 'warm', userId: 'bench', text: q });
    const retrieval: number[] = [];
    const reply: number[] = [];
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      for (const q of questions) {
        let t = performance.now();
        await core.kb.retrieve(q);
        retrieval.push(performance.now() - t);
        t = performance.now();
        await core.assistant.handle({ channel: 'cli', conversationId: `bench-${n++}`, userId: 'bench', text: q });
        reply.push(performance.now() - t);
      }
    }
    retrieval.sort((a, b) => a - b);
    reply.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(2)} ms`;
    return {
      title: `Reply latency without an LLM (sample knowledge base, ${reply.length} questions, in-memory store)`,
      rows: [
        ['retrieval only p50 / p99', `${ms(pct(retrieval, 50))} / ${ms(pct(retrieval, 99))}`],
        ['full reply p50 / p99 (target ≤ 30 / ≤ 100 ms)', `${ms(pct(reply, 50))} / ${ms(pct(reply, 99))}`],
        ['full reply max', ms(reply[reply.length - 1] ?? NaN)],
      ],
    };
  } finally {
    core.close();
  }
}
