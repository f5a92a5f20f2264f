/** The real core (store, index of knowledge/, question service, dialog) over a temp DATA_DIR. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig, type Config } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { buildCore, type Core } from '../../src/server.js';

/** A real core and how to dispose of it. */
export interface RealCore {
  core: Core;
  config: Config;
  clock: ManualClock;
  dispose(): Promise<void>;
}

/** Ingest knowledge/ into a temp dir and build the core on it. */
export async function realCore(overrides: Partial<Record<keyof Config, string>> = {}): Promise<RealCore> {
  const dir = mkdtempSync(join(tmpdir(), 'zx-web-'));
  const config = testConfig({ DATA_DIR: dir, KNOWLEDGE_DIR: 'knowledge', ...overrides });
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 8));
  await runIngest(config, { logger: silentLogger, clock });
  const core = await buildCore(config, { logger: silentLogger, clock, ids: sequentialIds('r') });
  return {
    core,
    config,
    clock,
    async dispose() {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
