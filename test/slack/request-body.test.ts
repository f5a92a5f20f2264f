/**
 * The body gate in front of Bolt's HTTPReceiver: bodies are buffered (under the size cap) before
 * Bolt sees them, correctly signed bodies that are valid JSON but not an object are refused with
 * 400 (Bolt would crash on them), and Bolt still verifies the signature over the exact bytes sent.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLACK_MAX_BODY_BYTES } from '../../src/channels/slack/bolt-app.js';
import { boltParsesToObject } from '../../src/channels/slack/request-body.js';
import { sign, startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** POST `parts` one write at a time with chunked encoding (no content-length). */
function postChunked(url: string, parts: Buffer[], headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(-1) : reject(err)));
    for (const p of parts) req.write(p);
    req.end();
  });
}

describe('Slack body gate', () => {
  it.each([
    ['JSON null', 'null', false],
    ['a JSON array', '[{"type":"event_callback"}]', false],
    ['a JSON number', '42', false],
    ['form payload=null', 'payload=null', true],
    ['form payload that is a JSON string', `payload=${encodeURIComponent('"block_actions"')}`, true],
  ])('refuses a correctly signed %s with 400, and keeps serving', async (_what, body, form) => {
    const res = await h.signed(body, { form });
    expect(res.status).toBe(400);
    expect(h.assistant.inbounds).toHaveLength(0);
    const ok = await h.event({ type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: '资兴有哪些优势产业？', ts: '1700000001.000100' });
    expect(ok.status).toBe(200);
    await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'answer after the refused body');
  });

  it('lets a slash command (form fields, no payload) through to Bolt', async () => {
    const res = await h.command({ command: '/zixing', text: '土地优惠政策', user_id: 'U2', channel_id: 'C9', response_url: h.slack.responseUrl('cmd') });
    expect(res.status).toBe(200);
    await waitFor(() => h.slack.responds.find((r) => r.id === 'cmd'), 'command answer');
  });

  it('Bolt verifies the exact bytes received: a chunked body split inside a UTF-8 character is accepted, one altered byte is not', async () => {
    const body = JSON.stringify({ token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'EvChunk1', event_time: 1, authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }], event: { type: 'message', channel: 'D7', channel_type: 'im', user: 'U1', text: '资兴  有哪些\u3000优势产业？', ts: '1700000002.000100' } });
    const bytes = Buffer.from(body);
    const cut = bytes.indexOf(Buffer.from('资')) + 1; // inside the three bytes of 资
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) };
    expect(await postChunked(h.url, [bytes.subarray(0, cut), bytes.subarray(cut)], headers)).toBe(200);
    await waitFor(() => h.assistant.inbounds.find((i) => i.conversationId === 'D7'), 'the chunked event');
    expect(h.assistant.inbounds.find((i) => i.conversationId === 'D7')?.text).toBe('资兴  有哪些\u3000优势产业？');

    const altered = Buffer.from(body.replace('优势', '劣势'));
    expect(await postChunked(h.url, [altered], headers)).toBe(401);
  });

  it('refuses a chunked body (no content-length) that grows past the cap with 413', async () => {
    const big = Buffer.alloc(SLACK_MAX_BODY_BYTES + 1, 0x20);
    const status = await postChunked(h.url, [Buffer.from('{"type":"event_callback",'), big, Buffer.from('}')], { 'content-type': 'application/json' });
    // The server answers 413 and closes; the client may see the reset before the status.
    expect([413, -1]).toContain(status);
    expect(h.assistant.inbounds).toHaveLength(0);
  });
});

describe('boltParsesToObject', () => {
  const FORM = 'application/x-www-form-urlencoded';
  it('mirrors what Bolt parses: JSON objects and form bodies, never null, arrays or scalars', () => {
    expect(boltParsesToObject(Buffer.from('{"type":"event_callback"}'), 'application/json')).toBe(true);
    expect(boltParsesToObject(Buffer.from('{"a":1}'), undefined)).toBe(true);
    for (const bad of ['null', '[]', '"x"', '42', 'true', '', '{"a":', 'hello']) expect(boltParsesToObject(Buffer.from(bad), 'application/json'), bad).toBe(false);
    expect(boltParsesToObject(Buffer.from('command=%2Fzixing&text=hi'), FORM)).toBe(true);
    expect(boltParsesToObject(Buffer.from('ssl_check=1&token=x'), FORM)).toBe(true);
    expect(boltParsesToObject(Buffer.from(`payload=${encodeURIComponent('{"type":"block_actions"}')}`), FORM)).toBe(true);
    for (const bad of ['payload=null', 'payload=%5B%5D', 'payload=%7Bnot-json', 'payload=']) expect(boltParsesToObject(Buffer.from(bad), FORM), bad).toBe(false);
    // Bolt compares the content type exactly; with parameters it parses the body as JSON.
    expect(boltParsesToObject(Buffer.from('command=%2Fzixing'), `${FORM}; charset=utf-8`)).toBe(false);
  });
});
