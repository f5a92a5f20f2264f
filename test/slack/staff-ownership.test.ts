/**
 * Lead ownership on Slack with the real dialog core and real staff accounts (#17): Release keeps
 * the owner (the card shows 待跟进); a colleague who is neither the owner nor a supervisor gets an
 * ephemeral refusal for Claim and for Close (and no close dialog opens); a Slack user linked to a
 * supervisor account closes it, and the card records who closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { startCoreRig, submitWebLead } from './core-rig.js';
import { waitFor } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function webDelivery(): DeliveryRouter {
  const delivery = new DeliveryRouter();
  delivery.register('web', { deliver: async () => undefined });
  return delivery;
}

describe('lead ownership on Slack', () => {
  it('release → 待跟进 card; a colleague is refused claim and close (ephemeral); a linked supervisor closes', async () => {
    const { slack, store, core, client, directory } = await startCoreRig(cleanups, { delivery: webDelivery(), withStaffAccounts: true });
    const boss = await directory!.add({ name: '陈主管', password: 'supervisor-pass-1', role: 'supervisor' });
    await directory!.linkSlack('陈主管', 'U9BOSS');
    await submitWebLead(core);
    const card = await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'CLEADS' && !c.args.thread_ts), 'lead card');
    const leadId = (JSON.stringify(card.args.blocks).match(/"value":"(lead-[^"]+)"/) ?? [])[1]!;
    const cardTs = String((await store.get<{ ts: string }>('slack.lead-cards', leadId))!.ts);
    let clicks = 0;
    const click = (action: string, user: string) => {
      const id = `${action}-${user}-${++clicks}`;
      return client
        .interaction({
          type: 'block_actions',
          user: { id: user },
          channel: { id: 'CLEADS' },
          container: { type: 'message', message_ts: cardTs, channel_id: 'CLEADS' },
          trigger_id: `trigger-${id}`,
          response_url: slack.responseUrl(id),
          actions: [{ type: 'button', action_id: action, value: leadId, block_id: `lead:${leadId}`, action_ts: '1' }],
        })
        .then(() => id);
    };
    const lastUpdate = () => JSON.stringify(slack.callsOf('chat.update').at(-1)?.args.blocks ?? []);

    await click('lead_claim', 'U1');
    await waitFor(async () => (await store.getLead(leadId))?.status === 'claimed', 'claimed');
    await click('lead_release', 'U1');
    await waitFor(async () => (await store.getLead(leadId))?.status === 'follow_up', 'released');
    expect((await store.getLead(leadId))!.owner).toMatchObject({ id: 'slack:U1' });
    await core.flush();
    await waitFor(() => lastUpdate().includes('待跟进'), 'card shows 待跟进');
    expect(lastUpdate()).toContain('跟进人 Owner：<@U1>');

    // U2 is not linked to any account: an unprivileged colleague.
    const claimTry = await click('lead_claim', 'U2');
    const claimNo = await waitFor(() => slack.responds.find((r) => r.id === claimTry), 'claim refusal');
    expect(claimNo.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(claimNo.body)).toContain('只有跟进人或主管可以重新认领');
    const closeTry = await click('lead_close', 'U2');
    const closeNo = await waitFor(() => slack.responds.find((r) => r.id === closeTry), 'close refusal');
    expect(closeNo.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(closeNo.body)).toContain('或主管可以结案');
    expect(slack.callsOf('views.open')).toHaveLength(0);
    // Even a forged submission of the close dialog is refused by the core.
    const submit = (user: string) =>
      client.interaction({
        type: 'view_submission',
        user: { id: user },
        view: { id: 'V1', callback_id: 'lead_close_modal', private_metadata: JSON.stringify({ leadId }), state: { values: { outcome: { value: { type: 'static_select', selected_option: { value: 'duplicate' } } } } } },
      });
    await submit('U2');
    await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'U2' && JSON.stringify(c.args).includes('或主管可以结案')), 'refusal to the forger');
    expect((await store.getLead(leadId))!.status).toBe('follow_up');

    // The supervisor (Slack user linked to 陈主管) may close it.
    await click('lead_close', 'U9BOSS');
    await waitFor(() => slack.callsOf('views.open').length === 1, 'close dialog opened for the supervisor');
    await submit('U9BOSS');
    await waitFor(async () => (await store.getLead(leadId))?.status === 'closed', 'closed');
    expect((await store.getLead(leadId))!.closedBy).toEqual({ id: `staff:${boss.id}`, name: '陈主管' });
    await core.flush();
    await waitFor(() => lastUpdate().includes('结案人 Closed by'), 'card names who closed');
    expect(lastUpdate()).toContain('陈主管');
    const history = await store.leadEvents(leadId);
    expect(history.find((e) => e.type === 'closed')).toMatchObject({ actorId: `staff:${boss.id}`, actorName: '陈主管' });
  });
});
