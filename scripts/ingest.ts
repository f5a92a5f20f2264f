/** `npm run ingest [-- --full]`: build or update the index from knowledge/. */
import { loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { createLogger } from '../src/core/log.js';
import { progressBar } from '../src/ingest/progress.js';
import { runIngest } from '../src/ingest/run-ingest.js';
import { HELP, parseCli } from './cli-args.js';

const { values } = parseCli('usage: npm run ingest [-- --full]\n  --full  re-embed every file, ignoring the previous index', { options: { full: { type: 'boolean' }, ...HELP } });
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
const bar = progressBar(process.stderr, 'embedding');
try {
  const s = await runIngest(config, { logger, onProgress: bar.update, full: values.full === true });
  bar.finish();
  for (const e of s.errors) console.error(`skipped ${e.path}: ${e.reason}`);
  for (const f of s.flags) console.error(`review ${f.path}: ${f.flags.join(', ')}`);
  console.log(
    `ingested ${s.documents}/${s.files} files, ${s.chunks} chunks (added ${s.added}, changed ${s.changed}, removed ${s.removed}, unchanged ${s.unchanged}; embedded ${s.embedded}; ${s.errors.length} errors, ${s.flags.length} flagged for review) in ${s.seconds.toFixed(2)} s`,
  );
} catch (err) {
  bar.finish();
  const e = asCodedError(err);
  console.error(`ingest failed [${e.code}]: ${e.message}`);
  process.exit(1);
}
