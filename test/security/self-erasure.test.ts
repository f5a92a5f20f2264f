/**
 * Red-team finding (high): anyone who knew a phone number could erase that person's data from a new
 * conversation ("转人工，我的电话 …" then "删除我的信息"), because the chat's erasure followed leads linked
 * by the phone. A chat now erases only what that conversation supplied, and only after "确认删除".
 */
import { describe, expect, it } from 'vitest';
import { rig } from '../dialog/helpers.js';

const VICTIM = '13800138000';

async function victimWithLead() {
  const r = rig();
  await r.say(`我们是深圳华芯电子，计划投资2亿元在资兴建厂，我是王经理，电话${VICTIM}`, { conversationId: 'victim' });
  // Walk the capture to its confirmation so the victim's lead is submitted.
  for (let i = 0; i < 8 && (await r.store.listLeads()).length === 0; i++) {
    const conv = await r.store.getConversation('wechat:victim');
    await r.say(conv?.data.draft?.stage === 'confirm' ? '确认' : '跳过', { conversationId: 'victim' });
  }
  expect(await r.store.listLeads()).toHaveLength(1);
  return r;
}

describe('self-service erasure from a chat', () => {
  it('an attacker who types the victim’s phone erases nothing of the victim’s', async () => {
    const r = await victimWithLead();
    const victimMessagesBefore = (await r.store.messagesSince('wechat:victim', 0)).map((m) => m.text);
    const victimLead = (await r.store.listLeads())[0]!;
    const victimOutbox = async () => (await r.store.outboxItems()).filter((o) => o.leadId === victimLead.id).map((o) => o.id);
    const outboxBefore = await victimOutbox();
    expect(outboxBefore.length).toBeGreaterThan(0);

    await r.say(`转人工，我的电话 ${VICTIM}`, { conversationId: 'attacker', userId: 'u2' });
    await r.say('删除我的信息', { conversationId: 'attacker', userId: 'u2' });
    const [done] = await r.say('确认删除', { conversationId: 'attacker', userId: 'u2' });
    expect(done!.text).toContain('已删除');

    const leads = await r.store.listLeads();
    const victim = leads.find((l) => l.conversation === 'wechat:victim')!;
    expect(victim.fields.phone).toBe(VICTIM);
    expect(victim.fields.contactName).toBeDefined();
    expect((await r.store.messagesSince('wechat:victim', 0)).map((m) => m.text)).toEqual(victimMessagesBefore);
    const attacker = leads.find((l) => l.conversation === 'wechat:attacker')!;
    expect(attacker.fields.phone).toBeUndefined();
    // The victim's staff notifications are untouched.
    expect(await victimOutbox()).toEqual(outboxBefore);
  });

  it('"删除我的信息" only asks; nothing is erased until "确认删除", and a late confirmation does nothing', async () => {
    const r = await victimWithLead();
    const [ask] = await r.say('删除我的信息', { conversationId: 'victim' });
    expect(ask!.text).toContain('确认删除');
    expect((await r.store.listLeads())[0]!.fields.phone).toBe(VICTIM);
    r.clock.advance(11 * 60_000);
    await r.say('确认删除', { conversationId: 'victim' });
    expect((await r.store.listLeads())[0]!.fields.phone).toBe(VICTIM);
    await r.say('删除我的信息', { conversationId: 'victim' });
    await r.say('确认删除', { conversationId: 'victim' });
    const lead = (await r.store.listLeads())[0]!;
    expect(lead.fields.phone).toBeUndefined();
    expect((await r.store.messagesSince('wechat:victim', 0)).some((m) => m.text.includes(VICTIM))).toBe(false);
  });
});
