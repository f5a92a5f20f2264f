/**
 * postinstall: build a second copy of hnswlib-node's native addon with AVX2/FMA enabled, into
 * node_modules/.cache/zixing/hnswlib-avx2.node. The package's own build targets plain x86-64
 * (SSE only); with AVX2, vector search and index construction do the same work in fewer
 * instructions. src/retrieval/hnswlib.ts uses this copy only on a CPU that reports avx2 and fma,
 * and the package's portable build otherwise, so a node_modules copied to an older machine still
 * runs. Any problem (no compiler, no Node headers, not x64 Linux) leaves the portable build in
 * use: this script never fails an install. ZX_SKIP_AVX2_BUILD=1 skips it (and removes an earlier
 * build). Beside the addon, hnswlib-avx2.json records the hnswlib-node version it was built from;
 * the loader ignores a build of another version. ZX_AVX2_OUT overrides the output file (tests).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.env.ZX_AVX2_OUT || join(root, 'node_modules', '.cache', 'zixing', 'hnswlib-avx2.node');
const stamp = out.replace(/\.node$/, '.json');
const log = (m) => console.log(`hnswlib AVX2 build: ${m}`);

/** Code run in a child process to prove the built addon loads and searches correctly. */
const SMOKE = `
const { HierarchicalNSW } = require(process.argv[1]);
const dim = 64, n = 300;
const h = new HierarchicalNSW('cosine', dim);
h.initIndex({ maxElements: n, m: 16, efConstruction: 100, randomSeed: 100 });
let s = 7;
const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const pts = Array.from({ length: n }, () => Array.from({ length: dim }, rnd));
pts.forEach((p, i) => h.addPoint(p, i));
h.setEf(100);
for (const i of [0, 17, 299]) if (h.searchKnn(pts[i], 1).neighbors[0] !== i) process.exit(3);
`;

function cpuHasAvx2() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /\bavx2\b/.test(info) && /\bfma\b/.test(info);
  } catch {
    return false;
  }
}

function nodeGyp() {
  const candidates = [process.env.npm_config_node_gyp, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  return candidates.find((c) => c && existsSync(c));
}

function main() {
  // Whatever happens below, only a build made now may stay: never an older one beside a new package.
  rmSync(out, { force: true });
  rmSync(stamp, { force: true });
  if (process.env.ZX_SKIP_AVX2_BUILD === '1') return log('skipped (ZX_SKIP_AVX2_BUILD=1)');
  if (process.platform !== 'linux' || process.arch !== 'x64') return log(`not built on ${process.platform}/${process.arch}; the portable build is used`);
  if (!cpuHasAvx2()) return log('this CPU has no AVX2/FMA; the portable build is used');
  const gyp = nodeGyp();
  if (!gyp) return log('node-gyp not found; the portable build is used');
  // Node's own headers, so node-gyp need not download them (no network here).
  const nodedir = join(dirname(process.execPath), '..');
  if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) return log(`no Node headers under ${nodedir}/include/node; the portable build is used`);
  const require = createRequire(join(root, 'package.json'));
  const pkg = dirname(require.resolve('hnswlib-node/package.json'));
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
  const work = mkdtempSync(join(tmpdir(), 'zx-hnswlib-avx2-'));
  try {
    cpSync(join(pkg, 'binding.gyp'), join(work, 'binding.gyp'));
    cpSync(join(pkg, 'src'), join(work, 'src'), { recursive: true });
    writeFileSync(join(work, 'package.json'), '{"name":"hnswlib-avx2-build","version":"0.0.0","private":true}');
    const built = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], {
      cwd: work,
      // binding.gyp finds node-addon-api with `node -p require(...)`, resolved from here.
      env: { ...process.env, CXXFLAGS: '-O3 -mavx2 -mfma', NODE_PATH: [join(pkg, 'node_modules'), join(root, 'node_modules')].join(':') },
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const addon = join(work, 'build', 'Release', 'addon.node');
    if (built.status !== 0 || !existsSync(addon)) {
      const why = (built.stderr || built.error?.message || '').trim().split('\n').slice(-3).join(' | ');
      return log(`compiling failed (${why}); the portable build is used`);
    }
    const smoke = spawnSync(process.execPath, ['-e', SMOKE, addon], { encoding: 'utf8', timeout: 60_000 });
    if (smoke.status !== 0) return log(`the built addon failed its check (exit ${smoke.status ?? smoke.signal}); the portable build is used`);
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(addon, `${out}.tmp`);
    renameSync(`${out}.tmp`, out);
    writeFileSync(stamp, JSON.stringify({ hnswlibNode: version, flags: '-O3 -mavx2 -mfma' }));
    log(`ready (${out})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  log(`skipped: ${err instanceof Error ? err.message : String(err)}; the portable build is used`);
}
process.exitCode = 0;
