import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { isIndexStale } from '../../src/ingest/stale.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openKnowledgeBase } from '../../src/retrieval/index.js';
import { tempKb } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function kb() {
  const t = tempKb();
  cleanups.push(t.cleanup);
  return t;
}

describe('runIngest', () => {
  it('indexes the knowledge folder and records project-relative paths', async () => {
    const { config } = kb();
    const s = await runIngest(config, { clock: new ManualClock(1000) });
    expect(s).toMatchObject({ files: 4, documents: 4, added: 4, changed: 0, removed: 0, errors: [] });
    expect(s.chunks).toBeGreaterThanOrEqual(6);
    const base = await openKnowledgeBase(config);
    expect(base.status()).toMatchObject({ documents: 4, chunks: s.chunks, builtAt: 1000, embedder: 'local-hash-v2', errors: [] });
    const r = await base.retrieve('鹏博士算力中心总投资多少？');
    expect(r.passages[0]!.path).toBe('knowledge/project/computing-centre.md');
    expect(r.passages[0]!.headingPath).toEqual(['用地和投资规模']);
    expect(r.passages[0]!.title).toBe('鹏博士资兴算力中心项目');
  });

  it('re-embeds only a changed file and drops a deleted one', async () => {
    const { config, kb: dir } = kb();
    await runIngest(config);
    expect(isIndexStale(config)).toBe(false);

    const unchanged = await runIngest(config);
    expect(unchanged).toMatchObject({ unchanged: 4, embedded: 0, added: 0, changed: 0, removed: 0 });

    appendFileSync(join(dir, 'policy/relief.md'), '\n\n## 新增\n\n资兴新设立了人才引进专项资金。\n');
    expect(isIndexStale(config)).toBe(true);
    const changed = await runIngest(config);
    expect(changed).toMatchObject({ changed: 1, unchanged: 3, added: 0, removed: 0 });
    // relief.md had two sections and now has three: only its chunks were embedded again.
    expect(changed.chunks).toBe(unchanged.chunks + 1);
    expect(changed.embedded).toBe(3);
    let base = await openKnowledgeBase(config);
    expect((await base.retrieve('人才引进专项资金')).passages[0]!.text).toContain('人才引进专项资金');

    rmSync(join(dir, 'project/hydrogen-ship.md'));
    const removed = await runIngest(config);
    expect(removed).toMatchObject({ removed: 1, embedded: 0, documents: 3 });
    base = await openKnowledgeBase(config);
    const r = await base.retrieve('氢能船舶项目计划什么时候投产？', { k: 10 });
    expect(r.passages.some((p) => p.path.endsWith('hydrogen-ship.md'))).toBe(false);
  });

  it('reports bad files by path and indexes the rest', async () => {
    const { config, kb: dir } = kb();
    writeFileSync(join(dir, 'broken.pdf'), '%PDF-1.4\n%%garbage, not a PDF at all');
    writeFileSync(join(dir, 'empty.md'), '');
    writeFileSync(join(dir, 'junk.txt'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)));
    const s = await runIngest(config);
    expect(s.documents).toBe(4);
    expect(s.errors.map((e) => e.path).sort()).toEqual(['knowledge/broken.pdf', 'knowledge/empty.md', 'knowledge/junk.txt']);
    for (const e of s.errors) expect(e.reason.length).toBeGreaterThan(3);
    const base = await openKnowledgeBase(config);
    expect(base.status().errors).toHaveLength(3);
    expect((await base.retrieve('助保贷投放了多少')).passages[0]!.text).toContain('4440万元');
    // Still bad and unchanged: reported again, nothing re-embedded, index not stale.
    const again = await runIngest(config);
    expect(again.errors).toHaveLength(3);
    expect(again.embedded).toBe(0);
    expect(isIndexStale(config)).toBe(false);
  });

  it('fails with a coded error only when nothing could be ingested', async () => {
    const { config, kb: dir } = kb();
    rmSync(dir, { recursive: true });
    await expect(runIngest(config)).rejects.toMatchObject({ code: 'ingest_file_failed' });
    expect(isIndexStale(config)).toBe(true);
  });

  it('reload() swaps in a fresh index while the old one keeps answering', async () => {
    const { config, kb: dir } = kb();
    await runIngest(config);
    const base = await openKnowledgeBase(config);
    const before = base.status().chunks;
    writeFileSync(join(dir, 'service/new.md'), '---\ntitle: 招商联络站\n---\n\n资兴在广州、佛山、长沙等地设立了专职驻外招商联络站。\n');
    await runIngest(config);
    const inFlight = base.retrieve('驻外招商联络站设在哪些城市？');
    await base.reload();
    await inFlight;
    expect(base.status().chunks).toBe(before + 1);
    expect((await base.retrieve('驻外招商联络站设在哪些城市？')).passages[0]!.text).toContain('佛山');
  });
});
