/**
 * `npm run import-faq -- faq.xlsx|faq.csv [--dry-run]`: each good row of the spreadsheet becomes a
 * Q&A document under knowledge/faq/; refused rows are listed by row number. Then `npm run ingest`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { asCodedError } from '../src/core/errors.js';
import { importFaq } from '../src/ingest/faq-import.js';
import { readIndexedQuestions } from '../src/retrieval/index-store.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file || args.includes('--help')) {
  console.error('usage: npm run import-faq -- faq.xlsx|faq.csv [--dry-run]\n  columns: 问题 / 答案 / 相似问题 / 来源 / 标签 (question / answer / similar / source / tags)');
  process.exit(2);
}
try {
  const config = loadConfig();
  const result = await importFaq(file, readFileSync(file), { today: new Date().toISOString().slice(0, 10), existing: readIndexedQuestions(config.DATA_DIR) });
  for (const r of result.rows) {
    console.log(`row ${r.row}: ${r.question} → ${join(config.KNOWLEDGE_DIR, r.doc.rel)}${r.similar.length ? ` (+${r.similar.length} similar)` : ''}`);
    if (!args.includes('--dry-run')) {
      const target = join(config.KNOWLEDGE_DIR, r.doc.rel);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, r.doc.text);
    }
  }
  for (const e of result.errors) console.error(`row ${e.row} refused: ${e.reason}`);
  console.log(`${result.rows.length} documents ${args.includes('--dry-run') ? 'would be written' : 'written'}, ${result.errors.length} rows refused${args.includes('--dry-run') ? '' : '; run `npm run ingest` to index them'}`);
} catch (err) {
  const e = asCodedError(err);
  console.error(`import failed [${e.code}]: ${e.message}`);
  process.exit(1);
}
