/**
 * An assignment reaches the Slack card as a claim does (#17): with the real dialog core, real
 * staff accounts and Bolt against the loopback fake Slack, a supervisor's assignment from the
 * console redraws the lead's card with the new owner and says in its thread who handed it to whom.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { accountMember } from '../../src/leads/staff-directory.js';
import { startCoreRig } from './core-rig.js';
import { waitFor } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});


describe('lead assignment on Slack', () => {
  it('the card shows the assignee as owner and its thread says who assigned it', async () => {
    const delivery = new DeliveryRouter();
    delivery.register('wechat', { deliver: async () => undefined });
    const { slack, store, core, directory } = await startCoreRig(cleanups, { delivery, withStaffAccounts: true });
    const boss = accountMember(await directory!.add({ name: '陈主管', password: 'supervisor-pass-1', role: 'supervisor' }));
    const li = accountMember(await directory!.add({ name: '李专员', password: 'staff-pass-001' }));

    await core.assistant.handle({ channel: 'wechat', conversationId: 'kf:wkAAA:wmBBB', userId: 'wmBBB', text: '转人工' });
    await core.assistant.handle({ channel: 'wechat', conversationId: 'kf:wkAAA:wmBBB', userId: 'wmBBB', text: '我是张经理，电话13800138000' });
    await core.flush();
    const [lead] = await core.staff.list({ status: 'new' });
    const card = await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'CLEADS' && !c.args.thread_ts), 'lead card');
    // The card names the channel in words: a WeCom customer-service conversation.
    expect(JSON.stringify(card.args.blocks)).toContain('来源渠道 Channel：企业微信');

    expect((await core.staff.assign(lead!.id, boss, li)).ok).toBe(true);
    await core.flush();
    const lastUpdate = () => JSON.stringify(slack.callsOf('chat.update').at(-1)?.args.blocks ?? []);
    await waitFor(() => lastUpdate().includes('跟进人 Owner：李专员'), 'card shows the new owner');
    expect(lastUpdate()).toContain('待跟进');
    const cardTs = (await store.get<{ ts: string }>('slack.lead-cards', lead!.id))!.ts;
    const thread = await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.thread_ts === cardTs && String(c.args.text).includes('指派给')), 'thread note');
    expect(String(thread.args.text)).toContain('陈主管 已将线索指派给 李专员');

    // The assignee claims it: the card shows them in progress, as after any claim.
    expect((await core.staff.claim(lead!.id, li)).ok).toBe(true);
    await core.flush();
    await waitFor(() => lastUpdate().includes('跟进中'), 'card in progress');
    expect(lastUpdate()).toContain('跟进人 Owner：李专员');
  });
});
