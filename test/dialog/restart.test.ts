import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { rig } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('restart', () => {
  it('resumes a half-filled lead after the process restarts on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zx-dialog-'));
    dirs.push(dir);
    const path = join(dir, 'assistant.db');
    const clock = new ManualClock();

    const first = rig({ path, clock });
    await first.say('我们计划在资兴投资建厂');
    await first.say('华芯科技，电子信息');
    first.handle.stop();
    first.store.close();

    const second = rig({ path, clock });
    expect((await second.store.getConversation('wechat:c1'))!.state).toBe('collecting');
    const [p] = await second.say('5000万元，3000平方米');
    expect(p!.intent).toBe('lead');
    expect(p!.text).toContain('计划落地时间');
    await second.say('明年');
    await second.say('张三 13800138000');
    await second.say('确认');
    const [lead] = await second.store.listLeads();
    expect(lead!.fields).toMatchObject({ company: '华芯科技', industry: '电子信息', investment: { amountWan: 5000 }, phone: '13800138000' });
    second.store.close();
  });

  it('keeps a taken-over conversation silent after a restart, and the outbox survives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zx-dialog-'));
    dirs.push(dir);
    const path = join(dir, 'assistant.db');
    const clock = new ManualClock();
    const first = rig({ path, clock });
    await first.say('转人工');
    const [lead] = await first.store.listLeads();
    await first.handle.staff.claim(lead!.id, { id: 'console:a', name: 'A' });
    first.desk.failing = true;
    await first.say('在吗');
    await first.handle.flush();
    first.store.close();

    const second = rig({ path, clock });
    expect(await second.say('还在吗')).toEqual([]);
    clock.advance(3_600_000);
    await second.handle.tick();
    // The message that failed before the restart is delivered now, along with the new one.
    expect(second.desk.events.filter((e) => e.type === 'investor_message').map((e) => (e as { text: string }).text)).toEqual(['在吗', '还在吗']);
    second.store.close();
  });
});
