/**
 * The two store back-ends the contract tests run against: SQLite in memory, and PostgreSQL in a
 * schema of its own per test (so cases never see each other's rows) on the cluster named by
 * TEST_DATABASE_URL (`scripts/pg-test-cluster.sh run -- npx vitest run test/store`; `.ci/run`
 * starts one). Without that URL the PostgreSQL cases are skipped locally with a message, and fail
 * under CI=true: CI must never pass without running them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ManualClock } from '../../src/core/clock.js';
import type { Clock } from '../../src/core/ports.js';
import { createStaffStore, openStore, type StaffStore } from '../../src/store/index.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { createPgStaffStore } from '../../src/store/pg/staff.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';

/** The PostgreSQL URL of the test cluster, if any (never DATABASE_URL: tests drop schemas). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

/** True when the PostgreSQL suites must run (and so fail without a URL). */
export const PG_REQUIRED = process.env.CI === 'true';

/** A store under test with what the contract needs to look inside it. */
export interface OpenedStore {
  store: SqliteStore | PgStore;
  staff: StaffStore;
  /** Every row of a table as JSON text (to check an erasure left no copy). */
  dump(table: string): Promise<string>;
}

/** One back-end: how to open a fresh, empty store, and how to drop everything opened. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  open(clock?: Clock): Promise<OpenedStore>;
  cleanup(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const opened: SqliteStore[] = [];
  return {
    name: 'sqlite',
    async open(clock = new ManualClock()) {
      const store = openStore({ path: ':memory:' }, clock);
      opened.push(store);
      return { store, staff: createStaffStore(store.db, clock), dump: async (table) => JSON.stringify(store.db.prepare(`SELECT * FROM ${table}`).all()) };
    },
    async cleanup() {
      for (const s of opened.splice(0)) s.close();
    },
  };
}

/** A fresh schema name. */
export function schemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Drop test schemas on the cluster. */
export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await admin.end();
  }
}

export function postgresBackend(url: string): Backend {
  const opened: PgStore[] = [];
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async open(clock = new ManualClock()) {
      const schema = schemaName();
      schemas.push(schema);
      const store = await PgStore.open(url, { clock, schema, max: 4 });
      opened.push(store);
      return { store, staff: createPgStaffStore(store.pool, clock), dump: async (table) => JSON.stringify((await store.pool.query(`SELECT * FROM ${table}`)).rows) };
    },
    async cleanup() {
      for (const s of opened.splice(0)) await s.close();
      await dropSchemas(url, schemas.splice(0));
    },
  };
}

/** The back-ends to run: SQLite always; PostgreSQL when a test cluster is configured. */
export function backends(): Backend[] {
  return TEST_PG_URL ? [sqliteBackend(), postgresBackend(TEST_PG_URL)] : [sqliteBackend()];
}

/** Said once when the PostgreSQL cases cannot run. */
export const PG_MISSING = 'PostgreSQL tests need TEST_DATABASE_URL (run: bash scripts/pg-test-cluster.sh run -- npx vitest run test/store)';
