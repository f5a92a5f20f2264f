/**
 * An investor on the Official Account with the real dialog core and the real Slack desk: the lead
 * captured on WeChat becomes a Slack card, a staff member claims it and answers in the card's
 * thread, and the answer reaches the investor through the customer-service API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChannel, LateBoundDesk } from '../../src/channels/slack/index.js';
import { prefixDeliverer } from '../../src/channels/wechat/prefix-deliverer.js';
import { createWechatMpChannel } from '../../src/channels/wechat-mp/index.js';
import { testConfig } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { QuestionService } from '../../src/core/ports.js';
import { createAssistant } from '../../src/dialog/create-assistant.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { openStore } from '../../src/store/index.js';
import { FakeSlack } from '../slack/fake-slack.js';
import { mountListener, signedClient, waitFor } from '../slack/harness.js';
import { FakeMpApi } from './fake-mp-api.js';
import { ACCOUNT, APPID, ManualDeadline, TOKEN } from './harness.js';
import { wechatSignature } from '../../src/channels/wechat-mp/msg-crypt.js';
import { buildWechatXml, parseWechatXml } from '../../src/channels/wechat-mp/xml.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const questions: QuestionService = {
  async reply(input) {
    return { text: `ANSWER: ${input.question}`, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot', sources: [] };
  },
};

describe('Official Account with the real core and the Slack desk', () => {
  it('lead on WeChat → Slack card → Claim → thread reply delivered by the customer-service API', async () => {
    const slack = new FakeSlack();
    await slack.start();
    cleanups.push(() => slack.stop());
    const api = new FakeMpApi();
    await api.start();
    cleanups.push(() => api.stop());
    const config = testConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
      SLACK_LEADS_CHANNEL: 'CLEADS',
      SLACK_API_URL: slack.apiUrl,
      WECHAT_MP_TOKEN: TOKEN,
      WECHAT_MP_APPID: APPID,
      WECHAT_MP_APPSECRET: 'secret',
      WECHAT_API_URL: api.url,
    });
    const clock = new ManualClock();
    const store = openStore({ path: ':memory:' }, clock);
    cleanups.push(() => store.close());
    const delivery = new DeliveryRouter();
    const late = new LateBoundDesk('slack');
    const core = createAssistant({ store, questions, desks: [late], delivery, clock, ids: sequentialIds('lead'), logger: silentLogger, config });
    const slackChannel = createSlackChannel({ config, assistant: core.assistant, staff: core.staff, feedback: store, kv: store, logger: silentLogger, clock, options: { minGapMs: 0, retryConfig: { retries: 0 } } });
    late.bind(slackChannel.desk);
    await slackChannel.channel.start();
    cleanups.push(() => slackChannel.channel.stop());
    const mp = createWechatMpChannel({ config, assistant: core.assistant, kv: store, logger: silentLogger, clock, notifyStaff: async () => {}, deadline: new ManualDeadline().deadline });
    delivery.register('wechat', prefixDeliverer([['mp:', mp.deliverer]]));
    const mounted = await mountListener(slackChannel.requestListener!);
    cleanups.push(() => mounted.close());
    const client = signedClient(mounted.url);

    let seq = 5000;
    const say = async (text: string): Promise<string> => {
      const q = new URLSearchParams({ timestamp: '1767225600', nonce: 'n', signature: wechatSignature(TOKEN, '1767225600', 'n') });
      const body = buildWechatXml({ ToUserName: ACCOUNT, FromUserName: 'investor-openid', CreateTime: 1767225600, MsgType: 'text', Content: text, MsgId: String(++seq) });
      const res = await mp.app.request(`/wechat/mp?${q}`, { method: 'POST', body });
      const t = await res.text();
      return t === 'success' ? '' : (parseWechatXml(t).Content ?? '');
    };

    await say('我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，联系人张三，电话13800138000');
    for (let i = 0; i < 6; i++) if ((await say('跳过')).includes('请核对')) break;
    await say('确认');
    await core.flush();
    const card = await waitFor(() => slack.callsOf('chat.postMessage').find((c) => c.args.channel === 'CLEADS' && !c.args.thread_ts), 'lead card');
    expect(JSON.stringify(card.args.blocks)).toContain('华芯');
    const leadId = (JSON.stringify(card.args.blocks).match(/"value":"(lead-[^"]+)"/) ?? [])[1]!;
    const cardTs = String((await store.get<{ ts: string }>('slack.lead-cards', leadId))!.ts);

    await client.interaction({
      type: 'block_actions',
      user: { id: 'U1' },
      channel: { id: 'CLEADS' },
      container: { type: 'message', message_ts: cardTs, channel_id: 'CLEADS' },
      trigger_id: 't',
      response_url: slack.responseUrl('lead_claim'),
      actions: [{ type: 'button', action_id: 'lead_claim', value: leadId, block_id: `lead:${leadId}`, action_ts: '1' }],
    });
    // The take-over notice goes out by the customer-service API (the investor wrote within 48 h).
    await waitFor(() => api.sent.find((s) => s.text.includes('Staff U1')), 'take-over notice');

    await client.event({ type: 'message', channel: 'CLEADS', channel_type: 'channel', user: 'U1', text: '张总您好，下周二可以安排考察。', ts: '1700000400.000001', thread_ts: cardTs });
    const reply = await waitFor(() => api.sent.find((s) => s.text.includes('下周二')), 'staff reply by customer-service API');
    expect(reply).toEqual({ to: 'investor-openid', text: 'Staff U1：张总您好，下周二可以安排考察。' });
    // While staff have the conversation, the bot stays silent on WeChat.
    expect(await say('好的，谢谢')).toBe('');
  });
});
