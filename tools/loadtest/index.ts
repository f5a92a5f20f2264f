/**
 * The load test as one call: start what is needed (a fake Slack Web API and the server itself
 * when no URL is given), drive the load, stop everything, and judge the figures.
 */
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/core/clock.js';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { launchServer, type LaunchedServer } from './launch-server.js';
import { loadQuestionsJsonl } from './questions.js';
import { CodedError } from '../../src/core/errors.js';
import { scratchDatabase } from './pg-database.js';
import { checkTargets, compareReports, DEFAULT_TARGETS, formatReport, type LoadTargets, type TargetCheck } from './report.js';
import { runLoad, type LoadReport } from './run-load.js';

export { signSlackRequest, messageImEvent } from './slack-signing.js';
export { percentile, summarize } from './stats.js';
export type { LoadReport } from './run-load.js';

/** Arguments of the `loadtest` script. */
export interface LoadtestArgs {
  /** A running server; when absent the server is started here with a temporary DATA_DIR. */
  url?: string;
  concurrency: number;
  seconds: number;
  warmupSeconds?: number;
  /** Signing secret of the server's Slack app; with `url`, switches Slack load on. */
  slackSecret?: string;
  /** Do not send Slack events even when the server is started here. */
  noSlack?: boolean;
  slackConcurrency?: number;
  /** JSON-lines file of questions (a `question` field per line). */
  questionsFile?: string;
  /** Skip building the index before starting the server. */
  noIngest?: boolean;
  /** Project root (default: the current directory). */
  root?: string;
  targets?: LoadTargets;
  /**
   * 2: after the run on one SQLite instance, the same load on two instances sharing one
   * PostgreSQL (a scratch database on `databaseUrl`'s cluster), requests round robin over both.
   */
  instances?: 1 | 2;
  /** The PostgreSQL cluster for `instances: 2` (a scratch database is created and dropped there). */
  databaseUrl?: string;
}

/** What a load test produced. */
export interface LoadtestResult {
  report: LoadReport;
  /** With `instances: 2`: the run on two instances over PostgreSQL (figures only, no targets). */
  shared?: LoadReport;
  checks: TargetCheck[];
  passed: boolean;
  text: string;
}

/** Run a whole load test; `say` gets progress lines. Everything started here is stopped. */
export async function runLoadtest(args: LoadtestArgs, say: (line: string) => void = () => {}): Promise<LoadtestResult> {
  if (args.instances === 2 && args.url) throw new CodedError('bad_request', '--instances 2 starts its own servers: leave out --url');
  if (args.instances === 2 && !args.databaseUrl) throw new CodedError('config_invalid', '--instances 2 needs a PostgreSQL: --database-url URL, or TEST_DATABASE_URL (bash scripts/pg-test-cluster.sh run -- npm run loadtest -- --instances 2)');
  const report = await onePhase(args, 1, undefined, say);
  const checks = checkTargets(report, args.targets ?? DEFAULT_TARGETS);
  let text = formatReport(report, checks);
  let shared: LoadReport | undefined;
  if (args.instances === 2) {
    const db = await scratchDatabase(args.databaseUrl!);
    say(`scratch PostgreSQL database ${new URL(db.url).pathname.slice(1)} on ${new URL(db.url).host}`);
    try {
      shared = await onePhase(args, 2, db.url, say);
    } finally {
      await db.drop().catch((err: unknown) => say(`could not drop the scratch database: ${(err as Error).message}`));
    }
    text += `\n\n${formatReport(shared, [])}\n\n${compareReports(report, shared)}`;
  }
  return { report, ...(shared ? { shared } : {}), checks, passed: checks.every((c) => c.ok), text };
}

/** Start `instances` servers (SQLite, or PostgreSQL at `databaseUrl`) unless a URL is given, drive the load, stop them. */
async function onePhase(args: LoadtestArgs, instances: 1 | 2, databaseUrl: string | undefined, say: (line: string) => void): Promise<LoadReport> {
  let fake: FakeSlackApi | undefined;
  const servers: LaunchedServer[] = [];
  try {
    let urls = args.url ? [args.url] : [];
    let slackSecret = args.noSlack ? undefined : args.slackSecret;
    if (urls.length === 0) {
      if (!args.noSlack) {
        fake = await startFakeSlackApi();
        slackSecret ??= randomBytes(16).toString('hex');
        say(`fake Slack Web API on ${fake.url}`);
      }
      const where = databaseUrl ? 'PostgreSQL' : 'SQLite';
      for (let i = 0; i < instances; i++) {
        say(`starting server ${i + 1} of ${instances} on ${where} (temporary DATA_DIR, index built first)…`);
        // Started one after the other: the first migrates, the second finds the schema ready.
        servers.push(
          await launchServer({
            root: args.root ?? process.cwd(),
            ...(fake && slackSecret ? { slack: { signingSecret: slackSecret, apiUrl: fake.url } } : {}),
            ingest: !args.noIngest,
            env: { DATABASE_URL: databaseUrl ?? '' },
          }),
        );
      }
      urls = servers.map((s) => s.url);
      say(`server${urls.length > 1 ? 's' : ''} ready on ${urls.join(', ')}`);
    }
    const questions = args.questionsFile ? loadQuestionsJsonl(args.questionsFile) : undefined;
    say(`driving ${args.concurrency} conversations for ${args.warmupSeconds ?? 2} s warm-up + ${args.seconds} s…`);
    return await runLoad({
      url: urls[0]!,
      ...(urls.length > 1 ? { moreUrls: urls.slice(1) } : {}),
      concurrency: args.concurrency,
      seconds: args.seconds,
      ...(args.warmupSeconds !== undefined ? { warmupSeconds: args.warmupSeconds } : {}),
      ...(slackSecret ? { slackSecret } : {}),
      ...(args.slackConcurrency !== undefined ? { slackConcurrency: args.slackConcurrency } : {}),
      ...(fake ? { fakeSlack: fake } : {}),
      ...(questions ? { questions } : {}),
      clock: systemClock,
    });
  } finally {
    for (const s of servers) await s.stop();
    await fake?.stop();
  }
}
