/**
 * The Slack channel end to end: Bolt's real HTTPReceiver over loopback with signed requests, the
 * Web API pointed at a loopback fake Slack that records calls.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLACK_MAX_BODY_BYTES } from '../../src/channels/slack/bolt-app.js';
import { sampleLead } from './fakes.js';
import { sign, startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const json = (v: unknown) => JSON.stringify(v);

describe('request verification', () => {
  it('rejects unsigned, badly signed and stale requests with 401', async () => {
    const body = json({ type: 'event_callback', event_id: 'Ev-x', event: { type: 'app_mention', channel: 'C1', user: 'U1', text: 'hi', ts: '1.1' } });
    expect((await h.post(body, { 'content-type': 'application/json' })).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    expect((await h.post(body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(body, now, 'wrong-secret') })).status).toBe(401);
    const stale = now - 10 * 60;
    expect((await h.post(body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(stale), 'x-slack-signature': sign(body, stale) })).status).toBe(401);
    expect(h.assistant.inbounds).toHaveLength(0);
  });

  it('refuses a body over the size cap before reading it (413)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(h.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(SLACK_MAX_BODY_BYTES + 1) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      // Only a little of the declared body is ever sent: the answer must not wait for the rest.
      req.write('{"type":"event_callback"');
    });
    expect(status).toBe(413);
    expect(h.assistant.inbounds).toHaveLength(0);
  });

  it('answers url_verification and 404s paths it does not own', async () => {
    const res = await h.signed(json({ type: 'url_verification', challenge: 'abc123' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('abc123');
    const other = await fetch(h.url.replace('/slack/events', '/slack/events/other'), { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
  });
});

describe('asking questions', () => {
  it('answers a DM with the answer, numbered sources and vote buttons', async () => {
    const res = await h.event({ type: 'message', channel: 'D123', channel_type: 'im', user: 'U1', text: '设备补贴有哪些？', ts: '1700000001.000100' });
    expect(res.status).toBe(200);
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'answer post');
    expect(post.args.channel).toBe('D123');
    expect(post.token).toBe('xoxb-test-token');
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('[1] 《资兴市招商引资优惠政策》 · knowledge/policy/incentives.md');
    expect(blocks).toContain('vote:up:msg-1');
    expect(post.args.text).toContain('设备投资补贴');
    expect(h.assistant.inbounds[0]).toMatchObject({ channel: 'slack', conversationId: 'D123', userId: 'U1', text: '设备补贴有哪些？', group: false, mentioned: false, messageId: 'D123:1700000001.000100' });
  });

  it('records 👍/👎 votes in the feedback sink', async () => {
    await h.interaction({
      type: 'block_actions',
      user: { id: 'U1', username: 'u1' },
      channel: { id: 'D123' },
      container: { type: 'message', message_ts: '1700000000.001001', channel_id: 'D123' },
      trigger_id: 't1',
      response_url: h.slack.responseUrl('vote'),
      actions: [{ type: 'button', action_id: 'vote:down:msg-7', value: 'msg-7', block_id: 'vote', action_ts: '1' }],
    });
    await waitFor(() => h.feedback.votes.length === 1, 'vote');
    expect(h.feedback.votes[0]).toEqual({ messageId: 'msg-7', value: -1, by: 'slack:U1' });
    await waitFor(() => h.slack.responds.find((r) => r.id === 'vote'), 'thanks');
  });

  it('answers /zixing ephemerally through response_url, and publicly with `public`', async () => {
    const res = await h.command({ command: '/zixing', text: '土地优惠政策', user_id: 'U2', channel_id: 'C9', response_url: h.slack.responseUrl('cmd1') });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => h.slack.responds.find((r) => r.id === 'cmd1'), 'ephemeral answer');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.body.blocks)).toContain('《资兴市招商引资优惠政策》');
    expect(h.assistant.inbounds[0]).toMatchObject({ text: '土地优惠政策', conversationId: 'C9:slash:U2', group: true });

    await h.command({ command: '/zixing', text: 'public 人才政策', user_id: 'U2', channel_id: 'C9', response_url: h.slack.responseUrl('cmd2') });
    const pub = await waitFor(() => h.slack.responds.find((r) => r.id === 'cmd2'), 'public answer');
    expect(pub.body.response_type).toBe('in_channel');
    expect(h.assistant.inbounds[1]?.text).toBe('人才政策');
  });

  it('answers an @mention in the thread', async () => {
    await h.event({ type: 'app_mention', channel: 'C5', user: 'U3', text: '<@UBOT> 电价优惠？', ts: '1700000002.000200' });
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'thread answer');
    expect(post.args).toMatchObject({ channel: 'C5', thread_ts: '1700000002.000200' });
    expect(h.assistant.inbounds[0]).toMatchObject({ conversationId: 'C5:1700000002.000200', text: '电价优惠？', group: true, mentioned: true });
  });

  it('processes a retried event (same event_id, X-Slack-Retry-Num) once', async () => {
    const event = { type: 'message', channel: 'D7', channel_type: 'im', user: 'U1', text: '你好', ts: '1700000003.000300' };
    await h.event(event, { eventId: 'EvSame' });
    const retry = await h.event(event, { eventId: 'EvSame', retryNum: 1 });
    expect(retry.status).toBe(200);
    await waitFor(() => h.slack.callsOf('chat.postMessage').length === 1, 'one answer');
    // Give a duplicate every chance to show up before concluding it did not.
    await new Promise((r) => setTimeout(r, 200));
    expect(h.assistant.inbounds).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('drops malformed payloads without crashing and keeps serving', async () => {
    expect((await h.event({ type: 'app_mention', text: 42 })).status).toBe(200);
    expect((await h.signed('{not json')).status).toBe(400);
    expect((await h.interaction({ type: 'block_actions', actions: 'nope' })).status).toBeLessThan(500);
    await h.event({ type: 'message', channel: 'D8', channel_type: 'im', user: 'U1', text: '还在吗', ts: '1700000004.000400' });
    await waitFor(() => h.slack.callsOf('chat.postMessage').length === 1, 'answer after bad input');
  });

  it('apologises in the DM when the assistant fails', async () => {
    h.assistant.reply = () => {
      throw new Error('retriever down');
    };
    await h.event({ type: 'message', channel: 'D9', channel_type: 'im', user: 'U1', text: '补贴', ts: '1700000005.000500' });
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'apology');
    expect(String(post.args.text)).toContain('抱歉');
  });
});

describe('leads', () => {
  async function postCard() {
    const lead = sampleLead('L1');
    h.staff.add(lead);
    await h.built.desk.notify({ type: 'created', lead });
    const card = h.slack.callsOf('chat.postMessage')[0]!;
    return { lead, ts: `1700000000.001001`, card };
  }

  const click = (action: string, user: string, response = 'click') =>
    h.interaction({
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase() },
      channel: { id: 'CLEADS' },
      container: { type: 'message', message_ts: '1700000000.001001', channel_id: 'CLEADS' },
      message: { ts: '1700000000.001001' },
      trigger_id: `trigger-${user}`,
      response_url: h.slack.responseUrl(response),
      actions: [{ type: 'button', action_id: action, value: 'L1', block_id: 'lead:L1', action_ts: '1' }],
    });

  it('posts a card with fields, recent messages and Claim/Close buttons on `created`', async () => {
    const { card } = await postCard();
    expect(card.args.channel).toBe('CLEADS');
    const blocks = JSON.stringify(card.args.blocks);
    expect(blocks).toContain('深圳某新材料公司');
    expect(blocks).toContain('我们想在资兴建厂');
    expect(blocks).toContain('lead_claim');
    expect(blocks).toContain('lead_close');
    expect(await h.kv.get('slack.lead-cards', 'L1')).toEqual({ channel: 'CLEADS', ts: '1700000000.001001' });
  });

  it('Claim updates the card for everyone; a second claim is refused naming the owner', async () => {
    await postCard();
    await click('lead_claim', 'U1');
    const update = await waitFor(() => h.slack.callsOf('chat.update')[0], 'card update');
    expect(update.args).toMatchObject({ channel: 'CLEADS', ts: '1700000000.001001' });
    const blocks = JSON.stringify(update.args.blocks);
    expect(blocks).toContain('<@U1>');
    expect(blocks).toContain('lead_release');
    expect(h.staff.calls[0]).toMatchObject({ op: 'claim', leadId: 'L1', by: { id: 'slack:U1', name: 'Staff U1' } });

    await click('lead_claim', 'U2', 'second');
    const refusal = await waitFor(() => h.slack.responds.find((r) => r.id === 'second'), 'refusal');
    expect(refusal.body.response_type).toBe('ephemeral');
    expect(String(refusal.body.text)).toContain('<@U1>');
    // The mention must stay live in the blocks Slack renders, not show as literal text.
    const shown = JSON.stringify(refusal.body.blocks);
    expect(shown).toContain('<@U1>');
    expect(shown).not.toContain('&lt;@U1&gt;');
  });

  it("bridges the card's thread: the owner's reply goes to staff.reply; others are told to claim", async () => {
    await postCard();
    await click('lead_claim', 'U1');
    await waitFor(() => h.slack.callsOf('chat.update')[0], 'claimed');
    await h.event({ type: 'message', channel: 'CLEADS', channel_type: 'channel', user: 'U1', text: '您好，我是招商局的李工 &amp; 团队', ts: '1700000009.000001', thread_ts: '1700000000.001001' });
    const reply = await waitFor(() => h.staff.calls.find((c) => c.op === 'reply'), 'staff.reply');
    expect(reply).toMatchObject({ leadId: 'L1', by: { id: 'slack:U1' }, text: '您好，我是招商局的李工 & 团队' });

    await h.event({ type: 'message', channel: 'CLEADS', channel_type: 'channel', user: 'U1', text: '// 内部：明天回电', ts: '1700000009.000002', thread_ts: '1700000000.001001' });
    await h.event({ type: 'message', channel: 'CLEADS', channel_type: 'channel', user: 'U2', text: '我也来', ts: '1700000009.000003', thread_ts: '1700000000.001001' });
    const eph = await waitFor(() => h.slack.callsOf('chat.postEphemeral')[0], 'not-owner notice');
    expect(eph.args).toMatchObject({ channel: 'CLEADS', user: 'U2', thread_ts: '1700000000.001001' });
    expect(h.staff.calls.filter((c) => c.op === 'reply').map((c) => c.text)).toEqual(['您好，我是招商局的李工 & 团队', '我也来']);
  });

  it('Release hands the lead back and redraws the card with Claim', async () => {
    await postCard();
    await click('lead_claim', 'U1');
    await waitFor(() => h.slack.callsOf('chat.update').length === 1, 'claimed');
    await click('lead_release', 'U1');
    await waitFor(() => h.slack.callsOf('chat.update').length === 2, 'released');
    expect(h.staff.calls.at(-1)).toMatchObject({ op: 'release', leadId: 'L1', by: { id: 'slack:U1' } });
    // One redraw per action: a second identical chat.update would have arrived by now.
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsOf('chat.update')).toHaveLength(2);
    expect(JSON.stringify(h.slack.callsOf('chat.update')[1]!.args.blocks)).toContain('lead_claim');
  });

  it('Close opens a modal; submitting it closes the lead with the outcome', async () => {
    await postCard();
    await click('lead_close', 'U1');
    const open = await waitFor(() => h.slack.callsOf('views.open')[0], 'modal');
    expect(open.args.trigger_id).toBe('trigger-U1');
    const view = open.args.view as { private_metadata: string; callback_id: string };
    const res = await h.interaction({
      type: 'view_submission',
      user: { id: 'U1' },
      view: {
        id: 'V1',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { outcome: { value: { type: 'static_select', selected_option: { value: 'signed' } } }, note: { value: { type: 'plain_text_input', value: '已签意向书' } } } },
      },
    });
    expect(res.status).toBe(200);
    const close = await waitFor(() => h.staff.calls.find((c) => c.op === 'close'), 'close');
    expect(close).toMatchObject({ leadId: 'L1', outcome: 'signed: 已签意向书' });
    await waitFor(() => h.slack.callsOf('chat.update')[0], 'closed card');
  });

  it('posts investor messages and escalations in the card thread', async () => {
    const { lead } = await postCard();
    await h.built.desk.notify({ type: 'investor_message', lead, text: '请问什么时候能回复？', at: 1 });
    await h.built.desk.notify({ type: 'escalated', lead: { ...lead, escalatedAt: 2 } });
    const posts = h.slack.callsOf('chat.postMessage');
    expect(posts[1]!.args).toMatchObject({ channel: 'CLEADS', thread_ts: '1700000000.001001' });
    expect(String(posts[1]!.args.text)).toContain('请问什么时候能回复？');
    expect(posts[2]!.args).toMatchObject({ thread_ts: '1700000000.001001', reply_broadcast: 'true' });
    expect(String(posts[2]!.args.text)).toContain('<!here>');
  });

  it('a re-sent `created` updates the existing card instead of posting a duplicate', async () => {
    const { lead } = await postCard();
    await h.built.desk.notify({ type: 'created', lead });
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.slack.callsOf('chat.update')).toHaveLength(1);
  });

  it('/zixing leads lists open leads; App Home shows my claimed leads', async () => {
    h.staff.add(sampleLead('L1'));
    h.staff.add(sampleLead('L2', { status: 'claimed', owner: { id: 'slack:U1', name: 'Staff U1' }, fields: { company: '广州某电子厂' } }));
    h.staff.add(sampleLead('L3', { status: 'closed' }));
    await h.command({ command: '/zixing', text: 'leads', user_id: 'U1', channel_id: 'C9', response_url: h.slack.responseUrl('leads') });
    const list = await waitFor(() => h.slack.responds.find((r) => r.id === 'leads'), 'leads list');
    const text = JSON.stringify(list.body.blocks);
    expect(text).toContain('L1');
    expect(text).toContain('L2');
    expect(text).not.toContain('`L3`');
    expect(h.assistant.inbounds).toHaveLength(0);

    await h.event({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' });
    const publish = await waitFor(() => h.slack.callsOf('views.publish')[0], 'home');
    expect(publish.args.user_id).toBe('U1');
    const home = JSON.stringify(publish.args.view);
    expect(home).toContain('广州某电子厂');
    expect(home).not.toContain('深圳某新材料公司');
  });

  it('retries a 429 after Retry-After and succeeds', async () => {
    h.slack.script('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const lead = sampleLead('L9');
    await h.built.desk.notify({ type: 'created', lead });
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(2);
    expect(await h.kv.get('slack.lead-cards', 'L9')).toBeDefined();
  });

  it('notify throws a coded error when Slack keeps failing (the outbox re-sends later)', async () => {
    h.slack.always('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    await expect(h.built.desk.notify({ type: 'created', lead: sampleLead('L5') })).rejects.toMatchObject({ code: 'channel_failed' });
    expect(h.slack.callsOf('chat.postMessage').length).toBe(3); // 1 try + 2 retries (test policy)
    h.slack.always('chat.postMessage', { status: 200, body: { ok: false, error: 'not_in_channel' } });
    await expect(h.built.desk.notify({ type: 'created', lead: sampleLead('L6') })).rejects.toMatchObject({ code: 'channel_failed', message: expect.stringContaining('not_in_channel') });
    expect(await h.kv.get('slack.lead-cards', 'L5')).toBeUndefined();
  });

  it('desk.notice posts to the leads channel', async () => {
    await h.built.desk.notice('WeChat 需要重新登录 <scan>');
    const post = h.slack.callsOf('chat.postMessage')[0]!;
    expect(post.args.channel).toBe('CLEADS');
    expect(String(post.args.text)).toContain('&lt;scan&gt;');
  });
});
