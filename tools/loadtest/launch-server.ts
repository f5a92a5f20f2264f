/**
 * Start the real server as a child process for a load test: a temporary DATA_DIR, a free
 * loopback port, rate limits high enough not to distort the figures, Slack pointed at a loopback
 * fake, and every network provider switched off. Waits for /healthz; `stop()` ends it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError } from '../../src/core/errors.js';
import { httpRequest } from './http-client.js';

/** A server started for a load test. */
export interface LaunchedServer {
  url: string;
  dataDir: string;
  /** Last lines the child wrote (for diagnosing a failed start). */
  logTail(): string;
  stop(): Promise<void>;
}

/** Settings of `launchServer`. */
export interface LaunchOptions {
  /** Project root: where src/main.ts and knowledge/ are. */
  root: string;
  /** Slack signing secret and fake Web API URL; Slack stays off without them. */
  slack?: { signingSecret: string; apiUrl: string };
  /** Build the index into the temporary DATA_DIR first with scripts/ingest.ts (default true). */
  ingest?: boolean;
  startTimeoutMs?: number;
  /** Extra environment for the child (applied last). */
  env?: Record<string, string>;
  onLine?: (line: string) => void;
}

const TAIL_LINES = 60;

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The child environment: the parent's, with every setting that could reach a network replaced. */
export function loadtestEnv(base: NodeJS.ProcessEnv, opts: { port: number; dataDir: string; slack?: LaunchOptions['slack'] }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    DATA_DIR: opts.dataDir,
    // Generous limits: the load test measures the core, not the limiter.
    RATE_LIMIT_PER_USER_PER_MIN: '100000',
    RATE_LIMIT_GLOBAL_PER_SEC: '1000000',
    // No provider on the internet, whatever .env says (process env wins over .env).
    EMBEDDINGS_PROVIDER: 'local',
    EMBEDDINGS_BASE_URL: '',
    EMBEDDINGS_API_KEY: '',
    LLM_PROVIDER: 'none',
    LLM_BASE_URL: '',
    LLM_API_KEY: '',
    WECHATY_PUPPET: '',
    WECHATY_PUPPET_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_BOT_TOKEN: opts.slack ? 'xoxb-loadtest-0000000000-fake' : '',
    SLACK_SIGNING_SECRET: opts.slack?.signingSecret ?? '',
    SLACK_API_URL: opts.slack?.apiUrl ?? '',
    SLACK_LEADS_CHANNEL: opts.slack ? 'C0LOADLEADS' : '',
  });
  return env;
}

/** Start `src/main.ts` with a fresh DATA_DIR and wait until /healthz answers 200. */
export async function launchServer(opts: LaunchOptions): Promise<LaunchedServer> {
  const mainPath = join(opts.root, 'src', 'main.ts');
  if (!existsSync(mainPath)) throw new CodedError('not_found', `${mainPath} does not exist: pass --url to test a running server`);
  const dataDir = mkdtempSync(join(tmpdir(), 'zixing-loadtest-'));
  const port = await freePort();
  const env = { ...loadtestEnv(process.env, { port, dataDir, slack: opts.slack }), ...opts.env };
  const tail: string[] = [];
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    opts.onLine?.(line);
  };
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });

  try {
    const ingestScript = join(opts.root, 'scripts', 'ingest.ts');
    if (opts.ingest !== false && existsSync(ingestScript)) {
      const child = spawnTsx(opts.root, ingestScript, [], env, onLine);
      const code = await exited(child, 300_000);
      if (code === undefined) child.kill('SIGKILL');
      if (code !== 0) throw new CodedError('internal', `ingest exited with ${code}:\n${tail.join('\n')}`);
    }
  } catch (err) {
    cleanup();
    throw err;
  }

  const child = spawnTsx(opts.root, mainPath, [], env, onLine);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if ((await exited(child, 10_000)) === undefined) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
    cleanup();
  };
  try {
    await waitHealthy(url, child, opts.startTimeoutMs ?? 120_000);
  } catch (err) {
    await stop();
    throw new CodedError('internal', `server did not become healthy: ${(err as Error).message}\n--- server output ---\n${tail.join('\n')}`, { cause: err });
  }
  return { url, dataDir, logTail: () => tail.join('\n'), stop };
}

/** One node process with tsx loaded in it (no npx/tsx wrapper processes to lose signals). */
function spawnTsx(root: string, script: string, args: string[], env: Record<string, string>, onLine: (l: string) => void): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Always drain the pipes: a full pipe would block the child's logging and distort the figures.
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
      if (buf.length > 10_000) buf = buf.slice(-10_000);
    });
  }
  return child;
}

/** Exit code (or -1 for a signal) once the child exits, or undefined after `timeoutMs`. */
function exited(child: ChildProcess, timeoutMs: number): Promise<number | undefined> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(-1);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode})`);
    try {
      const res = await httpRequest(`${url}/healthz`, { timeoutMs: 2_000 });
      if (res.status === 200) return;
      last = `/healthz answered ${res.status}: ${res.body.slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms (${last})`);
}
