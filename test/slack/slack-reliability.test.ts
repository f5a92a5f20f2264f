/** Acknowledging before answering, and a restart keeping the card ↔ thread bridge. */
import { afterEach, describe, expect, it } from 'vitest';
import { sampleLead } from './fakes.js';
import { startHarness, waitFor, type Harness } from './harness.js';

const open: Harness[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

function gate() {
  let release!: () => void;
  const wait = new Promise<void>((r) => (release = r));
  return { wait, release };
}

describe('slack reliability', () => {
  it('acks a slash command and a DM before the (slow) answer is ready', async () => {
    const h = await startHarness();
    open.push(h);
    const g = gate();
    const original = h.assistant.reply;
    h.assistant.handle = async (inbound) => {
      h.assistant.inbounds.push(inbound);
      await g.wait;
      return original(inbound);
    };
    const cmd = await h.command({ command: '/zixing', text: '慢问题', user_id: 'U1', channel_id: 'C1', response_url: h.slack.responseUrl('slow') });
    expect(cmd.status).toBe(200);
    const dm = await h.event({ type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: '慢问题', ts: '1700000100.000001' });
    expect(dm.status).toBe(200);
    // Both requests were answered while the assistant is still blocked.
    expect(h.slack.responds).toHaveLength(0);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    g.release();
    await waitFor(() => h.slack.responds.find((r) => r.id === 'slow'), 'slash answer');
    await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'dm answer');
  });

  it('keeps the thread bridge across a restart (card locations are in the KeyValueStore)', async () => {
    const first = await startHarness();
    open.push(first);
    const lead = sampleLead('L1', { status: 'claimed', owner: { id: 'slack:U1', name: 'Staff U1' } });
    first.staff.add(lead);
    await first.built.desk.notify({ type: 'created', lead });
    const cardTs = '1700000000.001001';
    await open.pop()!.close();

    const second = await startHarness({ kv: first.kv, staff: first.staff });
    open.push(second);
    await second.event({ type: 'message', channel: 'CLEADS', channel_type: 'channel', user: 'U1', text: '您好', ts: '1700000200.000001', thread_ts: cardTs });
    await waitFor(() => second.staff.calls.find((c) => c.op === 'reply'), 'reply after restart');
    await second.built.desk.notify({ type: 'claimed', lead, by: lead.owner! });
    expect(second.slack.callsOf('chat.update')[0]!.args.ts).toBe(cardTs);
  });

  it('is off (no listener, inert desk) when Slack is not configured', async () => {
    const { createSlackChannel } = await import('../../src/channels/slack/index.js');
    const { testConfig } = await import('../../src/config.js');
    const { silentLogger } = await import('../../src/core/log.js');
    const { systemClock } = await import('../../src/core/clock.js');
    const { FakeAssistant, FakeFeedback, FakeStaff, MemoryKv } = await import('./fakes.js');
    const built = createSlackChannel({ config: testConfig(), assistant: new FakeAssistant(), staff: new FakeStaff(), feedback: new FakeFeedback(), kv: new MemoryKv(), logger: silentLogger, clock: systemClock });
    expect(built.requestListener).toBeUndefined();
    expect(built.channel.status().state).toBe('off');
    await built.desk.notify({ type: 'created', lead: sampleLead() });
  });

  it('reports an error status (and keeps running) when auth.test fails at start', async () => {
    const h = await startHarness();
    open.push(h);
    const { createSlackChannel } = await import('../../src/channels/slack/index.js');
    const { silentLogger } = await import('../../src/core/log.js');
    const { systemClock } = await import('../../src/core/clock.js');
    h.slack.script('auth.test', { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const built = createSlackChannel({ config: h.config, assistant: h.assistant, staff: h.staff, feedback: h.feedback, kv: h.kv, logger: silentLogger, clock: systemClock, options: { retryConfig: { retries: 0 } } });
    await built.channel.start();
    expect(built.channel.status()).toMatchObject({ state: 'error', detail: expect.stringContaining('invalid_auth') });
  });
});
