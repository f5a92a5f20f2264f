/**
 * Which build of hnswlib-node's native addon to use. `npm install` also compiles an AVX2/FMA copy
 * (scripts/build-hnswlib-avx2.mjs); it is used when it exists, was built from the installed
 * hnswlib-node version, and this CPU reports avx2 and fma; the package's portable build otherwise.
 * Both read and write the same index files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Hnswlib from 'hnswlib-node';

/** Where the install step puts the AVX2/FMA build. */
export const AVX2_ADDON = fileURLToPath(new URL('../../node_modules/.cache/zixing/hnswlib-avx2.node', import.meta.url));

const require = createRequire(import.meta.url);

/** Whether this CPU runs AVX2 and FMA instructions (Linux; elsewhere false). */
export function cpuHasAvx2(cpuinfo = '/proc/cpuinfo'): boolean {
  try {
    const info = readFileSync(cpuinfo, 'utf8');
    return /\bavx2\b/.test(info) && /\bfma\b/.test(info);
  } catch {
    return false;
  }
}

/** A loaded addon, the file it came from (undefined: the package's own) and its kind. */
export interface HnswlibBuild {
  addon: typeof Hnswlib;
  file?: string;
  variant: 'avx2' | 'portable';
}

/**
 * Load the AVX2 build at `file` when it exists and the CPU can run it; otherwise (or if it fails to
 * load) the package's portable build. Only one of the two is loaded into the process.
 */
export function loadHnswlib(file = AVX2_ADDON, cpuOk = cpuHasAvx2()): HnswlibBuild {
  if (cpuOk && existsSync(file) && builtFromInstalled(file)) {
    try {
      return { addon: require(file) as typeof Hnswlib, file, variant: 'avx2' };
    } catch {
      // A damaged or foreign file: the portable build still works.
    }
  }
  return { addon: require('hnswlib-node') as typeof Hnswlib, variant: 'portable' };
}

/** Whether the stamp beside `file` names the installed hnswlib-node version. */
function builtFromInstalled(file: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(file.replace(/\.node$/, '.json'), 'utf8')) as { hnswlibNode?: string };
    const installed = (require('hnswlib-node/package.json') as { version: string }).version;
    return stamp.hnswlibNode === installed;
  } catch {
    return false;
  }
}

let chosen: HnswlibBuild | undefined;

/** The build this process uses, chosen on first call. */
export function hnswlib(): HnswlibBuild {
  chosen ??= loadHnswlib();
  return chosen;
}
