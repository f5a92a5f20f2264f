/**
 * Hybrid query latency as the server sees it: open the index the way `npm start` does, serve one
 * untimed warm-up pass over every query, then time `passes` passes of each query set. Meant to
 * run in a fresh process (scripts/query-latency.ts), away from the garbage of an in-process ingest.
 */
import { performance } from 'node:perf_hooks';
import type { Config } from '../../src/config.js';
import { openKnowledgeBase } from '../../src/retrieval/knowledge-base.js';

/** A named list of queries; its samples come back under the same name. */
export interface QuerySet {
  name: string;
  queries: string[];
}

/** Latency samples (ms) of `kb.retrieve(q, { k: 5 })`, `passes` per query, per set in input order. */
export async function measureQueryLatency(config: Config, sets: QuerySet[], opts: { passes?: number } = {}): Promise<{ name: string; samples: number[] }[]> {
  const passes = opts.passes ?? 3;
  const kb = await openKnowledgeBase(config);
  // Warm-up: JIT, lazily built structures and the page cache, as a server that has served traffic.
  for (const set of sets) for (const q of set.queries) await kb.retrieve(q, { k: 5 });
  const out: { name: string; samples: number[] }[] = [];
  for (const set of sets) {
    const samples: number[] = [];
    for (let p = 0; p < passes; p++) {
      for (const q of set.queries) {
        const t = performance.now();
        await kb.retrieve(q, { k: 5 });
        samples.push(performance.now() - t);
      }
    }
    out.push({ name: set.name, samples });
  }
  return out;
}
