import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { describeErasure, erasePerson, leadsToCsv, listLeadsText, showLead } from '../../src/leads/admin.js';
import { createLeadNotes, createLeadSearch, openStore, type SqliteStore } from '../../src/store/index.js';

async function seeded(path = ':memory:') {
  const s = openStore({ path }, new ManualClock(Date.UTC(2026, 5, 1, 8)));
  const c = await s.ensureConversation({ channel: 'wechat', conversationId: 'x', userId: 'u', lang: 'zh' });
  await s.createLead({ id: 'L1', conversation: c.id, fields: { company: '华芯,"科技"', contactName: '=cmd', phone: '13800138000', investment: { amountWan: 20000, currency: 'CNY', text: '2亿元' } } });
  return s;
}

const ports = (s: SqliteStore) => [createLeadSearch(s.db), createLeadNotes(s.db, { now: () => Date.UTC(2026, 5, 1, 9) })] as const;

describe('lead admin tools', () => {
  it('lists and shows leads', async () => {
    const s = await seeded();
    const [search, notes] = ports(s);
    expect(await listLeadsText(s)).toMatch(/^L1\tnew\t.*华芯/);
    expect(JSON.parse(await showLead(s, search, notes, 'L1', { json: true }))).toMatchObject({ id: 'L1', fields: { phone: '13800138000', investmentWan: 20000 }, events: [], notes: [] });
    await expect(showLead(s, search, notes, 'nope')).rejects.toMatchObject({ code: 'not_found' });
    s.close();
  });

  it('shows a lead by a unique id prefix, in Chinese with the shared labels; an ambiguous prefix lists the matches', async () => {
    const s = await seeded();
    const [search, notes] = ports(s);
    const c = await s.ensureConversation({ channel: 'web', conversationId: 'w', userId: 'u2', lang: 'zh' });
    await s.createLead({ id: 'abc123-one', conversation: c.id, fields: { contactName: '王五', wechatId: 'wangwu88', landOrSpace: { value: 80, unit: 'mu', text: '八十亩' } } });
    await s.createLead({ id: 'abc456-two', conversation: c.id, fields: { company: '乙公司' } });
    await notes.add('abc123-one', { id: 'a:1', name: '李专员' }, '约了下周看地');
    const text = await showLead(s, search, notes, 'abc1');
    expect(text.split('\n')[0]).toBe('王五');
    expect(text).toMatch(/编号\s+abc123-one/);
    expect(text).toMatch(/状态\s+待认领/);
    expect(text).toMatch(/用地\/面积\s+80亩/);
    expect(text).toMatch(/渠道\s+网页（w）/);
    expect(text).toMatch(/负责人\s+（未认领）/);
    expect(text).toContain('2026-06-01 17:00 李专员：约了下周看地');
    expect(text).not.toContain('"');
    await expect(showLead(s, search, notes, 'abc')).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/abc123-one[\s\S]*abc456-two/) });
    // An exact id wins over longer ids it is a prefix of.
    expect(await showLead(s, search, notes, 'L1')).toMatch(/编号\s+L1\n/);
    s.close();
  });

  it('npm run leads -- show PREFIX prints Chinese text; --json prints JSON; an ambiguous prefix exits 1 with the matches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zx-leads-'));
    try {
      const s = await seeded(join(dir, 'assistant.db'));
      const c = await s.ensureConversation({ channel: 'web', conversationId: 'w', userId: 'u2', lang: 'zh' });
      await s.createLead({ id: 'L2', conversation: c.id, fields: { company: '乙公司' } });
      s.close();
      const root = resolve('.');
      const run = (...args: string[]) =>
        promisify(execFile)(process.execPath, ['--import', join(root, 'node_modules/tsx/dist/loader.mjs'), join(root, 'scripts/leads.ts'), ...args], { cwd: dir, env: { PATH: process.env.PATH, DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
      const text = await run('show', 'L1');
      expect(text.stdout).toMatch(/^华芯,"科技"\n\s+编号\s+L1\n\s+状态\s+待认领/);
      expect(text.stdout).toMatch(/投资额\s+2亿元/);
      expect(JSON.parse((await run('show', 'L2', '--json')).stdout)).toMatchObject({ id: 'L2', fields: { company: '乙公司' } });
      const err = await run('show', 'L').then(() => undefined, (e: { code: number; stderr: string }) => e);
      expect(err).toMatchObject({ code: 1 });
      expect(err!.stderr).toMatch(/bad_request: .*L1\n\s+L2/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('exports CSV safely (quotes, formula injection, BOM)', async () => {
    const s = await seeded();
    const csv = await leadsToCsv(s);
    expect(csv.startsWith('\uFEFF编号,公司,联系人,')).toBe(true);
    expect(csv).toContain('2亿元');
    expect(csv).toContain('"华芯,""科技"""');
    expect(csv).toContain(",'=cmd,");
    s.close();
  });

  it('erases a person and says what was erased', async () => {
    const s = await seeded();
    const text = describeErasure(await erasePerson(s, 'L1'));
    expect(text).toContain('contactName, phone');
    await expect(erasePerson(s, 'nope')).rejects.toThrow(expect.objectContaining({ code: 'not_found' }));
    s.close();
  });
});
