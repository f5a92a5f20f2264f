/**
 * Test fixture: the real Wechaty bot on wechaty-puppet-mock, with a Mocker scripting contacts and
 * rooms, a scripted fake Assistant, and recorders for what the bot says and what staff are told.
 */
import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { testConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Assistant } from '../../src/core/ports.js';
import type { Citation, Inbound, Outbound } from '../../src/core/types.js';
import { createWechatChannel, type WechatChannel, type WechatChannelDeps } from '../../src/channels/wechat/index.js';

type ContactMock = InstanceType<typeof mock.ContactMock>;
type RoomMock = InstanceType<typeof mock.RoomMock>;
type MessageMock = InstanceType<typeof mock.MessageMock>;

/** An Outbound with defaults. */
export function outbound(text: string, extra: Partial<Outbound> = {}): Outbound {
  return { text, citations: [], answered: false, handoffOffered: false, intent: 'question', speaker: 'bot', ...extra };
}

/** A citation with defaults. */
export function citation(n: number, title: string): Citation {
  return { n, title, path: `knowledge/policy/${title}.md`, headingPath: [], text: '…', score: 0.9 };
}

/** A fake Assistant that records inbounds and answers with `reply`. */
export function scriptedAssistant(reply: (inbound: Inbound) => Outbound[] | Promise<Outbound[]>): Assistant & { seen: Inbound[] } {
  const seen: Inbound[] = [];
  return {
    seen,
    async handle(inbound) {
      seen.push(inbound);
      return reply(inbound);
    },
  };
}

/** Poll until `pred` holds (the mock delivers events asynchronously); fails after `tries`. */
export async function until(pred: () => boolean, what = 'condition', tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Everything a test needs; call `close()` in afterEach. */
export interface Fixture {
  mocker: InstanceType<typeof mock.Mocker>;
  puppet: RecordingPuppetMock;
  user: ContactMock;
  wechat: WechatChannel;
  config: Config;
  clock: ManualClock;
  staffNotices: string[];
  sleeps: number[];
  /** Texts the bot sent to this contact (DM) or room. */
  said(to: ContactMock | RoomMock): string[];
  contact(name: string): ContactMock;
  room(topic: string, members: ContactMock[]): RoomMock;
  login(): Promise<void>;
  close(): Promise<void>;
}

/** A PuppetMock that also records accepted friend requests (the mock's own accept does nothing). */
export class RecordingPuppetMock extends PuppetMock {
  accepted: string[] = [];
  starts = 0;
  /** Texts sent with their mention id lists (the mock itself drops the list). */
  sentTexts: { conversationId: string; text: string; mentionIds: string[] }[] = [];
  override async messageSendText(conversationId: string, text: string, mentionIdList?: string[]): Promise<void> {
    this.sentTexts.push({ conversationId, text, mentionIds: mentionIdList ?? [] });
    await super.messageSendText(conversationId, text);
  }
  override async onStart(): Promise<void> {
    this.starts++;
    await super.onStart();
  }
  override async friendshipAccept(friendshipId: string): Promise<void> {
    this.accepted.push(friendshipId);
  }
}

/** Start the channel on a fresh mock puppet. */
export async function startFixture(opts: { assistant: Assistant; config?: Partial<Record<keyof Config, string>>; deps?: Partial<WechatChannelDeps> }): Promise<Fixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wechat-test-'));
  const config = testConfig({ DATA_DIR: dataDir, ...opts.config });
  const mocker = new mock.Mocker();
  const puppet = new RecordingPuppetMock({ mocker });
  const user = mocker.createContact({ name: '资兴招商助手' });
  const clock = new ManualClock();
  const staffNotices: string[] = [];
  const sleeps: number[] = [];
  const said = new Map<string, string[]>();
  const record = (key: string) => (m: MessageMock) => {
    if (m.payload.talkerId !== user.id) return;
    const list = said.get(key) ?? [];
    list.push(m.payload.text ?? '');
    said.set(key, list);
  };
  const wechat = createWechatChannel({
    config,
    assistant: opts.assistant,
    notifyStaff: async (text) => {
      staffNotices.push(text);
    },
    logger: silentLogger,
    clock,
    puppet,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((r) => setImmediate(r));
    },
    printQr: () => undefined,
    // No jitter by default, so gaps are exact; pacing.test.ts covers the jitter.
    random: () => 0,
    ...opts.deps,
  });
  await wechat.channel.start();
  return {
    mocker,
    puppet,
    user,
    wechat,
    config,
    clock,
    staffNotices,
    sleeps,
    said: (to) => said.get(to.id) ?? [],
    contact(name) {
      const c = mocker.createContact({ name });
      // The mock types its emitters through typed-emitter, which is not installed: use the plain EventEmitter type.
      (c as unknown as EventEmitter).on('message', record(c.id));
      return c;
    },
    room(topic, members) {
      const r = mocker.createRoom({ topic, memberIdList: [user.id, ...members.map((m) => m.id)] });
      (r as unknown as EventEmitter).on('message', record(r.id));
      return r;
    },
    async login() {
      mocker.login(user);
      await until(() => wechat.loggedIn(), 'login');
    },
    async close() {
      await wechat.channel.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
