/** Writes .env.example from the config schema, so every setting is documented in one place. */
import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '../src/config-doc.js';

writeFileSync('.env.example', renderEnvExample());
console.log('wrote .env.example');
