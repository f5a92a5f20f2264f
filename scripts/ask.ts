/**
 * `npm run ask -- "问题"` prints the reply as a user sees it (add --passages for the retrieved passages);
 * `npm run --silent ask -- --jsonl < cases.jsonl > replies.jsonl` is the batch interface of shared/eval/README.md.
 */
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { createLogger } from '../src/core/log.js';
import { renderForTerminal } from '../src/channels/cli/render.js';
import { openBatchCore, parseBatchCases, runCase } from '../src/channels/cli/batch.js';
import { ensureIndex } from '../src/ingest/ensure-index.js';
import { HELP, parseCli } from './cli-args.js';

const USAGE = 'usage: npm run ask -- "资兴有哪些优势产业？" [--passages]   |   npm run --silent ask -- --jsonl < cases.jsonl';
const { values, positionals } = parseCli(USAGE, { options: { jsonl: { type: 'boolean' }, passages: { type: 'boolean' }, ...HELP }, allowPositionals: true });
const jsonl = values.jsonl === true;
const showPassages = values.passages === true;
const question = positionals.join(' ').trim();

try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  await ensureIndex(config, logger);
  const core = await openBatchCore(config, logger);
  if (jsonl) {
    const lines: string[] = [];
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) lines.push(line);
    const cases = parseBatchCases(lines.join('\n'), (n, reason) => console.error(`line ${n} skipped: ${reason}`));
    for (const c of cases) {
      try {
        process.stdout.write(JSON.stringify(await runCase(core, c)) + '\n');
      } catch (err) {
        const e = asCodedError(err);
        console.error(`case ${c.id} failed [${e.code}]: ${e.message}`);
        process.stdout.write(JSON.stringify({ id: c.id, answer: '', answered: false, intent: 'question', handoffOffered: false, sources: [], error: e.code }) + '\n');
      }
    }
  } else {
    if (!question) {
      console.error(USAGE);
      process.exit(2);
    }
    const replies = await core.assistant.handle({ channel: 'cli', conversationId: `cli:${process.pid}`, userId: 'cli', text: question });
    for (const r of replies) console.log(renderForTerminal(r, { showPassages }) + '\n');
  }
  core.close();
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else {
    const e = asCodedError(err);
    console.error(`ask failed [${e.code}]: ${e.message}`);
  }
  process.exit(1);
}
