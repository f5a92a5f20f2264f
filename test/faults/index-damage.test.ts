/**
 * Fault 5: index files under DATA_DIR/index missing or corrupt. Opening gives a clear coded error
 * (index_missing / index_corrupt), never a native crash; a rebuild makes it usable again; a running
 * core keeps serving its loaded index when a reload meets a damaged one; and `npm start`
 * (src/main.ts) either rebuilds and starts or exits once with the code — we check which.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { asCodedError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { ensureIndex } from '../../src/ingest/ensure-index.js';
import { isIndexStale } from '../../src/ingest/stale.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase } from '../../src/retrieval/index.js';
import { buildCore, type Core } from '../../src/server.js';
import { ANSWERABLE_ZH, buildIndex, cleanupDirs, copyIndex, faultConfig, PROMPTS, ROOT, smallKnowledge, tempDir } from './helpers.js';

const dirs: string[] = [];
let indexDir = '';
let knowledgeDir = '';
const cores: Core[] = [];

// A two-document knowledge folder: this file ingests often (every repair, two `npm start` runs).
const config = (dataDir: string): Config => faultConfig(dataDir, { KNOWLEDGE_DIR: knowledgeDir });

beforeAll(async () => {
  knowledgeDir = smallKnowledge(dirs);
  indexDir = tempDir(dirs);
  await buildIndex(config(indexDir));
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
afterAll(() => cleanupDirs(dirs));

type Damage = 'delete' | 'junk';
interface Case {
  file: string;
  damage: Damage;
  code: 'index_missing' | 'index_corrupt';
  /** Whether `isIndexStale` notices (so `ensureIndex` and `npm start` rebuild). */
  staleNotices: boolean;
}

const JUNK = 'this is not an index file at all '.repeat(40);

const CASES: Case[] = [
  { file: '', damage: 'delete', code: 'index_missing', staleNotices: true },
  { file: 'meta.json', damage: 'delete', code: 'index_missing', staleNotices: true },
  { file: 'meta.json', damage: 'junk', code: 'index_corrupt', staleNotices: true },
  { file: 'chunks.json', damage: 'delete', code: 'index_missing', staleNotices: false },
  { file: 'chunks.json', damage: 'junk', code: 'index_corrupt', staleNotices: false },
  { file: 'bm25.json', damage: 'junk', code: 'index_corrupt', staleNotices: false },
  { file: 'vectors.hnsw', damage: 'delete', code: 'index_missing', staleNotices: false },
  { file: 'vectors.hnsw', damage: 'junk', code: 'index_corrupt', staleNotices: false },
  { file: 'embedder.json', damage: 'junk', code: 'index_corrupt', staleNotices: false },
];

const label = (c: Case) => `${c.file || 'the whole index directory'} ${c.damage === 'delete' ? 'deleted' : 'overwritten with junk'}`;

function damage(dataDir: string, c: Case): void {
  const target = join(dataDir, 'index', c.file);
  if (c.damage === 'delete') rmSync(target, { recursive: true, force: true });
  else writeFileSync(target, JUNK);
}

function damagedCopy(c: Case): Config {
  const dataDir = tempDir(dirs);
  copyIndex(indexDir, dataDir);
  damage(dataDir, c);
  return config(dataDir);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return asCodedError(err).code;
  }
  return 'no error';
}

async function answersFrom(config: Config): Promise<void> {
  const kb = await openKnowledgeBase(config);
  const r = await kb.retrieve(ANSWERABLE_ZH);
  expect(r.relevant).toBe(true);
  expect(r.passages[0]!.path).toContain('six-advantage-industries');
}

describe('fault 5: index files missing or corrupt', () => {
  for (const c of CASES) {
    describe(label(c), () => {
      it(`opening fails with ${c.code} (openKnowledgeBase and buildCore alike), and runIngest rebuilds it`, async () => {
        const config = damagedCopy(c);
        expect(await codeOf(openKnowledgeBase(config))).toBe(c.code);
        expect(await codeOf(buildCore(config, { logger: silentLogger, clock: new ManualClock(), ids: sequentialIds('x') }))).toBe(c.code);
        // An explicit re-ingest (npm run ingest, the console's re-ingest) repairs any damage.
        await runIngest(config, { logger: silentLogger });
        await answersFrom(config);
      });

      // Was a bug for the cases marked staleNotices: false — isIndexStale only looked at meta.json and
      // the manifest. It now also checks every index file (src/retrieval/index-store.ts indexProblem),
      // and ensureIndex rebuilds in full what opening would refuse.
      it('ensureIndex (what start-up relies on) notices and rebuilds', async () => {
        const config = damagedCopy(c);
        expect(isIndexStale(config)).toBe(true);
        await ensureIndex(config, silentLogger);
        await answersFrom(config);
      });
    });
  }

  it('a running core keeps answering from its loaded index when a reload meets a damaged one', async () => {
    const dataDir = tempDir(dirs);
    copyIndex(indexDir, dataDir);
    const core = await buildCore(config(dataDir), { logger: silentLogger, clock: new ManualClock(), ids: sequentialIds('x') });
    cores.push(core);
    writeFileSync(join(dataDir, 'index', 'chunks.json'), JUNK);
    expect(await codeOf(core.kb.reload())).toBe('index_corrupt');
    const [o] = await core.assistant.handle({ channel: 'web', conversationId: 'reload', userId: 'u', text: ANSWERABLE_ZH });
    expect(o!.answered).toBe(true);
    expect(o!.citations.length).toBeGreaterThan(0);
  });
});

/** Outcome of one `npm start` (src/main.ts) run on a damaged DATA_DIR. */
interface StartRun {
  started: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Run src/main.ts until it prints that it is running (then SIGTERM it) or exits on its own. */
function startMain(dataDir: string): Promise<StartRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: knowledgeDir,
      PROMPTS_DIR: PROMPTS,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    // cwd: the data dir, so no .env of the project is read; tsx resolved from the project.
    const child = spawn(process.execPath, ['--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs'), join(ROOT, 'src/main.ts')], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: StartRun = { started: false, exitCode: null, stdout: '', stderr: '' };
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts neither started nor exited: ${JSON.stringify(run)}`));
    }, 40_000);
    child.stdout.on('data', (d: Buffer) => {
      run.stdout += d.toString();
      if (!run.started && run.stdout.includes('is running')) {
        run.started = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      run.exitCode = code;
      resolve(run);
    });
  });
}

describe('fault 5: what `npm start` does with a damaged index', () => {
  const chunksDeleted: Case = CASES.find((c) => c.file === 'chunks.json' && c.damage === 'delete')!;
  const metaDeleted: Case = CASES.find((c) => c.file === 'meta.json' && c.damage === 'delete')!;
  let damagedRun: StartRun;
  let metaRun: StartRun;

  // Both start-ups at once: each spends seconds compiling and loading before it gets anywhere.
  beforeAll(async () => {
    const damaged = (c: Case) => {
      const dataDir = tempDir(dirs);
      copyIndex(indexDir, dataDir);
      damage(dataDir, c);
      return dataDir;
    };
    [damagedRun, metaRun] = await Promise.all([startMain(damaged(chunksDeleted)), startMain(damaged(metaDeleted))]);
  });

  it('meta.json deleted: it rebuilds the index and starts', () => {
    expect(metaRun.stdout).toContain('Building the knowledge index');
    expect(metaRun.started, JSON.stringify(metaRun)).toBe(true);
  });

  // Was a crash loop (exit 1 on index_missing); src/main.ts now rebuilds once on
  // index_missing / index_corrupt / index_mismatch (buildCoreRebuildingIndex). A second test here
  // allowed "or exits naming the code" behind an `if` that could no longer be reached, so it asserted nothing.
  it('chunks.json deleted: it rebuilds the index and starts (no crash loop, no stack trace)', () => {
    expect(damagedRun.started, JSON.stringify(damagedRun)).toBe(true);
    expect(damagedRun.stdout).toContain('index_missing');
    expect(damagedRun.stderr).not.toContain('Failed to start');
    expect(damagedRun.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
