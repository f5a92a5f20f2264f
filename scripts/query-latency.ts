/**
 * Child process of `npm run bench`: reads `{ "sets": [{ "name", "queries": [...] }], "passes": 3 }`
 * as JSON on stdin, opens the index named by the environment (DATA_DIR, LOCAL_EMBEDDING_DIM,
 * HNSW_*, …) as `npm start` would, and prints `[{ "name", "samples": [ms, …] }]` as one JSON line.
 * Errors go to stderr with exit code 1.
 */
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { measureQueryLatency } from '../tools/eval/query-latency.js';
import { HELP, parseCli } from './cli-args.js';

parseCli('usage: npx tsx scripts/query-latency.ts < sets.json   (a child of npm run bench; no arguments)', { options: HELP });

const input = z.object({
  sets: z.array(z.object({ name: z.string(), queries: z.array(z.string()) })),
  passes: z.number().int().min(1).max(1000).optional(),
});

try {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  const req = input.parse(JSON.parse(text));
  const result = await measureQueryLatency(loadConfig(), req.sets, { passes: req.passes });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  process.stderr.write(`query-latency: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
