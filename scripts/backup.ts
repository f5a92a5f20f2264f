/**
 * `npm run backup -- [dest.db]`: an online backup of the SQLite database through SQLite's backup API,
 * safe while the server is running. Default destination: DATA_DIR/backups/assistant-<timestamp>.db.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { openStore } from '../src/store/index.js';
import { HELP, parseCli } from './cli-args.js';

const { positionals } = parseCli('usage: npm run backup -- [dest.db]   (default: DATA_DIR/backups/assistant-<timestamp>.db)', { options: HELP, allowPositionals: true });
if (positionals.length > 1) {
  console.error('usage: npm run backup -- [dest.db]   (one destination at most)');
  process.exit(2);
}

try {
  const config = loadConfig();
  if (config.DATABASE_URL) {
    // PostgreSQL has its own consistent online dump; this script copies the SQLite file only.
    console.error('DATABASE_URL is set: the state is in PostgreSQL, which this SQLite backup does not copy. Back it up with pg_dump, e.g.\n  pg_dump --format=custom --file=assistant.dump "$DATABASE_URL"\n(restore: pg_restore --clean --dbname="$DATABASE_URL" assistant.dump; see docs/postgres.md)');
    process.exit(1);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dest = positionals[0] ?? join(config.DATA_DIR, 'backups', `assistant-${stamp}.db`);
  mkdirSync(dirname(dest), { recursive: true });
  const store = openStore(config);
  await store.backup(dest);
  store.close();
  console.log(`backup written: ${dest}`);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else {
    const e = asCodedError(err);
    console.error(`backup failed [${e.code}]: ${e.message}`);
  }
  process.exit(1);
}
