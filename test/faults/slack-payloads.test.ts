/**
 * Fault 7: malformed platform payloads. Correctly signed Slack requests whose bodies are garbage or
 * of the wrong shape reach Bolt's real HTTP receiver in front of the real core: each gets a 4xx (or
 * is acknowledged and dropped), nothing crashes, and the next valid request is answered.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel } from '../../src/channels/slack/index.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { buildCore, type Core } from '../../src/server.js';
import { FakeSlack } from '../slack/fake-slack.js';
import { mountListener, SIGNING_SECRET, signedClient, waitFor } from '../slack/harness.js';
import { ANSWERABLE_ZH, buildIndex, cleanupDirs, faultConfig, ROOT, SECRETS, smallKnowledge, tempDir } from './helpers.js';

const dirs: string[] = [];
const slack = new FakeSlack();
let core: Core;
let mounted: { url: string; close(): Promise<void> };
let client: ReturnType<typeof signedClient>;

beforeAll(async () => {
  await slack.start();
  const dataDir = tempDir(dirs);
  const config = faultConfig(dataDir, {
    KNOWLEDGE_DIR: smallKnowledge(dirs),
    SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_LEADS_CHANNEL: 'CLEADS',
    SLACK_API_URL: slack.apiUrl,
  });
  await buildIndex(config);
  core = await buildCore(config, { logger: silentLogger, clock: new ManualClock(), ids: sequentialIds('lead') });
  const built = createSlackChannel({
    config,
    assistant: core.assistant,
    staff: core.staff,
    feedback: core.feedback,
    kv: core.kv,
    logger: silentLogger,
    clock: new ManualClock(),
    options: { minGapMs: 0, retryConfig: { retries: 0 } },
  });
  core.addChannel(built.channel, { name: 'slack', deliverer: built.deliverer });
  await built.channel.start();
  mounted = await mountListener(built.requestListener!);
  client = signedClient(mounted.url);
});
afterAll(async () => {
  await mounted?.close();
  await core?.close();
  await slack.stop();
  cleanupDirs(dirs);
});

let tsSeq = 1;
/** A valid DM to the bot; resolves with the bot's answer as posted to Slack. */
async function validQuestion(): Promise<string> {
  const before = slack.callsOf('chat.postMessage').length;
  const channel = `D${tsSeq}`;
  const res = await client.event({ type: 'message', channel, channel_type: 'im', user: 'U1', text: ANSWERABLE_ZH, ts: `1700000100.${String(tsSeq++).padStart(6, '0')}` });
  expect(res.status).toBe(200);
  const post = await waitFor(() => slack.callsOf('chat.postMessage').slice(before).find((c) => c.args.channel === channel), 'answer to the valid DM');
  return JSON.stringify(post.args);
}

const envelope = (event: unknown) => JSON.stringify({ token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `EvBad${tsSeq++}`, event_time: 1, authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }], event });

const BAD_JSON_BODIES: [string, string][] = [
  ['truncated JSON', '{"type":"event_callback","event":{"type":"message"'],
  ['not JSON at all', 'hello slack'],
  ['binary garbage', '\u0000\u00ff\u00fe\u0001\u0002garbage'],
];

const WRONG_SHAPES: [string, string][] = [
  ['a JSON array', '[1,2,3]'],
  ['a JSON string', '"event_callback"'],
  ['type of the wrong type', '{"type":42}'],
  ['event_callback without an event', '{"type":"event_callback","team_id":"T1"}'],
  ['event that is a string', envelope('message')],
  ['message whose text is a number', envelope({ type: 'message', channel: 'D9', channel_type: 'im', user: 'U1', text: 42, ts: '1700000200.000001' })],
  ['message whose text is an object', envelope({ type: 'message', channel: 'D9', channel_type: 'im', user: { id: 'U1' }, text: { zh: '资兴' }, ts: '1700000200.000002' })],
  ['app_mention without channel or user', envelope({ type: 'app_mention', text: '<@UBOT> 资兴' })],
  ['message with blocks of the wrong shape', envelope({ type: 'message', channel: 'D9', channel_type: 'im', user: 'U1', text: '资兴', blocks: 'nope', ts: null })],
  ['url_verification without a challenge', '{"type":"url_verification"}'],
];

describe('fault 7: malformed Slack payloads, correctly signed', () => {
  it('baseline: a valid DM is answered from the knowledge base', async () => {
    expect(await validQuestion()).toContain('电子信息');
  });

  for (const [what, body] of BAD_JSON_BODIES) {
    it(`${what}: 4xx, and the next valid request is answered`, async () => {
      const res = await client.signed(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await validQuestion()).toContain('电子信息');
    });
  }

  // Sent together: several of these wait out Bolt's 3 s unhandled-request timeout before their 404.
  it('wrong shapes (array, string, wrong types, missing fields): each rejected or dropped without a 5xx, and the next valid request is answered', async () => {
    const before = slack.calls.length;
    const results = await Promise.all(WRONG_SHAPES.map(async ([what, body]) => ({ what, status: (await client.signed(body)).status })));
    for (const r of results) expect(r.status, r.what).toBeLessThan(500);
    expect(await validQuestion()).toContain('电子信息');
    // None of them made the bot post anything.
    expect(slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('interaction with a garbage payload field and a command without fields: no 5xx, still serving', async () => {
    const inter = await client.signed('payload=%7Bnot-json', { form: true });
    expect(inter.status).toBeLessThan(500);
    const inter2 = await client.signed(new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'lead_claim', value: { id: 1 } }] }) }).toString(), { form: true });
    expect(inter2.status).toBeLessThan(500);
    const cmd = await client.signed('command=%2Fzixing', { form: true });
    expect(cmd.status).toBeLessThan(500);
    expect(await validQuestion()).toContain('电子信息');
  });

  it('a bad signature is refused with 401 and nothing reaches the core', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const body = envelope({ type: 'message', channel: 'D10', channel_type: 'im', user: 'U1', text: ANSWERABLE_ZH, ts: '1700000300.000001' });
    const res = await client.post(body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=deadbeef' });
    expect(res.status).toBe(401);
    expect(await validQuestion()).toContain('电子信息');
    expect(slack.callsOf('chat.postMessage').slice(before).some((c) => c.args.channel === 'D10')).toBe(false);
  });
});

/** Run the child (Slack channel on Bolt's HTTPReceiver) with one signed body; see child/slack-null-body.ts. */
function runChild(body: string, form: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/faults/child/slack-null-body.ts'), body, form ? 'form' : 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

// In a child process: what is at stake is whether the process survives, and vitest would count the
// unhandled rejection against the whole run.
describe('fault 7: a signed body that is valid JSON but not an object', () => {
  let jsonNull: Awaited<ReturnType<typeof runChild>>;
  let formNull: Awaited<ReturnType<typeof runChild>>;
  beforeAll(async () => {
    [jsonNull, formNull] = await Promise.all([runChild('null', false), runChild('payload=null', true)]);
  });

  it('Bolt never gets to read body.ssl_check of null (its un-caught async closure would end the process)', () => {
    for (const r of [jsonNull, formNull]) expect(r.stderr).not.toContain("Cannot read properties of null (reading 'ssl_check')");
  });

  // @slack/bolt's HTTPReceiver reads `body.ssl_check` inside an async IIFE with no catch, so a
  // correctly signed `null` would be an unhandled rejection that ends the process; the adapter
  // buffers the body first and answers 400 unless it parses to a plain object.
  it('JSON null: 4xx, and the process keeps answering', () => {
    expect(jsonNull.code, jsonNull.stderr).toBe(0);
    expect(jsonNull.stdout).toMatch(/BAD 4\d\d/);
    expect(jsonNull.stdout).toContain('ALIVE');
  });

  it('form payload=null: 4xx, and the process keeps answering', () => {
    expect(formNull.code, formNull.stderr).toBe(0);
    expect(formNull.stdout).toMatch(/BAD 4\d\d/);
    expect(formNull.stdout).toContain('ALIVE');
  });
});
