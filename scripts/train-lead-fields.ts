/**
 * Train the lead-field span scorer from training/train.jsonl into src/understanding/models/lead-fields.json.
 * Usage: npx tsx scripts/train-lead-fields.ts [train.jsonl] [out.json]
 */
import { writeFileSync } from 'node:fs';
import { readCorpus } from '../src/understanding/corpus.js';
import { trainLeadFieldModel } from '../src/understanding/lead-fields.js';

const input = process.argv[2] ?? 'training/train.jsonl';
const out = process.argv[3] ?? 'src/understanding/models/lead-fields.json';
const started = Date.now();
const model = trainLeadFieldModel(readCorpus(input));
writeFileSync(out, `${JSON.stringify(model)}\n`);
console.log(`trained ${out} from ${input}: ${JSON.stringify({ messages: model.meta?.messages, candidates: model.meta?.candidates, features: Object.keys(model.weights).length })} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
