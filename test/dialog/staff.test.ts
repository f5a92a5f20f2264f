import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../src/core/ports.js';
import { FakeDesk, rig } from './helpers.js';

const ALICE: StaffMember = { id: 'console:alice', name: '王敏' };
const BOB: StaffMember = { id: 'slack:U2', name: 'Bob' };
const BOSS: StaffMember = { id: 'staff:9', name: '陈主管', supervisor: true };
const LEAD = '我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，联系人张三，电话13800138000';

async function submitted(r: ReturnType<typeof rig>, conversationId = 'c1', text = LEAD, channel: 'wechat' | 'web' = 'wechat') {
  await r.say(text, { conversationId, channel });
  // Fill the optional fields quickly, then confirm.
  for (let i = 0; i < 6; i++) {
    const [o] = await r.say('跳过', { conversationId, channel });
    if (o!.text.includes('请核对')) break;
  }
  await r.say('确认', { conversationId, channel });
  return (await r.store.openLeadOf(`${channel}:${conversationId}`))!;
}

describe('staff actions', () => {
  it('claim → investor message relayed → staff reply delivered → release → bot answers again', async () => {
    const r = rig();
    const lead = await submitted(r);
    const claim = await r.handle.staff.claim(lead.id, ALICE);
    expect(claim.ok).toBe(true);
    // The investor is told who took over, on their channel.
    expect(r.deliverer.delivered.at(-1)!.message.text).toContain('王敏');
    expect(r.deliverer.delivered.at(-1)!.ref).toMatchObject({ channel: 'wechat', conversationId: 'c1', userId: 'u1' });

    // The bot is silent; the message goes to the desks.
    const asked = r.questions.calls.length;
    expect(await r.say('你好，我想约下周考察？')).toEqual([]);
    expect(r.questions.calls).toHaveLength(asked);
    await r.handle.flush();
    const relayed = r.desk.events.find((e) => e.type === 'investor_message');
    expect(relayed).toMatchObject({ type: 'investor_message', text: '你好，我想约下周考察？' });

    expect(await r.handle.staff.reply(lead.id, BOB, 'hi')).toEqual({ ok: false, reason: 'not_owner' });
    expect(await r.handle.staff.reply(lead.id, ALICE, '您好，下周二可以安排。')).toEqual({ ok: true });
    const delivered = r.deliverer.delivered.at(-1)!.message;
    expect(delivered).toMatchObject({ text: '您好，下周二可以安排。', speaker: 'staff', staffName: '王敏' });
    expect(delivered.messageId).toMatch(/^\d+$/);
    const stored = await r.store.messagesSince('wechat:c1', 0);
    expect(stored.at(-1)).toMatchObject({ role: 'staff', text: '您好，下周二可以安排。' });

    expect(await r.handle.staff.release(lead.id, ALICE)).toEqual({ ok: true });
    expect(r.deliverer.delivered.at(-1)!.message.text).toContain('智能助手继续为您服务');
    const [a] = await r.say('资兴有哪些园区？');
    expect(a!.text).toBe('ANSWER: 资兴有哪些园区？');
    await r.handle.flush();
    expect(r.desk.types()).toEqual(['created', 'claimed', 'investor_message', 'staff_reply', 'released']);
  });

  it('refuses a second claim and names the owner', async () => {
    const r = rig();
    const lead = await submitted(r);
    expect((await r.handle.staff.claim(lead.id, ALICE)).ok).toBe(true);
    expect(await r.handle.staff.claim(lead.id, BOB)).toEqual({ ok: false, reason: 'claimed_by_other', owner: ALICE });
    // Claiming again by the owner is harmless.
    expect((await r.handle.staff.claim(lead.id, ALICE)).ok).toBe(true);
    expect(await r.handle.staff.claim('nope', BOB)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('two simultaneous claims: exactly one wins', async () => {
    const r = rig();
    const lead = await submitted(r);
    const results = await Promise.all([r.handle.staff.claim(lead.id, ALICE), r.handle.staff.claim(lead.id, BOB)]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
  });

  it('closes a lead with an outcome; the bot answers again; closed leads refuse further actions', async () => {
    const r = rig();
    const lead = await submitted(r);
    await r.handle.staff.claim(lead.id, ALICE);
    expect(await r.handle.staff.close(lead.id, ALICE, '已签约')).toEqual({ ok: true });
    const view = await r.handle.staff.get(lead.id);
    expect(view).toMatchObject({ status: 'closed', closedOutcome: '已签约', closedBy: { id: ALICE.id, name: ALICE.name } });
    expect(await r.handle.staff.claim(lead.id, BOB)).toEqual({ ok: false, reason: 'closed' });
    expect(await r.handle.staff.close(lead.id, BOB, 'x')).toEqual({ ok: false, reason: 'closed' });
    const [a] = await r.say('还有别的政策吗？');
    expect(a!.text).toBe('ANSWER: 还有别的政策吗？');
    expect((await r.handle.staff.list({ status: 'closed' })).map((l) => l.id)).toEqual([lead.id]);
  });

  it('release keeps the owner (待跟进): only the owner or a supervisor claims it again; it does not escalate', async () => {
    const r = rig({ config: { LEAD_ESCALATE_MINUTES: '10' } });
    const lead = await submitted(r);
    await r.handle.staff.claim(lead.id, ALICE);
    expect(await r.handle.staff.release(lead.id, ALICE)).toEqual({ ok: true });
    const released = (await r.handle.staff.get(lead.id))!;
    expect(released).toMatchObject({ status: 'follow_up', owner: { id: ALICE.id, name: ALICE.name } });
    expect(released.display!.status).toBe('待跟进 Follow-up');
    // Another colleague cannot take it; nor does it escalate while it waits for its owner.
    expect(await r.handle.staff.claim(lead.id, BOB)).toEqual({ ok: false, reason: 'claimed_by_other', owner: { id: ALICE.id, name: ALICE.name } });
    r.clock.advance(60 * 60_000);
    await r.handle.tick();
    await r.handle.flush();
    expect(r.desk.types()).not.toContain('escalated');
    // Asking for a person again reaches the desks (the owner), since nothing escalates it.
    await r.say('转人工');
    await r.handle.flush();
    expect(r.desk.events.filter((e) => e.type === 'investor_message').map((e) => (e as { text: string }).text)).toContain('（再次请求人工服务）');
    // The owner picks it up again; the bot goes quiet again.
    expect((await r.handle.staff.claim(lead.id, ALICE)).ok).toBe(true);
    expect((await r.handle.staff.get(lead.id))!.status).toBe('claimed');
    expect(await r.say('还在吗？')).toEqual([]);
    // Released once more, a supervisor may take it over.
    await r.handle.staff.release(lead.id, ALICE);
    const taken = await r.handle.staff.claim(lead.id, BOSS);
    expect(taken.ok).toBe(true);
    expect((await r.handle.staff.get(lead.id))!.owner).toEqual({ id: BOSS.id, name: BOSS.name });
    const history = (await r.store.leadEvents(lead.id)).map((e) => `${e.type}:${e.actorName ?? ''}`);
    expect(history).toEqual(expect.arrayContaining(['released:王敏', 'claimed:陈主管']));
  });

  it('only the owner or a supervisor closes an owned lead, and who closed is recorded', async () => {
    const r = rig();
    const lead = await submitted(r);
    await r.handle.staff.claim(lead.id, ALICE);
    expect(await r.handle.staff.close(lead.id, BOB, 'duplicate')).toEqual({ ok: false, reason: 'not_owner', owner: { id: ALICE.id, name: ALICE.name } });
    expect((await r.handle.staff.get(lead.id))!.status).toBe('claimed');
    // Released (待跟进) it is still Alice's: Bob still cannot close it; a supervisor can.
    await r.handle.staff.release(lead.id, ALICE);
    expect((await r.handle.staff.close(lead.id, BOB, 'duplicate')).ok).toBe(false);
    expect(await r.handle.staff.close(lead.id, BOSS, 'duplicate')).toEqual({ ok: true });
    expect(await r.handle.staff.get(lead.id)).toMatchObject({ status: 'closed', closedOutcome: 'duplicate', owner: { id: ALICE.id }, closedBy: { id: BOSS.id, name: '陈主管' } });
    // An unowned lead can be closed by anyone (spam, duplicates).
    const other = await submitted(r, 'c2');
    expect(await r.handle.staff.close(other.id, BOB, 'duplicate')).toEqual({ ok: true });
  });

  it('escalates an unclaimed lead after LEAD_ESCALATE_MINUTES, not before, and only once', async () => {
    const r = rig({ config: { LEAD_ESCALATE_MINUTES: '10' } });
    const lead = await submitted(r);
    r.clock.advance(9 * 60_000 + 59_000);
    await r.handle.tick();
    expect(r.desk.types()).toEqual(['created']);
    r.clock.advance(1_000);
    await r.handle.tick();
    expect(r.desk.types()).toEqual(['created', 'escalated']);
    expect((await r.handle.staff.get(lead.id))!.escalatedAt).toBe(r.clock.now());
    r.clock.advance(60 * 60_000);
    await r.handle.tick();
    expect(r.desk.types()).toEqual(['created', 'escalated']);
  });

  it('does not escalate a claimed lead', async () => {
    const r = rig({ config: { LEAD_ESCALATE_MINUTES: '10' } });
    const lead = await submitted(r);
    await r.handle.staff.claim(lead.id, ALICE);
    r.clock.advance(11 * 60_000);
    await r.handle.tick();
    expect(r.desk.types()).not.toContain('escalated');
  });

  it('retries a failing desk on tick and delivers once it recovers, losing nothing', async () => {
    const desk = new FakeDesk('slack');
    desk.failing = true;
    const r = rig({ desk, config: { LEAD_ESCALATE_MINUTES: '1000' } });
    await submitted(r);
    await r.handle.flush();
    expect(desk.events).toHaveLength(0);
    expect(await r.store.outboxItems({ pendingOnly: true })).toHaveLength(1);
    expect((await r.store.outboxItems())[0]!.lastError).toBe('desk down');
    // Not due yet: backoff.
    const attempts = desk.attempts;
    await r.handle.tick();
    expect(desk.attempts).toBe(attempts);
    r.clock.advance(60_000);
    await r.handle.tick();
    expect(desk.attempts).toBe(attempts + 1);
    desk.failing = false;
    r.clock.advance(10 * 60_000);
    await r.handle.tick();
    expect(desk.types()).toEqual(['created']);
    expect(await r.store.outboxItems({ pendingOnly: true })).toHaveLength(0);
    await r.handle.tick();
    expect(desk.types()).toEqual(['created']);
  });

  it('links leads of the same person across channels instead of duplicating them', async () => {
    const r = rig();
    const a = await submitted(r, 'wx-1', LEAD, 'wechat');
    const b = await submitted(r, 'web-1', '我们计划投资5000万元扩产，电话 138-0013-8000', 'web');
    expect(a.id).not.toBe(b.id);
    const view = await r.handle.staff.get(b.id);
    expect(view!.linkedLeadIds).toEqual([a.id]);
    expect((await r.handle.staff.get(a.id))!.linkedLeadIds).toEqual([b.id]);
  });

  it('still stores a staff reply when delivery fails (the web chat polls the store)', async () => {
    const r = rig();
    const lead = await submitted(r);
    await r.handle.staff.claim(lead.id, ALICE);
    r.deliverer.deliver = async () => {
      throw new Error('offline');
    };
    expect(await r.handle.staff.reply(lead.id, ALICE, '在吗？')).toEqual({ ok: true });
    expect((await r.store.messagesSince('wechat:c1', 0)).at(-1)).toMatchObject({ role: 'staff', text: '在吗？' });
  });
});
