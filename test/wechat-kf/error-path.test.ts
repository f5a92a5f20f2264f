/**
 * The 微信客服 channel's one error path: whatever fails while a customer's message is handled (the
 * core, rendering, WeCom refusing the reply) is logged once by the puller and the customer gets the
 * polite error reply when it can still be sent; the rest of the page is handled and the cursor moves on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/ports.js';
import type { Outbound } from '../../src/core/types.js';
import { ZH } from '../../src/core/texts/zh.js';
import { openStore, type SqliteStore } from '../../src/store/index.js';
import { recordingLogger } from '../recording-logger.js';
import { FakeKfApi } from './fake-kf-api.js';
import { KFID, startKf } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const bot = (text: string): Outbound => ({ text, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot' });

async function setup(): Promise<{ api: FakeKfApi; store: SqliteStore }> {
  const api = new FakeKfApi();
  await api.start();
  const store = openStore({ path: ':memory:' });
  cleanups.push(() => api.stop(), () => store.close());
  return { api, store };
}

describe('微信客服: one error path', () => {
  it('a failing core: the customer gets the polite reply, the error is logged once, the next message is answered', async () => {
    const { api, store } = await setup();
    const log = recordingLogger();
    let n = 0;
    const assistant: Assistant = {
      handle: async (i) => {
        if (n++ === 0) throw new Error('core down');
        return [bot(`ANSWER: ${i.text}`)];
      },
    };
    const { kf } = startKf(api, assistant, store, { logger: log.logger });
    api.customer(KFID, 'wmA', '问题一');
    api.customer(KFID, 'wmA', '问题二');
    await kf.pull(KFID, 'T');
    expect(api.sent.map((s) => s.text)).toEqual([ZH.wechat.error, 'ANSWER: 问题二']);
    expect(log.errors()).toEqual(['wecom-kf entry failed']);
    // The cursor moved past both: a second pull handles nothing again.
    await kf.pull(KFID, 'T');
    expect(api.sent).toHaveLength(2);
  });

  it('WeCom refusing the reply: logged once, the error reply tried, and a refusal of that only warned about', async () => {
    const { api, store } = await setup();
    const log = recordingLogger();
    const { kf } = startKf(api, { handle: async (i) => [bot(`ANSWER: ${i.text}`)] }, store, { logger: log.logger });
    api.customer(KFID, 'wmB', '你好');
    api.sendErrors.push(45009, 45009);
    await kf.pull(KFID, 'T');
    expect(api.sent).toEqual([]);
    expect(log.errors()).toEqual(['wecom-kf entry failed']);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toContain('wecom-kf error reply failed');
    // The platform is back: the next message is answered.
    api.customer(KFID, 'wmB', '还在吗');
    await kf.pull(KFID, 'T');
    expect(api.sent.map((s) => s.text)).toEqual(['ANSWER: 还在吗']);
  });
});
