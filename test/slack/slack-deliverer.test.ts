/** Delivering to Slack conversations, and the late-bound desk handed to the core before Slack exists. */
import { afterEach, describe, expect, it } from 'vitest';
import { LateBoundDesk } from '../../src/channels/slack/index.js';
import { parseConversationId } from '../../src/channels/slack/slack-deliverer.js';
import type { Outbound } from '../../src/core/types.js';
import { sampleLead } from './fakes.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const staffReply: Outbound = { text: '您好，我是李工', citations: [], answered: false, handoffOffered: false, intent: 'handoff', speaker: 'staff', staffName: '李工' };

describe('slack deliverer', () => {
  it('parses the conversation ids the adapter hands the core', () => {
    expect(parseConversationId('D123')).toEqual({ channel: 'D123' });
    expect(parseConversationId('C5:1700000002.000200')).toEqual({ channel: 'C5', threadTs: '1700000002.000200' });
    expect(parseConversationId('C9:slash:U2')).toEqual({ channel: 'C9', ephemeralUser: 'U2' });
  });

  it('posts into DMs and threads, and ephemerally to a slash-command asker', async () => {
    h = await startHarness();
    await h.built.deliverer.deliver({ channel: 'slack', conversationId: 'D123' }, staffReply);
    await h.built.deliverer.deliver({ channel: 'slack', conversationId: 'C5:1700000002.000200' }, staffReply);
    await h.built.deliverer.deliver({ channel: 'slack', conversationId: 'C9:slash:U2' }, staffReply);
    const posts = h.slack.callsOf('chat.postMessage');
    expect(posts[0]!.args).toMatchObject({ channel: 'D123' });
    expect(String(posts[0]!.args.text)).toContain('李工: 您好');
    expect(posts[1]!.args).toMatchObject({ channel: 'C5', thread_ts: '1700000002.000200' });
    expect(h.slack.callsOf('chat.postEphemeral')[0]!.args).toMatchObject({ channel: 'C9', user: 'U2' });
  });
});

describe('late-bound desk', () => {
  it('throws until bound (so the outbox re-sends), then forwards', async () => {
    const late = new LateBoundDesk();
    await expect(late.notify({ type: 'created', lead: sampleLead() })).rejects.toMatchObject({ code: 'channel_failed' });
    const seen: string[] = [];
    late.bind({ name: 'x', notify: async (e) => void seen.push(e.type), notice: async (t) => void seen.push(t) });
    await late.notify({ type: 'created', lead: sampleLead() });
    await late.notice('hello');
    expect(seen).toEqual(['created', 'hello']);
  });
});
