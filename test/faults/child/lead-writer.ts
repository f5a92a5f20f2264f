/**
 * Child process of the SIGKILL fault test: builds the real core on DATA_DIR (argv[2], index
 * already there) and captures leads in a loop, one web conversation each, printing
 * `STARTED <conversation>` after the first message and `CONFIRMED <leadId> <phone>` once the
 * investor has been told the lead was received. Runs until killed (or 500 leads).
 */
import { sequentialIds, systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { buildCore } from '../../../src/server.js';
import { faultConfig, leadMessage } from '../helpers.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: lead-writer.ts <DATA_DIR>');
// Unique ids across runs on the same database (the parent reopens it with its own core).
const core = await buildCore(faultConfig(dataDir, { RATE_LIMIT_GLOBAL_PER_SEC: '100000' }), { logger: silentLogger, clock: systemClock, ids: sequentialIds(`lead-${process.pid}`) });
// stdout to a pipe is synchronous on Linux: a printed line was written before the next step runs.
const print = (line: string) => process.stdout.write(`${line}\n`);

for (let i = 0; i < 500; i++) {
  const conversationId = `w-${i}`;
  const phone = `1380000${String(i).padStart(4, '0')}`;
  const say = (text: string) => core.assistant.handle({ channel: 'web', conversationId, userId: `investor-${i}`, text });
  let last = await say(leadMessage(phone));
  print(`STARTED ${conversationId}`);
  for (let n = 0; n < 8 && !last.at(-1)?.text.includes('请核对'); n++) last = await say('跳过');
  last = await say('确认');
  const lead = (await core.store.leadsOfConversation(`web:${conversationId}`))[0];
  if (lead && last.at(-1)?.text.includes('招商专员会尽快与您联系')) print(`CONFIRMED ${lead.id} ${phone} ${conversationId}`);
  else print(`UNCONFIRMED ${conversationId}`);
}
await core.close();
