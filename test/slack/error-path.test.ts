/**
 * Each Slack listener's one error path, through Bolt's real receiver against the loopback fake
 * Slack: a failing core or a Slack refusal is logged once (by the listener's `guard`, never again by
 * Bolt's app.error) and apologised for where the question was asked; a refused cosmetic call (status,
 * title) is only a warning and the answer still goes out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SORRY } from '../../src/channels/slack/context.js';
import { recordingLogger } from '../recording-logger.js';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const THREAD = '1729999327.187299';

async function start() {
  const log = recordingLogger();
  h = await startHarness({ logger: log.logger });
  return { h, log };
}

const openThread = (h: Harness) =>
  h.event({
    type: 'assistant_thread_started',
    assistant_thread: { user_id: 'U1', channel_id: 'D100', thread_ts: THREAD, context: { channel_id: 'C42', team_id: 'T1', enterprise_id: null } },
    event_ts: '1729999327.187300',
  });
const askInThread = (h: Harness, text: string, ts = '1729999400.000100') => h.event({ type: 'message', channel: 'D100', channel_type: 'im', user: 'U1', text, ts, thread_ts: THREAD, event_ts: ts });
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('Slack: one error path per listener', () => {
  it('a DM whose core fails: the apology in the DM, logged once', async () => {
    const { h, log } = await start();
    h.assistant.reply = () => {
      throw new Error('retriever down');
    };
    await h.event({ type: 'message', channel: 'D9', channel_type: 'im', user: 'U1', text: '补贴', ts: '1700000005.000500' });
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'apology');
    expect(post.args).toMatchObject({ channel: 'D9', text: SORRY.text });
    await settle();
    expect(log.errors()).toEqual(['slack direct message failed']);
  });

  it('an assistant thread whose core fails: the apology in the thread, logged once', async () => {
    const { h, log } = await start();
    await openThread(h);
    await waitFor(() => h.slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'thread started');
    const greeted = h.slack.callsOf('chat.postMessage').length;
    h.assistant.reply = () => {
      throw new Error('retriever down');
    };
    await askInThread(h, '设备补贴有哪些？');
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[greeted], 'apology');
    expect(post.args).toMatchObject({ channel: 'D100', thread_ts: THREAD, text: SORRY.text });
    await settle();
    expect(log.errors()).toEqual(['slack assistant message failed']);
  });

  it('a refused status line and title are warnings only: the answer still goes out, nothing is logged as an error', async () => {
    const { h, log } = await start();
    await openThread(h);
    await waitFor(() => h.slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'thread started');
    h.slack.script('assistant.threads.setStatus', { status: 200, body: { ok: false, error: 'not_allowed_token_type' } });
    h.slack.script('assistant.threads.setTitle', { status: 200, body: { ok: false, error: 'not_allowed_token_type' } });
    await askInThread(h, '设备补贴有哪些？');
    await waitFor(() => h.slack.callsOf('chat.stopStream')[0] ?? h.slack.callsOf('chat.postMessage')[1], 'answer');
    await settle();
    expect(log.errors()).toEqual([]);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual(expect.arrayContaining(['slack assistant status refused', 'slack assistant title refused']));
  });

  it('Slack refusing the answer and the apology: the failure logged once, the refused apology a warning, the next DM answered', async () => {
    const { h, log } = await start();
    h.slack.script('chat.postMessage', { status: 200, body: { ok: false, error: 'channel_not_found' } }, { status: 200, body: { ok: false, error: 'channel_not_found' } });
    await h.event({ type: 'message', channel: 'D7', channel_type: 'im', user: 'U1', text: '补贴', ts: '1700000006.000600' });
    await waitFor(() => h.slack.callsOf('chat.postMessage').length === 2, 'answer and apology tried');
    await settle();
    expect(log.errors()).toEqual(['slack direct message failed']);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toContain('slack direct message: error reply failed');
    await h.event({ type: 'message', channel: 'D7', channel_type: 'im', user: 'U1', text: '还在吗', ts: '1700000007.000700' });
    await waitFor(() => h.slack.callsOf('chat.postMessage').length === 3, 'next answer');
    expect(log.errors()).toHaveLength(1);
  });
});
