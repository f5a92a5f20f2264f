/**
 * Socket Mode: the real SocketModeClient opens its connection through apps.connections.open on
 * the fake Slack, connects to a loopback WebSocket server, and gets an event envelope to ack.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSlackChannel, type SlackChannel } from '../../src/channels/slack/index.js';
import { testConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { FakeSlack } from './fake-slack.js';
import { FakeAssistant, FakeFeedback, FakeStaff, MemoryKv } from './fakes.js';
import { waitFor } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('socket mode', () => {
  it('connects, acks an event envelope and answers the DM', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const c of wss.clients) c.terminate();
          wss.close(() => r());
        }),
    );
    const acks: unknown[] = [];
    let socket: WebSocket | undefined;
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => acks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
    });

    const slack = new FakeSlack();
    await slack.start();
    cleanups.push(() => slack.stop());
    slack.always('apps.connections.open', { status: 200, body: { ok: true, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link` } });

    const assistant = new FakeAssistant();
    const built: SlackChannel = createSlackChannel({
      config: testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: slack.apiUrl, SLACK_LEADS_CHANNEL: 'CLEADS' }),
      assistant,
      staff: new FakeStaff(),
      feedback: new FakeFeedback(),
      kv: new MemoryKv(),
      logger: silentLogger,
      clock: systemClock,
      options: { minGapMs: 0, retryConfig: { retries: 0 } },
    });
    expect(built.requestListener).toBeUndefined();
    await built.channel.start();
    cleanups.push(() => built.channel.stop());
    expect(built.channel.status().state).toBe('ready');
    expect(slack.callsOf('apps.connections.open')[0]!.token).toBe('xapp-test-token');

    await waitFor(() => socket, 'socket connection');
    socket!.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          type: 'event_callback',
          team_id: 'T1',
          api_app_id: 'A1',
          event_id: 'EvSock1',
          event_time: 1,
          authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
          event: { type: 'message', channel: 'D77', channel_type: 'im', user: 'U1', text: '园区有哪些？', ts: '1700000300.000001' },
        },
      }),
    );
    await waitFor(() => acks.find((a) => (a as { envelope_id?: string }).envelope_id === 'env-1'), 'envelope ack');
    const post = await waitFor(() => slack.callsOf('chat.postMessage')[0], 'answer');
    expect(post.args.channel).toBe('D77');
    expect(assistant.inbounds[0]?.text).toBe('园区有哪些？');
  });
});
