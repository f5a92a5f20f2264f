/**
 * A database of its own for the PostgreSQL part of `npm run loadtest -- --instances 2`: created
 * on the cluster the given URL names (the user needs CREATEDB, as on the test cluster of
 * scripts/pg-test-cluster.sh), dropped afterwards, so a load test never writes into real data.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { CodedError } from '../../src/core/errors.js';

/** A throwaway database and how to drop it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Create `zx_load_<random>` next to the database of `url`. */
export async function scratchDatabase(url: string): Promise<ScratchDatabase> {
  const name = `zx_load_${randomBytes(4).toString('hex')}`;
  try {
    await admin(url, `CREATE DATABASE ${name}`);
  } catch (err) {
    throw new CodedError('config_invalid', `cannot create a scratch database on ${new URL(url).host}: ${(err as Error).message}`, { cause: err });
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
