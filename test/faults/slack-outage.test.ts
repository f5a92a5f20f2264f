/**
 * Fault 3: the Slack Web API fails (HTTP 500, or ok:false) while an investor leaves a lead on the
 * web chat. The lead is stored, the investor is told it was received, the card waits in the
 * durable outbox, and once Slack recovers the next tick posts exactly one card. Nothing is lost.
 * Real core (`buildCore`), real Slack channel (Bolt's WebClient) against the loopback FakeSlack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel, LateBoundDesk } from '../../src/channels/slack/index.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { buildCore, type Core } from '../../src/server.js';
import { FakeSlack, type ScriptedReply } from '../slack/fake-slack.js';
import { buildIndex, captureLead, cleanupDirs, copyIndex, faultConfig, SECRETS, smallKnowledge, tempDir, visibleText } from './helpers.js';

const dirs: string[] = [];
let indexDir = '';
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  indexDir = tempDir(dirs);
  // Two documents are enough here, and ingest fast.
  await buildIndex(faultConfig(indexDir, { KNOWLEDGE_DIR: smallKnowledge(dirs) }));
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(() => cleanupDirs(dirs));

async function rig(): Promise<{ core: Core; slack: FakeSlack; clock: ManualClock }> {
  const slack = new FakeSlack();
  await slack.start();
  cleanups.push(() => slack.stop());
  const dataDir = tempDir(dirs);
  copyIndex(indexDir, dataDir);
  const config = faultConfig(dataDir, {
    SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
    SLACK_LEADS_CHANNEL: 'CLEADS',
    SLACK_API_URL: slack.apiUrl,
  });
  const clock = new ManualClock();
  // The core takes its desks before the Slack channel (which needs the core) exists.
  const late = new LateBoundDesk('slack');
  const core = await buildCore(config, { logger: silentLogger, clock, ids: sequentialIds('lead'), desks: [late] });
  cleanups.push(() => core.close());
  const built = createSlackChannel({
    config,
    assistant: core.assistant,
    staff: core.staff,
    feedback: core.feedback,
    kv: core.kv,
    logger: silentLogger,
    clock,
    options: { minGapMs: 0, retryConfig: { retries: 0 }, timeoutMs: 2000 },
  });
  late.bind(built.desk);
  core.addChannel(built.channel, { name: 'slack', deliverer: built.deliverer });
  await built.channel.start();
  return { core, slack, clock };
}

const outages: [string, ScriptedReply][] = [
  ['HTTP 500', { status: 500, body: { ok: false, error: 'internal_error' } }],
  ['ok:false', { status: 200, body: { ok: false, error: 'fatal_error' } }],
];

describe('fault 3: Slack API failing while a lead comes in', () => {
  for (const [what, reply] of outages) {
    it(`${what} on chat.postMessage: lead stored, notification kept in the outbox, one card once Slack recovers`, async () => {
      const { core, slack, clock } = await rig();
      slack.always('chat.postMessage', reply);

      const replies = await captureLead(core.assistant, { conversationId: 'visitor-1', userId: 'visitor' }, '13800138000');
      // The investor got an acknowledgement for every message, ending with "received".
      expect(replies.length).toBeGreaterThanOrEqual(2);
      expect(replies.at(-1)!.intent).toBe('lead');
      expect(replies.at(-1)!.text).toContain('招商专员会尽快与您联系');
      expect(visibleText(replies)).not.toContain(SECRETS.SLACK_BOT_TOKEN);

      // The lead is in the store.
      const leads = await core.store.listLeads();
      expect(leads).toHaveLength(1);
      const lead = leads[0]!;
      expect(lead.fields.phone).toBe('13800138000');

      // Slack was tried and failed; the notification waits in the outbox.
      await core.flush();
      const failedPosts = slack.callsOf('chat.postMessage').length;
      expect(failedPosts).toBeGreaterThan(0);
      const pending = (await core.store.outboxItems({ pendingOnly: true })).filter((i) => i.desk === 'slack');
      expect(pending.map((i) => i.event.type)).toEqual(['created']);
      expect(pending[0]!.leadId).toBe(lead.id);
      expect(pending[0]!.lastError).toBeTruthy();

      // More failing ticks do not drop it.
      for (let i = 0; i < 3; i++) {
        clock.advance(20_000);
        await core.tick();
      }
      expect((await core.store.outboxItems({ pendingOnly: true })).filter((i) => i.desk === 'slack')).toHaveLength(1);

      // Slack recovers: the next due tick posts exactly one card, with the lead on it.
      slack.clearScripts();
      const before = slack.callsOf('chat.postMessage').length;
      clock.advance(120_000); // past any back-off, still well before escalation (10 min after creation)
      await core.tick();
      const delivered = slack.callsOf('chat.postMessage').slice(before);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.args.channel).toBe('CLEADS');
      expect(JSON.stringify(delivered[0]!.args.blocks)).toContain(lead.id);
      expect(JSON.stringify(delivered[0]!.args.blocks)).toContain('华芯');
      expect((await core.store.outboxItems({ pendingOnly: true })).filter((i) => i.desk === 'slack')).toHaveLength(0);

      // A further tick does not post it again.
      clock.advance(10_000);
      await core.tick();
      expect(slack.callsOf('chat.postMessage').length).toBe(before + 1);
    });
  }

  it('Slack down while the investor keeps talking: every message answered, nothing lost', async () => {
    const { core, slack } = await rig();
    slack.always('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    await captureLead(core.assistant, { conversationId: 'visitor-2', userId: 'visitor2' }, '13900139000');
    const [answer] = await core.assistant.handle({ channel: 'web', conversationId: 'visitor-2', userId: 'visitor2', text: '资兴有哪些优势产业？' });
    expect(answer!.text.length).toBeGreaterThan(0);
    expect(await core.store.listLeads()).toHaveLength(1);
    await core.flush();
    expect((await core.store.outboxItems({ pendingOnly: true })).filter((i) => i.desk === 'slack').map((i) => i.event.type)).toContain('created');
  });
});
