/**
 * Assigning a lead to a colleague through the real dialog core (#17): who may, what state the
 * lead is left in, what the investor hears, what the desks are told and what the history keeps.
 */
import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../src/core/ports.js';
import { rig } from './helpers.js';

const ALICE: StaffMember = { id: 'staff:1', name: '王敏' };
const BOB: StaffMember = { id: 'staff:2', name: '李强' };
const CAROL: StaffMember = { id: 'staff:3', name: '赵丽' };
const BOSS: StaffMember = { id: 'staff:9', name: '陈主管', supervisor: true };
const LEAD = '我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，联系人张三，电话13800138000';

async function submitted(r: ReturnType<typeof rig>) {
  await r.say(LEAD);
  for (let i = 0; i < 6; i++) {
    const [o] = await r.say('跳过');
    if (o!.text.includes('请核对')) break;
  }
  await r.say('确认');
  return (await r.store.openLeadOf('wechat:c1'))!;
}

describe('assigning a lead to a colleague', () => {
  it('a supervisor assigns a new lead: it waits for the colleague as 待跟进, the bot keeps answering, it does not escalate', async () => {
    const r = rig({ config: { LEAD_ESCALATE_MINUTES: '10' } });
    const lead = await submitted(r);
    // A colleague who neither owns it nor supervises cannot hand it out.
    expect(await r.handle.staff.assign(lead.id, BOB, ALICE)).toEqual({ ok: false, reason: 'not_owner' });
    const delivered = r.deliverer.delivered.length;
    const res = await r.handle.staff.assign(lead.id, BOSS, ALICE);
    expect(res).toMatchObject({ ok: true, lead: { status: 'follow_up', owner: ALICE, display: { status: '待跟进 Follow-up' } } });
    expect(await r.handle.staff.assign(lead.id, BOSS, ALICE)).toEqual({ ok: false, reason: 'already_owner', owner: ALICE });
    // Nothing changed for the investor: the bot answers until the colleague claims it.
    expect(r.deliverer.delivered).toHaveLength(delivered);
    const [a] = await r.say('资兴有哪些园区？');
    expect(a!.text).toBe('ANSWER: 资兴有哪些园区？');
    r.clock.advance(60 * 60_000);
    await r.handle.tick();
    await r.handle.flush();
    expect(r.desk.types()).toEqual(['created', 'assigned']);
    expect(r.desk.events[1]).toMatchObject({ type: 'assigned', by: BOSS, to: ALICE, lead: { owner: ALICE, status: 'follow_up' } });
    expect(r.desk.events[1]).not.toHaveProperty('from');
    // It is the colleague's: they claim it; another colleague cannot.
    expect(await r.handle.staff.claim(lead.id, BOB)).toMatchObject({ ok: false, reason: 'claimed_by_other' });
    expect((await r.handle.staff.claim(lead.id, ALICE)).ok).toBe(true);
    expect(r.deliverer.delivered.at(-1)!.message.text).toContain('王敏');
    const history = await r.handle.staff.history(lead.id);
    expect(history.filter((e) => e.actorId).map((e) => [e.type, e.actorName])).toEqual([
      ['assigned', '陈主管'],
      ['claimed', '王敏'],
    ]);
    expect(history.find((e) => e.type === 'assigned')!.data).toEqual({ to: { id: ALICE.id, name: ALICE.name } });
  });

  it('the owner hands a live conversation to a colleague: still claimed, the investor is told who serves them now', async () => {
    const r = rig();
    const lead = await submitted(r);
    await r.handle.staff.claim(lead.id, ALICE);
    const res = await r.handle.staff.assign(lead.id, ALICE, BOB);
    expect(res).toMatchObject({ ok: true, lead: { status: 'claimed', owner: BOB } });
    expect(r.deliverer.delivered.at(-1)!.message).toMatchObject({ speaker: 'system' });
    expect(r.deliverer.delivered.at(-1)!.message.text).toContain('李强');
    // The bot stays silent; the new owner replies, the old one no longer can, nor assign it on.
    expect(await r.say('请问什么时候能见面？')).toEqual([]);
    expect(await r.handle.staff.reply(lead.id, ALICE, '我来回答')).toEqual({ ok: false, reason: 'not_owner' });
    expect(await r.handle.staff.reply(lead.id, BOB, '您好，我是李强。')).toEqual({ ok: true });
    expect(await r.handle.staff.assign(lead.id, ALICE, CAROL)).toEqual({ ok: false, reason: 'not_owner', owner: BOB });
    // A supervisor may move it again; the history chains who had it.
    expect((await r.handle.staff.assign(lead.id, BOSS, CAROL)).ok).toBe(true);
    await r.handle.flush();
    const assigned = r.desk.events.filter((e) => e.type === 'assigned');
    expect(assigned.map((e) => [e.by.name, e.from?.name, e.to.name])).toEqual([
      ['王敏', '王敏', '李强'],
      ['陈主管', '李强', '赵丽'],
    ]);
    expect((await r.handle.staff.history(lead.id)).filter((e) => e.type === 'assigned').map((e) => e.data)).toEqual([
      { from: { id: ALICE.id, name: ALICE.name }, to: { id: BOB.id, name: BOB.name } },
      { from: { id: BOB.id, name: BOB.name }, to: { id: CAROL.id, name: CAROL.name } },
    ]);
    // Closed and unknown leads are not assigned.
    await r.handle.staff.close(lead.id, CAROL, 'signed');
    expect(await r.handle.staff.assign(lead.id, BOSS, ALICE)).toEqual({ ok: false, reason: 'closed' });
    expect(await r.handle.staff.assign('nope', BOSS, ALICE)).toEqual({ ok: false, reason: 'not_found' });
  });
});
