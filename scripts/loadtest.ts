/**
 * npm run loadtest -- [--url http://127.0.0.1:3000] [--concurrency 10] [--seconds 20]
 *                     [--slack-secret S] [--slack-users N] [--no-slack] [--warmup 2]
 *                     [--questions file.jsonl] [--no-ingest] [--json] [--instances 2 [--database-url URL]]
 * Without --url, starts the server itself (temporary DATA_DIR, free port, fake Slack Web API).
 * Exits 1 when a target is missed (≥ 200 questions/s, p99 ≤ 200 ms, no errors, no late Slack acks).
 * Each simulated investor sends its next question the moment a reply arrives (no reading time), on
 * its own connection: 10 of them keep the server as busy as a few hundred real users; with more, the
 * latency is queueing on this 2-core machine (client and server share it), which --concurrency shows.
 * --instances 2: then the same load on two servers sharing one PostgreSQL (a scratch database on
 * --database-url's cluster, default TEST_DATABASE_URL), requests round robin over both; both reports
 * and a side-by-side table. The targets apply to the SQLite run; the PostgreSQL one is figures only.
 */
import { runLoadtest } from '../tools/loadtest/index.js';
import { parseCli } from './cli-args.js';

const USAGE = 'usage: npm run loadtest -- [--url URL] [--concurrency 10] [--seconds 20] [--warmup 2] [--slack-secret S] [--slack-users N] [--no-slack] [--questions file.jsonl] [--no-ingest] [--json] [--instances 1|2] [--database-url URL]';
const { values } = parseCli(USAGE, {
  options: {
    url: { type: 'string' },
    concurrency: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    'slack-secret': { type: 'string' },
    'slack-users': { type: 'string' },
    'no-slack': { type: 'boolean', default: false },
    questions: { type: 'string' },
    'no-ingest': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
    'database-url': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const num = (name: string, v: string | undefined, min: number, max: number): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name} must be a number between ${min} and ${max}`);
    process.exit(2);
  }
  return n;
};

const url = values.url;
if (url) {
  const host = new URL(url).hostname;
  // A load test is a flood: aim it only at this machine.
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    console.error(`--url must point at loopback (127.0.0.1), not ${host}`);
    process.exit(2);
  }
}

const result = await runLoadtest(
  {
    ...(url ? { url } : {}),
    concurrency: Math.floor(num('concurrency', values.concurrency, 1, 2000)),
    seconds: num('seconds', values.seconds, 1, 600),
    warmupSeconds: num('warmup', values.warmup, 0, 60),
    ...(values['slack-secret'] ? { slackSecret: values['slack-secret'] } : {}),
    ...(values['slack-users'] ? { slackConcurrency: Math.floor(num('slack-users', values['slack-users'], 1, 500)) } : {}),
    noSlack: values['no-slack'],
    ...(values.questions ? { questionsFile: values.questions } : {}),
    noIngest: values['no-ingest'],
    instances: num('instances', values.instances, 1, 2) === 2 ? 2 : 1,
    ...((values['database-url'] ?? process.env.TEST_DATABASE_URL) ? { databaseUrl: values['database-url'] ?? process.env.TEST_DATABASE_URL } : {}),
  },
  (line) => console.error(line),
).catch((err: unknown) => {
  console.error(`loadtest failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});

console.log(values.json ? JSON.stringify({ ...result.report, ...(result.shared ? { twoInstancesOnPostgres: result.shared } : {}), checks: result.checks, passed: result.passed }, null, 2) : result.text);
process.exitCode = result.passed ? 0 : 1;
