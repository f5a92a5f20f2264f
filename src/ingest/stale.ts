/** Whether the index lags behind the knowledge folder. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { readManifest, readMeta } from '../retrieval/index-store.js';
import { scanKnowledge } from './scan.js';

/** True when the index is missing or any file under KNOWLEDGE_DIR was added, removed or changed since it was built. */
export function isIndexStale(config: Config): boolean {
  let meta;
  try {
    meta = readMeta(config.DATA_DIR);
  } catch {
    return true;
  }
  if (!meta) return true;
  const manifest = readManifest(config.DATA_DIR);
  const files = scanKnowledge(config.KNOWLEDGE_DIR);
  if (files.length !== Object.keys(manifest).length) return true;
  for (const f of files) {
    const m = manifest[f.path];
    if (!m) return true;
    if (m.size === f.size && m.mtimeMs === f.mtimeMs) continue;
    // Touched but maybe not changed: the hash decides.
    try {
      if (createHash('sha256').update(readFileSync(f.file)).digest('hex') !== m.hash) return true;
    } catch {
      return true;
    }
  }
  return false;
}
