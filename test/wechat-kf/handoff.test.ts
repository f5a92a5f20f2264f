/**
 * Hand-off on 微信客服 with the real dialog core: a lead captured on 微信客服 becomes a Slack card
 * and the staff reply in its thread goes out by send_msg (the bot keeps the session); with
 * WECOM_KF_SERVICER the claim transfers the session (service_state/trans → 3), and 交还机器人
 * ends it (→ 4) so the bot answers the investor's next message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChannel, LateBoundDesk } from '../../src/channels/slack/index.js';
import { prefixDeliverer } from '../../src/channels/wechat/prefix-deliverer.js';
import { createWecomKfChannel } from '../../src/channels/wecom-kf/index.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { QuestionService } from '../../src/core/ports.js';
import { createAssistant } from '../../src/dialog/create-assistant.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { openStore } from '../../src/store/index.js';
import { FakeSlack } from '../slack/fake-slack.js';
import { mountListener, signedClient, waitFor } from '../slack/harness.js';
import { FakeKfApi } from './fake-kf-api.js';
import { KFID, kfConfig } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const questions: QuestionService = {
  async reply(input) {
    return { text: `ANSWER: ${input.question}`, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot', sources: [] };
  },
};

const LEAD_TEXT = '我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，联系人张三，电话13800138000';

async function world(extra: Parameters<typeof kfConfig>[1] = {}) {
  const api = new FakeKfApi();
  await api.start();
  cleanups.push(() => api.stop());
  const slack = new FakeSlack();
  await slack.start();
  cleanups.push(() => slack.stop());
  const config = kfConfig(api, { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789', SLACK_LEADS_CHANNEL: 'CLEADS', SLACK_API_URL: slack.apiUrl, ...extra });
  const clock = new ManualClock();
  const store = openStore({ path: ':memory:' }, clock);
  cleanups.push(() => store.close());
  const delivery = new DeliveryRouter();
  const slackDesk = new LateBoundDesk('slack');
  const kfDesk = new LateBoundDesk('wecom-kf');
  const core = createAssistant({ store, questions, desks: [slackDesk, kfDesk], delivery, clock, ids: sequentialIds('lead'), logger: silentLogger, config });
  const notices: string[] = [];
  const kf = createWecomKfChannel({ config, assistant: core.assistant, kv: store, logger: silentLogger, clock, notifyStaff: async (t) => void notices.push(t) });
  kfDesk.bind(kf.desk);
  delivery.register('wechat', prefixDeliverer([['kf:', kf.deliverer]]));
  const sl = createSlackChannel({ config, assistant: core.assistant, staff: core.staff, feedback: store, kv: store, logger: silentLogger, clock, options: { minGapMs: 0, retryConfig: { retries: 0 } } });
  slackDesk.bind(sl.desk);
  await sl.channel.start();
  cleanups.push(() => sl.channel.stop());
  const mounted = await mountListener(sl.requestListener!);
  cleanups.push(() => mounted.close());
  const say = async (text: string) => {
    api.customer(KFID, 'wmINVESTOR', text);
    await kf.pull(KFID, 'T');
  };
  const captureLead = async (): Promise<string> => {
    await say(LEAD_TEXT);
    for (let i = 0; i < 6 && !api.sent.at(-1)?.text.includes('请核对'); i++) await say('跳过');
    await say('确认');
    await core.flush();
    const card = await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'CLEADS' && !c.args.thread_ts), 'lead card');
    return (JSON.stringify(card.args.blocks).match(/"value":"(lead-[^"]+)"/) ?? [])[1]!;
  };
  return { api, slack, store, core, kf, notices, say, captureLead, client: signedClient(mounted.url) };
}

describe('微信客服 hand-off', () => {
  it('lead on 微信客服 → Slack card → Claim → thread reply delivered by send_msg', async () => {
    const w = await world();
    // Each customer message opens a new 5-message allowance, so the whole capture dialogue goes out.
    const leadId = await w.captureLead();
    const cardTs = String((await w.store.get<{ ts: string }>('slack.lead-cards', leadId))!.ts);
    await w.client.interaction({
      type: 'block_actions',
      user: { id: 'U1' },
      channel: { id: 'CLEADS' },
      container: { type: 'message', message_ts: cardTs, channel_id: 'CLEADS' },
      trigger_id: 't',
      response_url: w.slack.responseUrl('lead_claim'),
      actions: [{ type: 'button', action_id: 'lead_claim', value: leadId, block_id: `lead:${leadId}`, action_ts: '1' }],
    });
    await w.client.event({ type: 'message', channel: 'CLEADS', channel_type: 'channel', user: 'U1', text: '张总您好，下周二可以安排考察。', ts: '1700000400.000001', thread_ts: cardTs });
    const reply = await waitFor(() => w.api.sent.find((s) => s.text.includes('下周二')), 'staff reply by send_msg');
    expect(reply).toEqual({ to: 'wmINVESTOR', kfid: KFID, text: 'Staff U1：张总您好，下周二可以安排考察。' });
    // Without WECOM_KF_SERVICER the session never leaves the bot.
    expect(w.api.transCalls()).toEqual([]);
  });

  it('with WECOM_KF_SERVICER: claim transfers the session to the servicer, release ends it, the bot answers again', async () => {
    const w = await world({ WECOM_KF_SERVICER: 'zhangsan' });
    const leadId = await w.captureLead();
    const staff = { id: 'slack:U1', name: '李明' };
    expect(await w.core.staff.claim(leadId, staff)).toMatchObject({ ok: true });
    await w.core.flush();
    await waitFor(() => w.api.transCalls().length === 1, 'transfer');
    expect(w.api.transCalls()[0]).toEqual({ open_kfid: KFID, external_userid: 'wmINVESTOR', service_state: 3, servicer_userid: 'zhangsan' });
    // In state 3 the bot cannot send: a relayed reply is refused and staff are told to answer in WeCom.
    await w.core.staff.reply(leadId, staff, '我来跟进');
    expect(w.notices.at(-1)).toMatch(/企业微信中直接回复/);
    expect(w.api.sent.find((s) => s.text.includes('我来跟进'))).toBeUndefined();
    // The investor writes: relayed to staff, not answered by the bot.
    const before = w.api.sent.length;
    await w.say('请问什么时候联系我？');
    expect(w.api.sent.length).toBe(before);

    expect(await w.core.staff.release(leadId, staff)).toMatchObject({ ok: true });
    await w.core.flush();
    await waitFor(() => w.api.transCalls().length === 2, 'end session');
    expect(w.api.transCalls()[1]).toEqual({ open_kfid: KFID, external_userid: 'wmINVESTOR', service_state: 4 });
    await w.say('资兴有哪些园区？');
    expect(w.api.sent.at(-1)!.text).toBe('ANSWER: 资兴有哪些园区？');
  });

  it('tells staff when the servicer cannot take the session (95014) and keeps the bot relaying', async () => {
    const w = await world({ WECOM_KF_SERVICER: 'lisi' });
    const leadId = await w.captureLead();
    const staff = { id: 'slack:U2', name: '王芳' };
    await w.core.staff.claim(leadId, staff);
    await w.core.flush();
    await waitFor(() => w.notices.find((n) => n.includes('lisi')), '95014 notice');
    expect(w.notices.find((n) => n.includes('lisi'))).toMatch(/尚未在企业微信激活/);
    await w.core.staff.reply(leadId, staff, '您好，我是王芳');
    expect(w.api.sent.at(-1)!.text).toBe('王芳：您好，我是王芳');
  });
});
