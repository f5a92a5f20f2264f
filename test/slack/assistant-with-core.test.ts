/**
 * The assistant panel with the real dialog core: a question in the assistant thread is answered
 * there (its conversation is the thread); a staff member can register an investor's lead there and
 * its card reaches the leads channel, as a lead from the web chat does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startCoreRig, submitWebLead } from './core-rig.js';
import { waitFor } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});


describe('assistant panel with the real dialog core', () => {
  it('answers in the assistant thread through the core; lead cards still reach the leads channel', async () => {
    const { slack, core, client } = await startCoreRig(cleanups);

    const thread = '1729999327.187299';
    await client.event({ type: 'assistant_thread_started', assistant_thread: { user_id: 'U1', channel_id: 'D100', thread_ts: thread, context: {} }, event_ts: '1729999327.2' });
    await waitFor(() => slack.callsOf('assistant.threads.setSuggestedPrompts')[0], 'thread started');

    // What the bot says in the thread: posts (Block Kit) and finished streams, counted apart.
    const posts = () => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'D100' && c.args.thread_ts === thread).map((c) => String(c.args.text));
    const streams = () => [...slack.streamed.values()];
    let seq = 0;
    const say = async (text: string): Promise<string> => {
      const [p0, s0] = [posts().length, streams().length];
      const ts = `1729999400.${String(++seq).padStart(6, '0')}`;
      await client.event({ type: 'message', channel: 'D100', channel_type: 'im', user: 'U1', text, ts, thread_ts: thread, event_ts: ts });
      await waitFor(() => posts().length > p0 || streams().length > s0, `reply to ${text}`);
      const out = [...posts().slice(p0), ...streams().slice(s0)].join('\n');
      return out;
    };

    // The core answers policy questions from Slack.
    expect(await say('资兴有哪些园区？')).toBe('ANSWER: 资兴有哪些园区？');
    expect(slack.callsOf('assistant.threads.setStatus')[0]!.args.status).toBe('正在查找资料…');

    // A lead started in the assistant thread is captured there and its card reaches the leads channel.
    const leadCards = () => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'CLEADS' && !c.args.thread_ts);
    const first = await say('我们是长沙市远航新材料有限公司，计划投资3亿元在资兴建厂，联系人李四，电话13900139000');
    expect(first).toContain('ANSWER:');
    expect(first).toMatch(/登记|核对|请问/);
    let reply = first;
    for (let i = 0; i < 6 && !reply.includes('请核对'); i++) reply = await say('跳过');
    expect(reply).toContain('请核对');
    expect(reply).toContain('远航');
    await say('确认');
    await core.flush();
    const threadCard = await waitFor(() => leadCards()[0], 'lead card from the assistant thread');
    expect(JSON.stringify(threadCard.args.blocks)).toContain('远航');
    expect(JSON.stringify(threadCard.args.blocks)).toContain('3亿元');
    // Asking for a person makes no sense to staff: it is answered, not handed off.
    expect(await say('转人工')).not.toMatch(/工作人员.*(联系|接入)/);

    // A lead from the web chat still reaches the leads channel while staff use the panel.
    await submitWebLead(core);
    const card = await waitFor(() => leadCards()[1], 'lead card from the web');
    const blocks = JSON.stringify(card.args.blocks);
    expect(blocks).toContain('华芯');
    expect(blocks).toContain('2亿元');
  });
});
