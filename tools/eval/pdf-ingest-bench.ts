/**
 * Bench section for the knowledge editor's large files: a 100-page Chinese PDF, made by repeating
 * the pages of the browser-printed fixture policies (real CJK text layers, tables, articles;
 * CI's Chromium has no CJK fonts to print a new one), is loaded and then ingested into a fresh
 * index. The target is ≤ 10 s for the whole ingest; it is measured here, not asserted in tests.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import type { Config } from '../../src/config.js';
import { loadDocument } from '../../src/ingest/loaders.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import type { BenchSection } from './retrieval-bench.js';

const FIXTURES = ['test-special-fund.pdf', 'test-factory-rent-subsidy.pdf'].map((f) => fileURLToPath(new URL(`../../test/fixtures/new-docs/docs/${f}`, import.meta.url)));

/** A PDF of `pages` pages cycling through the fixture PDFs' pages, sharing their fonts as one document would. */
export async function makeLongPdf(pages: number): Promise<Buffer> {
  const out = await PDFDocument.create();
  const sources = await Promise.all(FIXTURES.map(async (f) => PDFDocument.load(readFileSync(f))));
  const all = sources.flatMap((src, s) => src.getPageIndices().map((i) => ({ s, i })));
  const order = Array.from({ length: pages }, (_, n) => all[n % all.length]!);
  // One copyPages call per source: within a call pdf-lib copies shared objects (fonts) once.
  const copied = await Promise.all(sources.map((src, s) => out.copyPages(src, order.filter((o) => o.s === s).map((o) => o.i))));
  const next = sources.map(() => 0);
  for (const o of order) out.addPage(copied[o.s]![next[o.s]!++]!);
  return Buffer.from(await out.save());
}

/** Load and ingest time of a generated `pages`-page PDF. */
export async function pdfIngestSection(config: Config, pages = 100): Promise<BenchSection> {
  const root = mkdtempSync(join(tmpdir(), 'zx-bench-pdf-'));
  try {
    const pdf = await makeLongPdf(pages);
    const kb = join(root, 'knowledge');
    mkdirSync(kb);
    writeFileSync(join(kb, 'long-policy.pdf'), pdf);
    const t0 = performance.now();
    const doc = await loadDocument('knowledge/long-policy.pdf', pdf);
    const load = (performance.now() - t0) / 1000;
    const cfg: Config = { ...config, KNOWLEDGE_DIR: kb, DATA_DIR: join(root, 'data') };
    const t1 = performance.now();
    const s = await runIngest(cfg, { full: true });
    const ingest = (performance.now() - t1) / 1000;
    return {
      title: `PDF ingest: a generated ${pages}-page Chinese PDF (target ≤ 10 s)`,
      rows: [
        ['file', `${(pdf.length / 1024 / 1024).toFixed(1)} MB, ${pages} pages, ${doc.body.length} characters of text`],
        ['load (text layer → structured text)', `${load.toFixed(2)} s`],
        ['ingest (load, split, embed, index)', `${ingest.toFixed(2)} s, ${s.chunks} chunks${s.errors.length ? `, errors: ${s.errors.map((e) => e.reason).join('; ')}` : ''}`],
        ['within target', ingest <= 10 ? 'yes' : 'NO'],
      ],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
