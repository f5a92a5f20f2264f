/**
 * Smaller things the independent harness found, on Bolt's real receiver with the loopback fake
 * Slack: group DMs get answers, the channel does not report 'off' while it is starting, and a
 * signed request stamped more than 5 minutes away, in either direction, is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../src/channels/slack/index.js';
import { testConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { FakeAssistant, FakeFeedback, FakeStaff, MemoryKv } from './fakes.js';
import { sign, startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('group DMs (message.mpim)', () => {
  it('answers a message in a group DM with the bot, and leaves an @mention there to app_mention', async () => {
    await h.event({ type: 'message', channel: 'G300', channel_type: 'mpim', user: 'U1', text: '土地政策？', ts: '1700000200.000001' });
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'mpim answer');
    expect(post.args.channel).toBe('G300');
    expect(JSON.stringify(post.args.blocks)).toContain('《资兴市招商引资优惠政策》');
    expect(h.assistant.inbounds[0]).toMatchObject({ conversationId: 'G300', group: true, mentioned: true });

    await h.event({ type: 'message', channel: 'G300', channel_type: 'mpim', user: 'U1', text: '<@UBOT> 电价？', ts: '1700000200.000002' });
    await h.event({ type: 'app_mention', channel: 'G300', user: 'U1', text: '<@UBOT> 电价？', ts: '1700000200.000002' });
    await waitFor(() => h.slack.callsOf('chat.postMessage').length === 2, 'mention answer');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.assistant.inbounds).toHaveLength(2);
  });
});

describe('request timestamps', () => {
  it('refuses a correctly signed request stamped 600 s in the future (and in the past)', async () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev-future', event: { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi', ts: '1.1' } });
    for (const skew of [600, -600]) {
      const ts = Math.floor(Date.now() / 1000) + skew;
      const res = await h.post(body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) });
      expect(res.status).toBe(401);
    }
    // Within the window the same body is accepted.
    const now = Math.floor(Date.now() / 1000) + 60;
    expect((await h.post(body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(body, now) })).status).toBe(200);
    await waitFor(() => h.assistant.inbounds[0], 'accepted in the window');
    expect(h.assistant.inbounds).toHaveLength(1);
  });
});

describe('status before start', () => {
  it("reports 'starting', not 'off', for a configured channel that has not connected yet", () => {
    const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 'secret-0123456789', SLACK_API_URL: h.slack.apiUrl });
    const built = createSlackChannel({ config, assistant: new FakeAssistant(), staff: new FakeStaff(), feedback: new FakeFeedback(), kv: new MemoryKv(), logger: silentLogger, clock: systemClock });
    expect(built.channel.status().state).toBe('starting');
    const off = createSlackChannel({ config: testConfig({}), assistant: new FakeAssistant(), staff: new FakeStaff(), feedback: new FakeFeedback(), kv: new MemoryKv(), logger: silentLogger, clock: systemClock });
    expect(off.channel.status().state).toBe('off');
  });
});
