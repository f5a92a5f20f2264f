/** Writes .env.example from the config schema, so every setting is documented in one place. */
import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '../src/config-doc.js';
import { HELP, parseCli } from './cli-args.js';

parseCli('usage: npx tsx scripts/env-example.ts   (writes .env.example; no arguments)', { options: HELP });

writeFileSync('.env.example', renderEnvExample());
console.log('wrote .env.example');
