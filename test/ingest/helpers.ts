/** Temp knowledge bases for ingest and retrieval tests. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig, type Config } from '../../src/config.js';

/** The fixture knowledge base shipped with the tests. */
export const FIXTURE_KB = fileURLToPath(new URL('../fixtures/ingest/kb', import.meta.url));

/** A temp dir with a copy of the fixture KB under `knowledge/` and an empty `data/`. */
export function tempKb(overrides: Partial<Record<keyof Config, string>> = {}): { root: string; kb: string; config: Config; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'zx-ingest-'));
  const kb = join(root, 'knowledge');
  cpSync(FIXTURE_KB, kb, { recursive: true });
  const config = testConfig({ KNOWLEDGE_DIR: kb, DATA_DIR: join(root, 'data'), LOCAL_EMBEDDING_DIM: '256', ...overrides });
  return { root, kb, config, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The rendered fixture documents (test/fixtures/new-docs/make-fixtures.sh) and their edge cases. */
export const NEW_DOCS = fileURLToPath(new URL('../fixtures/new-docs/docs', import.meta.url));
/** Kangxi-radical and scanned PDFs, kept out of the fixture knowledge base. */
export const NEW_DOCS_EDGE = fileURLToPath(new URL('../fixtures/new-docs/edge', import.meta.url));
/** The fixture manifest: name, format, title and 文号 of every fixture document. */
export const NEW_DOCS_MANIFEST = fileURLToPath(new URL('../fixtures/new-docs/src/manifest.json', import.meta.url));
