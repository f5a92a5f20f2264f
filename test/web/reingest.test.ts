import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { createHttpApp } from '../../src/http/app.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { buildCore, type Core } from '../../src/server.js';

const NEW_DOC = `---
title: 资兴氢能船舶测试园区办事指南
kind: service
lang: zh
---

# 资兴氢能船舶测试园区办事指南

## 办理窗口

氢能船舶测试园区的入园申请在东江湖政务服务中心三号窗口办理，办理时限为五个工作日。
`;

describe('re-ingest from the console', () => {
  const root = mkdtempSync(join(tmpdir(), 'zx-reingest-'));
  let core: Core | undefined;
  afterAll(async () => {
    await core?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('ingests a new document and swaps the index in without a restart', async () => {
    const knowledge = join(root, 'knowledge');
    cpSync('knowledge/zone', join(knowledge, 'zone'), { recursive: true });
    const config = testConfig({ DATA_DIR: join(root, 'data'), KNOWLEDGE_DIR: knowledge, CONSOLE_TOKEN: 'reingest-token-0123456789' });
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 8));
    await runIngest(config, { logger: silentLogger, clock });
    core = await buildCore(config, { logger: silentLogger, clock, ids: sequentialIds('g') });
    const app = createHttpApp(core, config);
    const auth = { Authorization: `Bearer ${config.CONSOLE_TOKEN}` };
    const index = async () => ((await (await app.request('/api/console/index', { headers: auth })).json()) as { index: { documents: number; chunks: number } }).index;
    const before = await index();

    writeFileSync(join(knowledge, 'service-window.md'), NEW_DOC);
    const started = await app.request('/api/console/reingest', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{}' });
    expect(started.status).toBe(202);
    await core.reingest.idle();
    const state = ((await (await app.request('/api/console/index', { headers: auth })).json()) as { reingest: { running: boolean; error?: unknown; summary?: { added: number } } }).reingest;
    expect(state).toMatchObject({ running: false, summary: { added: 1 } });
    expect(state.error).toBeUndefined();
    const after = await index();
    expect(after.documents).toBe(before.documents + 1);
    expect(after.chunks).toBeGreaterThan(before.chunks);

    const res = await app.request('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: '氢能船舶测试园区的入园申请在哪个窗口办理？' }) });
    // The investors' API names the document, never its file (test/web/web-render.test.ts).
    const body = (await res.json()) as { replies: { citations: { title: string }[] }[] };
    expect(body.replies[0]!.citations.some((c) => c.title === '资兴氢能船舶测试园区办事指南')).toBe(true);
  });
});
