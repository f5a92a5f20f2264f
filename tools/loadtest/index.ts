/**
 * The load test as one call: start what is needed (a fake Slack Web API and the server itself
 * when no URL is given), drive the load, stop everything, and judge the figures.
 */
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/core/clock.js';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { launchServer, type LaunchedServer } from './launch-server.js';
import { loadQuestionsJsonl } from './questions.js';
import { checkTargets, DEFAULT_TARGETS, formatReport, type LoadTargets, type TargetCheck } from './report.js';
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
}

/** What a load test produced. */
export interface LoadtestResult {
  report: LoadReport;
  checks: TargetCheck[];
  passed: boolean;
  text: string;
}

/** Run a whole load test; `say` gets progress lines. Everything started here is stopped. */
export async function runLoadtest(args: LoadtestArgs, say: (line: string) => void = () => {}): Promise<LoadtestResult> {
  let fake: FakeSlackApi | undefined;
  let server: LaunchedServer | undefined;
  try {
    let url = args.url;
    let slackSecret = args.noSlack ? undefined : args.slackSecret;
    if (!url) {
      if (!args.noSlack) {
        fake = await startFakeSlackApi();
        slackSecret ??= randomBytes(16).toString('hex');
        say(`fake Slack Web API on ${fake.url}`);
      }
      say('starting the server (temporary DATA_DIR, index built first)…');
      server = await launchServer({
        root: args.root ?? process.cwd(),
        ...(fake && slackSecret ? { slack: { signingSecret: slackSecret, apiUrl: fake.url } } : {}),
        ingest: !args.noIngest,
      });
      url = server.url;
      say(`server ready on ${url}`);
    }
    const questions = args.questionsFile ? loadQuestionsJsonl(args.questionsFile) : undefined;
    say(`driving ${args.concurrency} conversations for ${args.warmupSeconds ?? 2} s warm-up + ${args.seconds} s…`);
    const report = await runLoad({
      url,
      concurrency: args.concurrency,
      seconds: args.seconds,
      ...(args.warmupSeconds !== undefined ? { warmupSeconds: args.warmupSeconds } : {}),
      ...(slackSecret ? { slackSecret } : {}),
      ...(args.slackConcurrency !== undefined ? { slackConcurrency: args.slackConcurrency } : {}),
      ...(fake ? { fakeSlack: fake } : {}),
      ...(questions ? { questions } : {}),
      clock: systemClock,
    });
    const checks = checkTargets(report, args.targets ?? DEFAULT_TARGETS);
    return { report, checks, passed: checks.every((c) => c.ok), text: formatReport(report, checks) };
  } finally {
    await server?.stop();
    await fake?.stop();
  }
}
