/** Whether the index lags behind the knowledge folder, or cannot be opened at all. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { configuredEmbedder } from '../retrieval/create-embedder.js';
import { indexProblem, readManifest, readMeta, type IndexProblem } from '../retrieval/index-store.js';
import { INGEST_VERSION } from './run-ingest.js';
import { scanKnowledge } from './scan.js';
import { noQuestionsFingerprint, questionsFingerprint, type TaughtKnowledge } from './questions.js';
import { readTaught } from './taught-source.js';

/**
 * Why the index cannot be opened as configured (missing or damaged files, another embedder), or
 * undefined. Such an index is rebuilt from scratch: nothing in it can be trusted for reuse.
 */
export function indexDamage(config: Config): IndexProblem | undefined {
  return indexProblem(config.DATA_DIR, configuredEmbedder(config));
}

/**
 * True when the index is missing, damaged, built with another embedder or ingest version, or any file under
 * KNOWLEDGE_DIR was added, removed or changed since it was built. `taught` is what staff taught
 * (read from SQLite under DATA_DIR when not given; with DATABASE_URL it must be given: `loadTaught`).
 */
export function isIndexStale(config: Config, taught?: TaughtKnowledge): boolean {
  if (indexDamage(config)) return true;
  const meta = readMeta(config.DATA_DIR);
  if (meta?.ingest !== INGEST_VERSION) return true;
  if ((meta.questions ?? noQuestionsFingerprint()) !== questionsFingerprint(config.KNOWLEDGE_DIR, taught ?? readTaught(config))) return true;
  const manifest = readManifest(config.DATA_DIR);
  const files = scanKnowledge(config.KNOWLEDGE_DIR);
  // Taught documents come from the database: the fingerprint above covers them.
  if (files.length !== Object.values(manifest).filter((m) => !m.taught).length) return true;
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
