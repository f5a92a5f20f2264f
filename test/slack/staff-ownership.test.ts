/**
 * Lead ownership on Slack with the real dialog core and real staff accounts (#17): Release keeps
 * the owner (the card shows 待跟进); a colleague who is neither the owner nor a supervisor gets an
 * ephemeral refusal for Claim and for Close (and no close dialog opens); a Slack user linked to a
 * supervisor account closes it, and the card records who closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChannel, LateBoundDesk } from '../../src/channels/slack/index.js';
import { testConfig } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { QuestionService } from '../../src/core/ports.js';
import { createAssistant } from '../../src/dialog/create-assistant.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { createStaffDirectory } from '../../src/leads/staff-directory.js';
import { createStaffStore, openStore } from '../../src/store/index.js';
import { FakeSlack } from './fake-slack.js';
import { mountListener, signedClient, waitFor } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const questions: QuestionService = {
  async reply(input) {
    return { text: `ANSWER: ${input.question}`, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot', sources: [] };
  },
};

describe('lead ownership on Slack', () => {
  it('release → 待跟进 card; a colleague is refused claim and close (ephemeral); a linked supervisor closes', async () => {
    const slack = new FakeSlack();
    await slack.start();
    cleanups.push(() => slack.stop());
    const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789', SLACK_LEADS_CHANNEL: 'CLEADS', SLACK_API_URL: slack.apiUrl });
    const clock = new ManualClock();
    const store = openStore({ path: ':memory:' }, clock);
    cleanups.push(() => store.close());
    const directory = createStaffDirectory(createStaffStore(store.db, clock));
    const boss = await directory.add({ name: '陈主管', password: 'supervisor-pass-1', role: 'supervisor' });
    await directory.linkSlack('陈主管', 'U9BOSS');
    const delivery = new DeliveryRouter();
    delivery.register('web', { deliver: async () => undefined });
    const late = new LateBoundDesk('slack');
    const core = createAssistant({ store, questions, desks: [late], delivery, clock, ids: sequentialIds('lead'), logger: silentLogger, config });
    const built = createSlackChannel({ config, assistant: core.assistant, staff: core.staff, feedback: store, kv: store, logger: silentLogger, clock, staffAccounts: directory, options: { minGapMs: 0, retryConfig: { retries: 0 } } });
    late.bind(built.desk);
    await built.channel.start();
    cleanups.push(() => built.channel.stop());
    const mounted = await mountListener(built.requestListener!);
    cleanups.push(() => mounted.close());
    const client = signedClient(mounted.url);

    const say = (text: string) => core.assistant.handle({ channel: 'web', conversationId: 's1', userId: 'visitor', text });
    await say('我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，联系人张三，电话13800138000');
    for (let i = 0; i < 6; i++) {
      const [o] = await say('跳过');
      if (o!.text.includes('请核对')) break;
    }
    await say('确认');
    await core.flush();
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
