/**
 * The Slack desk with the real dialog core (H4): an investor's lead from the web chat appears as
 * a card; a Slack Claim click, a thread reply and Release go through the core's StaffActions, and
 * the reply reaches the investor's web conversation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Deliverer } from '../../src/core/ports.js';
import type { ConversationRef, Outbound } from '../../src/core/types.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { startCoreRig, submitWebLead } from './core-rig.js';
import { waitFor } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

class RecordingDeliverer implements Deliverer {
  delivered: { ref: ConversationRef; message: Outbound }[] = [];
  async deliver(ref: ConversationRef, message: Outbound): Promise<void> {
    this.delivered.push({ ref, message });
  }
}


describe('slack desk with the real dialog core', () => {
  it('card → Claim → thread reply delivered to the web investor → Release', async () => {
    const web = new RecordingDeliverer();
    const delivery = new DeliveryRouter();
    delivery.register('web', web);
    const { slack, store, core, client } = await startCoreRig(cleanups, { delivery });
    const say = (text: string) => core.assistant.handle({ channel: 'web', conversationId: 's1', userId: 'visitor', text });

    // An investor on the web chat leaves their details and confirms.
    await submitWebLead(core);
    const card = await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'CLEADS' && !c.args.thread_ts), 'lead card');
    expect(JSON.stringify(card.args.blocks)).toContain('华芯');
    const leadId = (JSON.stringify(card.args.blocks).match(/"value":"(lead-[^"]+)"/) ?? [])[1]!;
    expect(leadId).toBeTruthy();
    const cardTs = String((await store.get<{ ts: string }>('slack.lead-cards', leadId))!.ts);

    const click = (action: string) =>
      client.interaction({
        type: 'block_actions',
        user: { id: 'U1' },
        channel: { id: 'CLEADS' },
        container: { type: 'message', message_ts: cardTs, channel_id: 'CLEADS' },
        trigger_id: 't',
        response_url: slack.responseUrl(action),
        actions: [{ type: 'button', action_id: action, value: leadId, block_id: `lead:${leadId}`, action_ts: '1' }],
      });

    // Each staff action redraws the card exactly once (chat.update is rate limited).
    const settledUpdates = async (expected: number, what: string) => {
      await waitFor(() => slack.callsOf('chat.update').length >= expected, what);
      await core.flush();
      await new Promise((r) => setTimeout(r, 200));
      expect(slack.callsOf('chat.update')).toHaveLength(expected);
    };

    await click('lead_claim');
    await settledUpdates(1, 'card updated on claim');
    expect(JSON.stringify(slack.callsOf('chat.update')[0]!.args.blocks)).toContain('<@U1>');
    // The investor is told a person took over.
    await waitFor(() => web.delivered.find((d) => d.message.text.includes('Staff U1')), 'take-over notice');

    await client.event({ type: 'message', channel: 'CLEADS', channel_type: 'channel', user: 'U1', text: '张总您好，下周二可以安排考察。', ts: '1700000400.000001', thread_ts: cardTs });
    const reply = await waitFor(() => web.delivered.find((d) => d.message.speaker === 'staff'), 'staff reply delivered');
    expect(reply.ref).toMatchObject({ channel: 'web', conversationId: 's1' });
    expect(reply.message).toMatchObject({ text: '张总您好，下周二可以安排考察。', staffName: 'Staff U1' });

    // The investor answers: the message shows up in the card's thread.
    expect(await say('好的，谢谢')).toEqual([]);
    await core.flush();
    await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.thread_ts === cardTs && String(c.args.text).includes('好的，谢谢')), 'investor message in thread');

    await click('lead_release');
    // The store's reads are async (it may be PostgreSQL later); awaiting also works on a sync value.
    await waitFor(async () => (await store.getLead(leadId))?.status === 'follow_up', 'released');
    await settledUpdates(2, 'card updated on release');
    const [answer] = await say('资兴有哪些园区？');
    expect(answer!.text).toBe('ANSWER: 资兴有哪些园区？');

    await client.interaction({
      type: 'view_submission',
      user: { id: 'U1' },
      view: {
        id: 'V1',
        callback_id: 'lead_close_modal',
        private_metadata: JSON.stringify({ leadId }),
        state: { values: { outcome: { value: { type: 'static_select', selected_option: { value: 'signed' } } }, note: { value: { type: 'plain_text_input', value: '已签框架协议' } } } },
      },
    });
    await waitFor(async () => (await store.getLead(leadId))?.status === 'closed', 'closed');
    await settledUpdates(3, 'card updated on close');
    expect(JSON.stringify(slack.callsOf('chat.update')[2]!.args.blocks)).toContain('已签约 Signed：已签框架协议');
  });
});
