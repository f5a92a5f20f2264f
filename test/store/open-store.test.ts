/**
 * DATABASE_URL selects the store: the config accepts only postgres:// URLs; the dialog store and
 * the staff store open on PostgreSQL; the parts still on SQLite (the server, taught items, backup)
 * refuse to start with a message naming what is not there yet, instead of quietly keeping their
 * state in a local file; and `npm run leads` and `npm run staff` work against PostgreSQL.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, testConfig } from '../../src/config.js';
import { systemClock, uuidIds } from '../../src/core/clock.js';
import { buildCore } from '../../src/server.js';
import { openDialogStore, openStaffStore, openStore, PgStore, SqliteStore } from '../../src/store/index.js';
import { PG_MISSING, PG_REQUIRED, TEST_PG_URL } from './backends.js';
import { silentLogger } from '../../src/core/log.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zx-open-'));
  dirs.push(d);
  return d;
}

describe('DATABASE_URL in the config', () => {
  it('accepts postgres:// and postgresql:// URLs, refuses anything else, and is empty by default', () => {
    expect(testConfig().DATABASE_URL).toBeUndefined();
    expect(testConfig({ DATABASE_URL: 'postgres://u:p@db:5432/zx' }).DATABASE_URL).toBe('postgres://u:p@db:5432/zx');
    expect(testConfig({ DATABASE_URL: 'postgresql://db/zx', DATABASE_POOL_MAX: '20' }).DATABASE_POOL_MAX).toBe(20);
    expect(() => testConfig({ DATABASE_URL: 'mysql://db/zx' })).toThrow(ConfigError);
    expect(() => testConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });
});

describe('the SQLite handle refuses DATABASE_URL; the server opens PostgreSQL', () => {
  it('openStore fails with config_invalid naming what is SQLite-only; the server tries PostgreSQL and says when it cannot reach it', async () => {
    const config = testConfig({ DATA_DIR: tempDir(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(() => openStore(config)).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('npm run backup') }));
    await expect(buildCore(config, { logger: silentLogger, clock: systemClock, ids: uuidIds })).rejects.toMatchObject({ code: 'store_failed', message: expect.stringContaining('PostgreSQL') });
  });

  it('without DATABASE_URL the dialog store is SQLite under DATA_DIR', async () => {
    const s = await openDialogStore(testConfig({ DATA_DIR: tempDir() }));
    expect(s).toBeInstanceOf(SqliteStore);
    await s.close();
  });
});

if (!TEST_PG_URL && PG_REQUIRED) {
  describe('DATABASE_URL on PostgreSQL', () => {
    it('runs under CI', () => {
      throw new Error(`CI=true but ${PG_MISSING}`);
    });
  });
}

describe.skipIf(!TEST_PG_URL)('DATABASE_URL on PostgreSQL', () => {
  /** A database of its own (the scripts work in the default schema). */
  async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
    const name = `zx_cli_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = TEST_PG_URL!.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
    return {
      url,
      async drop() {
        const a = new pg.Client({ connectionString: TEST_PG_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }

  const run = (script: string, args: string[], env: Record<string, string>, input?: string) =>
    spawnSync(process.execPath, ['--import', TSX, `scripts/${script}`, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, ...(input !== undefined ? { input } : {}) });

  it('opens PgStore, and npm run staff / npm run leads work against it', async () => {
    const db = await freshDatabase();
    try {
      const config = testConfig({ DATA_DIR: tempDir(), DATABASE_URL: db.url });
      const store = await openDialogStore(config);
      expect(store).toBeInstanceOf(PgStore);
      const c = await store.ensureConversation({ channel: 'web', conversationId: 'c1', userId: 'u1', lang: 'zh' });
      await store.createLead({ id: 'L-pg-1', conversation: c.id, fields: { company: '某某科技', contactName: '张三', phone: '13800138000' } });
      await store.close();

      const env = { DATA_DIR: config.DATA_DIR, DATABASE_URL: db.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
      const added = run('staff.ts', ['add', 'pgstaff', '--password-stdin'], env, 'a long enough password\n');
      expect(added.status, added.stderr).toBe(0);
      const staff = await openStaffStore(config);
      expect((await staff.staff.listStaffAccounts()).map((a) => a.name)).toEqual(['pgstaff']);
      await staff.close();

      const list = run('leads.ts', ['list'], env);
      expect(list.status, list.stderr).toBe(0);
      expect(list.stdout).toContain('L-pg-1');
      const erased = run('leads.ts', ['delete', 'L-pg-1'], env);
      expect(erased.status, erased.stderr).toBe(0);
      const check = await openDialogStore(config);
      expect((await check.getLead('L-pg-1'))!.fields).toEqual({ company: '某某科技' });
      await check.close();
      // backup is SQLite's: it refuses rather than copying an empty local file.
      const backup = run('backup.ts', [], env);
      expect(backup.status).not.toBe(0);
      expect(backup.stderr).toContain('pg_dump');
    } finally {
      await db.drop();
    }
  });
});
