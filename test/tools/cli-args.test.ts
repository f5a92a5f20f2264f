/** The scripts refuse a mistyped flag with their usage instead of ignoring it. */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function run(script: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', TSX, `scripts/${script}`, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: '/nonexistent-tidy-test' } });
}

describe('script arguments', () => {
  it('an unknown flag stops the script with exit 2 and the usage', () => {
    const r = run('ingest.ts', ['--ful']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--ful'");
    expect(r.stderr).toContain('usage: npm run ingest');
  });

  it('a flag of another command is refused too', () => {
    const r = run('leads.ts', ['show', 'L1', '--csv']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: npm run leads');
  });

  it('--help prints the usage and exits 0', () => {
    const r = run('ask.ts', ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: npm run ask');
  });
});
