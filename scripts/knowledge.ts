/**
 * `npm run knowledge -- export` writes what staff taught in the console (Q&A documents, linked
 * questions) into knowledge/ for review in git; `npm run knowledge -- export-examples [--out f.jsonl]`
 * writes the taught questions, redacted, as labelled JSONL in training/SPEC.md's format.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { asCodedError } from '../src/core/errors.js';
import { displayPrefix } from '../src/ingest/scan.js';
import { readChunkTexts } from '../src/retrieval/index-store.js';
import { openBackend } from '../src/store/backend.js';
import { exportTaught, taughtExamples } from '../src/teach/export.js';

const [command, ...rest] = process.argv.slice(2);
const outAt = rest.indexOf('--out');
const out = outAt >= 0 ? rest[outAt + 1] : undefined;
if (command !== 'export' && command !== 'export-examples') {
  console.error('usage: npm run knowledge -- export | export-examples [--out examples.jsonl]');
  process.exit(2);
}
try {
  const config = loadConfig();
  const backend = await openBackend(config, systemClock);
  try {
    const items = await backend.taught.active();
    if (command === 'export') {
      const r = exportTaught(config.KNOWLEDGE_DIR, items);
      for (const f of r.written) console.log(`wrote ${f}`);
      for (const s of r.skipped) console.error(`skipped ${s.item}: ${s.reason}`);
      console.log(`${r.written.length} files written from ${items.length} taught items; review them with git diff`);
    } else {
      const texts = readChunkTexts(config.DATA_DIR);
      const lines = taughtExamples(items, (id) => texts.get(id), displayPrefix(config.KNOWLEDGE_DIR)).map((e) => JSON.stringify(e));
      const text = lines.length ? `${lines.join('\n')}\n` : '';
      if (out) {
        writeFileSync(out, text);
        console.error(`${lines.length} examples written to ${out}`);
      } else process.stdout.write(text);
    }
  } finally {
    await backend.close();
  }
} catch (err) {
  const e = asCodedError(err);
  console.error(`knowledge ${command} failed [${e.code}]: ${e.message}`);
  process.exit(1);
}
