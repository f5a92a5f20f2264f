/**
 * Slack's AI-app surface through Bolt's real receiver and `Assistant`, against the loopback fake
 * Slack: the panel's greeting and suggested prompts, the status line, the thread title, the
 * answer streamed (or as Block Kit where streaming is refused), and votes in the thread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const THREAD = '1729999327.187299';
const started = (user = 'U1') =>
  h.event({
    type: 'assistant_thread_started',
    assistant_thread: { user_id: user, channel_id: 'D100', thread_ts: THREAD, context: { channel_id: 'C42', team_id: 'T1', enterprise_id: null } },
    event_ts: '1729999327.187300',
  });
const ask = (text: string, ts = '1729999400.000100') => h.event({ type: 'message', channel: 'D100', channel_type: 'im', user: 'U1', text, ts, thread_ts: THREAD, event_ts: ts });
const methods = () => h.slack.calls.map((c) => c.method);

describe('the assistant panel', () => {
  it('greets and suggests the topics as prompts, in the user language', async () => {
    await started();
    const prompts = await waitFor(() => h.slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'suggested prompts');
    expect(prompts.args).toMatchObject({ channel_id: 'D100', thread_ts: THREAD });
    const list = prompts.args.prompts as { title: string; message: string }[];
    expect(list.map((p) => p.title)).toEqual(['优势产业', '扶持政策', '企业服务']);
    expect(list[0]!.message).toBe('资兴有哪些优势产业？');
    const greeting = h.slack.callsOf('chat.postMessage')[0]!;
    expect(greeting.args).toMatchObject({ channel: 'D100', thread_ts: THREAD });
    expect(String(greeting.args.text)).toContain('资兴招商助手');
  });

  it('suggests English prompts to a user whose Slack is in English', async () => {
    await started('UEN1');
    const prompts = await waitFor(() => h.slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'suggested prompts');
    expect((prompts.args.prompts as { title: string }[]).map((p) => p.title)).toEqual(['Leading industries', 'Support policies', 'Services']);
  });

  it('sets a status, titles the thread, and streams the cited answer into the thread', async () => {
    await started();
    await waitFor(() => h.slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'thread started');
    h.assistant.reply = (inbound) => [
      {
        text: `资兴市对新引进的制造业项目给予设备投资补贴 [1]。对固定资产投资给予奖励 [1]。(re: ${inbound.text})`,
        citations: [{ n: 1, title: '《资兴市招商引资优惠政策》', path: 'knowledge/policy/incentives.md', headingPath: [], text: '给予设备投资补贴', score: 0.9, source: '湖南日报报道' }],
        answered: true,
        handoffOffered: false,
        intent: 'question',
        speaker: 'bot',
        messageId: 'msg-a1',
      },
    ];
    await ask('设备补贴有哪些？');
    await waitFor(() => h.slack.callsOf('chat.stopStream')[0], 'stream stopped');

    const status = h.slack.callsOf('assistant.threads.setStatus')[0]!;
    expect(status.args).toMatchObject({ channel_id: 'D100', thread_ts: THREAD, status: '正在查找资料…' });
    expect(h.slack.callsOf('assistant.threads.setTitle')[0]!.args).toMatchObject({ thread_ts: THREAD, title: '设备补贴有哪些？' });
    const order = methods();
    expect(order.indexOf('assistant.threads.setStatus')).toBeLessThan(order.indexOf('chat.startStream'));
    expect(order.indexOf('chat.startStream')).toBeLessThan(order.indexOf('chat.appendStream'));
    expect(order.indexOf('chat.appendStream')).toBeLessThan(order.indexOf('chat.stopStream'));

    const start = h.slack.callsOf('chat.startStream')[0]!;
    expect(start.args).toMatchObject({ channel: 'D100', thread_ts: THREAD, recipient_user_id: 'U1', recipient_team_id: 'T1' });
    const [text] = [...h.slack.streamed.values()];
    expect(text).toBe('资兴市对新引进的制造业项目给予设备投资补贴 [1]。对固定资产投资给予奖励 [1]。(re: 设备补贴有哪些？)');
    const tail = JSON.stringify(h.slack.callsOf('chat.stopStream')[0]!.args.blocks);
    expect(tail).toContain('[1] 《资兴市招商引资优惠政策》 — 湖南日报报道 · knowledge/policy/incentives.md');
    expect(tail).toContain('vote:up:msg-a1');
    // Streamed, so not posted a second time as Block Kit.
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.assistant.inbounds[0]).toMatchObject({ channel: 'slack', conversationId: `D100:${THREAD}`, userId: 'U1', text: '设备补贴有哪些？', group: false });

    // The title comes from the first question only.
    await ask('那电价呢？', '1729999500.000100');
    await waitFor(() => h.slack.callsOf('chat.stopStream')[1], 'second answer');
    expect(h.slack.callsOf('assistant.threads.setTitle')).toHaveLength(1);
  });

  it('sends the full Block Kit answer in the thread when Slack refuses to stream', async () => {
    h.slack.refuseStreaming = true;
    await started();
    await waitFor(() => h.slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'thread started');
    await ask('设备补贴有哪些？');
    const answer = await waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('设备投资补贴')), 'block kit answer');
    expect(answer.args).toMatchObject({ channel: 'D100', thread_ts: THREAD });
    const blocks = JSON.stringify(answer.args.blocks);
    expect(blocks).toContain('[1] 《资兴市招商引资优惠政策》 · knowledge/policy/incentives.md');
    expect(blocks).toContain('vote:down:msg-1');
    expect(h.slack.callsOf('chat.startStream')).toHaveLength(1);
    expect(h.slack.callsOf('chat.stopStream')).toHaveLength(0);
    expect(h.slack.callsOf('assistant.threads.setStatus')[0]!.args.status).toBe('正在查找资料…');
  });

  it('records a vote given under an answer in the assistant thread', async () => {
    await started();
    await waitFor(() => h.slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'thread started');
    await ask('设备补贴有哪些？');
    const tail = await waitFor(() => h.slack.callsOf('chat.stopStream')[0], 'answer');
    const up = (tail.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!.elements![0]!;
    await h.interaction({
      type: 'block_actions',
      user: { id: 'U1' },
      channel: { id: 'D100' },
      container: { type: 'message', message_ts: String(tail.args.ts), channel_id: 'D100', thread_ts: THREAD },
      trigger_id: 't1',
      response_url: h.slack.responseUrl('vote'),
      actions: [{ type: 'button', action_id: up.action_id, value: up.value, block_id: 'vote', action_ts: '1' }],
    });
    await waitFor(() => h.feedback.votes[0], 'vote');
    expect(h.feedback.votes[0]).toEqual({ messageId: 'msg-1', value: 1, by: 'slack:U1' });
  });

  it('leaves a DM thread Slack never opened as an assistant thread on the DM path', async () => {
    await h.event({ type: 'message', channel: 'D200', channel_type: 'im', user: 'U1', text: '设备补贴？', ts: '1700000100.000002', thread_ts: '1700000100.000001' });
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'dm answer');
    expect(post.args).toMatchObject({ channel: 'D200', thread_ts: '1700000100.000001' });
    expect(h.slack.callsOf('assistant.threads.setStatus')).toHaveLength(0);
    expect(h.slack.callsOf('chat.startStream')).toHaveLength(0);
    expect(h.assistant.inbounds[0]).toMatchObject({ conversationId: 'D200' });
  });
});
