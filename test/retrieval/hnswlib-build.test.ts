import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { AVX2_ADDON, cpuHasAvx2, hnswlib, loadHnswlib } from '../../src/retrieval/hnswlib.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zx-hnswlib-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const SCRIPT = fileURLToPath(new URL('../../scripts/build-hnswlib-avx2.mjs', import.meta.url));

describe('choosing the hnswlib build', () => {
  it('reads the CPU flags: avx2 and fma both needed; an unreadable file means no', () => {
    const d = tempDir();
    writeFileSync(join(d, 'yes'), 'flags\t\t: fpu sse sse2 avx avx2 fma bmi2\n');
    writeFileSync(join(d, 'no'), 'flags\t\t: fpu sse sse2 avx fma\n');
    expect(cpuHasAvx2(join(d, 'yes'))).toBe(true);
    expect(cpuHasAvx2(join(d, 'no'))).toBe(false);
    expect(cpuHasAvx2(join(d, 'missing'))).toBe(false);
  });

  it('falls back to the portable build when the AVX2 file is missing, unloadable, or the CPU lacks AVX2', () => {
    const d = tempDir();
    expect(loadHnswlib(join(d, 'none.node'), true)).toMatchObject({ variant: 'portable' });
    writeFileSync(join(d, 'junk.node'), 'not a shared object');
    expect(loadHnswlib(join(d, 'junk.node'), true).variant).toBe('portable');
    expect(loadHnswlib(AVX2_ADDON, false).variant).toBe('portable');
    expect(loadHnswlib(join(d, 'none.node'), true).file).toBeUndefined();
    expect(typeof loadHnswlib(join(d, 'none.node'), true).addon.HierarchicalNSW).toBe('function');
  });

  it.runIf(existsSync(AVX2_ADDON))('ignores an AVX2 build made from another hnswlib-node version, or without its stamp', () => {
    const d = tempDir();
    const file = join(d, 'hnswlib-avx2.node');
    copyFileSync(AVX2_ADDON, file);
    expect(loadHnswlib(file, true).variant).toBe('portable');
    writeFileSync(join(d, 'hnswlib-avx2.json'), JSON.stringify({ hnswlibNode: '0.0.1' }));
    expect(loadHnswlib(file, true).variant).toBe('portable');
  });

  it('uses the AVX2 build exactly when it was built and the CPU can run it', () => {
    expect(hnswlib().variant).toBe(existsSync(AVX2_ADDON) && cpuHasAvx2() ? 'avx2' : 'portable');
  });

  it.runIf(existsSync(AVX2_ADDON) && cpuHasAvx2())('the AVX2 and portable builds read each other\'s files and find the same neighbours', () => {
    const avx2 = loadHnswlib(AVX2_ADDON, true).addon;
    const portable = loadHnswlib('/nonexistent', true).addon;
    const rnd = seededRandom(11);
    const dim = 48;
    const points = Array.from({ length: 400 }, () => Array.from({ length: dim }, () => rnd() - 0.5));
    const d = tempDir();
    const a = new avx2.HierarchicalNSW('cosine', dim);
    a.initIndex({ maxElements: 400, m: 16, efConstruction: 100, randomSeed: 100 });
    points.forEach((p, i) => a.addPoint(p, i));
    a.writeIndexSync(join(d, 'a.hnsw'));
    const b = new portable.HierarchicalNSW('cosine', dim);
    b.readIndexSync(join(d, 'a.hnsw'));
    a.setEf(400);
    b.setEf(400);
    for (const q of points.slice(0, 20)) {
      const ra = a.searchKnn(q, 10);
      const rb = b.searchKnn(q, 10);
      expect(rb.neighbors).toEqual(ra.neighbors);
      rb.distances.forEach((x, i) => expect(x).toBeCloseTo(ra.distances[i]!, 5));
    }
  });

  it('the install step never fails an install: without a compiler it says why, exits 0 and leaves no stale build', () => {
    const d = tempDir();
    const out = join(d, 'hnswlib-avx2.node');
    // An earlier build that must not survive a failed or skipped rebuild.
    writeFileSync(out, 'old build');
    writeFileSync(join(d, 'hnswlib-avx2.json'), '{}');
    const r = spawnSync(process.execPath, [SCRIPT], { env: { PATH: '/nonexistent', HOME: tmpdir(), ZX_AVX2_OUT: out }, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/hnswlib AVX2 build: .*portable build is used/);
    expect(existsSync(out)).toBe(false);
    writeFileSync(out, 'old build');
    const skipped = spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, ZX_SKIP_AVX2_BUILD: '1', ZX_AVX2_OUT: out }, encoding: 'utf8' });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toMatch(/skipped/);
    expect(existsSync(out)).toBe(false);
  });
});
