/**
 * `npm run chat`: an interactive terminal conversation with the assistant, on the same store as the
 * server, so a lead captured here reaches the console and Slack like any other.
 */
import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig } from '../src/config.js';
import { systemClock, uuidIds } from '../src/core/clock.js';
import { asCodedError } from '../src/core/errors.js';
import { createLogger } from '../src/core/log.js';
import { renderForTerminal } from '../src/channels/cli/render.js';
import { ensureIndex } from '../src/ingest/ensure-index.js';
import { buildCore } from '../src/server.js';
import { HELP, parseCli } from './cli-args.js';

parseCli('usage: npm run chat   (an interactive conversation; no arguments)', { options: HELP });

try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  await ensureIndex(config, logger);
  const core = await buildCore(config, { logger, clock: systemClock, ids: uuidIds });
  const conversationId = `cli:${randomUUID()}`;
  // Staff replies and take-over notices arrive while the user is typing.
  core.delivery.register('cli', { deliver: async (_ref, m) => void console.log('\n' + renderForTerminal(m) + '\n') });
  core.start();
  console.log('资兴招商助手 — 输入问题，回车发送；输入 /quit 退出。 Ask in Chinese or English; /quit to leave.\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  rl.setPrompt('> ');
  rl.prompt();
  // Async iteration buffers piped input, so a scripted conversation loses no line.
  for await (const text of rl) {
    if (text.trim() === '/quit') break;
    if (text.trim()) {
      const replies = await core.assistant.handle({ channel: 'cli', conversationId, userId: 'cli-user', text });
      for (const r of replies) console.log('\n' + renderForTerminal(r) + '\n');
    }
    rl.prompt();
  }
  rl.close();
  await core.close();
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else {
    const e = asCodedError(err);
    console.error(`chat failed [${e.code}]: ${e.message}`);
  }
  process.exit(1);
}
