/**
 * The Slack channel on the real dialog core, for the tests that need both: the loopback FakeSlack,
 * an in-memory store, the assistant with a late-bound Slack desk (the core takes its desks before
 * the channel, which needs the core's StaffActions, exists), Bolt's receiver mounted in a node:http
 * server and a client that signs its requests. Everything started is stopped through `cleanups`.
 */
import { createSlackChannel, LateBoundDesk, type SlackChannel } from '../../src/channels/slack/index.js';
import { testConfig, type Config } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { QuestionService } from '../../src/core/ports.js';
import { createAssistant, type AssistantHandle } from '../../src/dialog/create-assistant.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { createStaffDirectory, type StaffDirectory } from '../../src/leads/staff-directory.js';
import { createStaffStore, openStore, type SqliteStore } from '../../src/store/index.js';
import { FakeSlack } from './fake-slack.js';
import { mountListener, SIGNING_SECRET, signedClient } from './harness.js';

/** Answers every question with its own words: these tests are about leads, not answers. */
export const echoQuestions: QuestionService = {
  async reply(input) {
    return { text: `ANSWER: ${input.question}`, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot', sources: [] };
  },
};

export interface CoreRig {
  slack: FakeSlack;
  config: Config;
  clock: ManualClock;
  store: SqliteStore;
  core: AssistantHandle;
  built: SlackChannel;
  client: ReturnType<typeof signedClient>;
  /** The staff accounts the channel checks, when asked for (`withStaffAccounts`). */
  directory: StaffDirectory | undefined;
}

export async function startCoreRig(cleanups: (() => Promise<void> | void)[], opts: { delivery?: DeliveryRouter; withStaffAccounts?: boolean } = {}): Promise<CoreRig> {
  const slack = new FakeSlack();
  await slack.start();
  cleanups.push(() => slack.stop());
  const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_LEADS_CHANNEL: 'CLEADS', SLACK_API_URL: slack.apiUrl });
  const clock = new ManualClock();
  const store = openStore({ path: ':memory:' }, clock);
  cleanups.push(() => store.close());
  const directory = opts.withStaffAccounts ? createStaffDirectory(createStaffStore(store.db, clock)) : undefined;
  const late = new LateBoundDesk('slack');
  const core = createAssistant({ store, questions: echoQuestions, desks: [late], delivery: opts.delivery ?? new DeliveryRouter(), clock, ids: sequentialIds('lead'), logger: silentLogger, config });
  const built = createSlackChannel({
    config,
    assistant: core.assistant,
    staff: core.staff,
    feedback: store,
    kv: store,
    logger: silentLogger,
    clock,
    ...(directory ? { staffAccounts: directory } : {}),
    options: { minGapMs: 0, retryConfig: { retries: 0 } },
  });
  late.bind(built.desk);
  await built.channel.start();
  cleanups.push(() => built.channel.stop());
  const mounted = await mountListener(built.requestListener!);
  cleanups.push(() => mounted.close());
  return { slack, config, clock, store, core, built, client: signedClient(mounted.url), directory };
}

/** An investor on the web chat leaves their details and confirms; the lead's card is then due on Slack. */
export async function submitWebLead(core: AssistantHandle, conversationId = 's1'): Promise<void> {
  const say = (text: string) => core.assistant.handle({ channel: 'web', conversationId, userId: 'visitor', text });
  await say('我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，联系人张三，电话13800138000');
  for (let i = 0; i < 6; i++) {
    const [o] = await say('跳过');
    if (o!.text.includes('请核对')) break;
  }
  await say('确认');
  await core.flush();
}
