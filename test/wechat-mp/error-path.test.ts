/**
 * The Official Account channel's one error path: a message that fails once WeChat's delivery of it
 * is claimed (the core, rendering, the store) is logged once and answered with the polite error
 * reply — passively inside the deadline, by the customer-service API after it; a send that fails
 * after the request was answered reaches the log once. Bad requests stay the HTTP edge's (4xx).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/ports.js';
import type { Outbound } from '../../src/core/types.js';
import { ZH } from '../../src/core/texts/zh.js';
import { recordingLogger } from '../recording-logger.js';
import { startMp, textMessage, type MpHarness } from './harness.js';

const harnesses: MpHarness[] = [];
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()!.close();
});

const bot = (text: string): Outbound => ({ text, citations: [], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot' });

async function start(assistant: Assistant) {
  const log = recordingLogger();
  const h = await startMp(assistant, { logger: log.logger });
  harnesses.push(h);
  return { h, log };
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!pred()) throw new Error(`timed out waiting for ${what}`);
}

describe('Official Account: one error path', () => {
  it('a core that throws inside the deadline: the passive reply is the polite one, logged once', async () => {
    const { h, log } = await start({ handle: async () => Promise.reject(new Error('core down')) });
    const reply = await h.reply(await h.post(textMessage('openid-e1', '你好')));
    expect(reply).toMatchObject({ ToUserName: 'openid-e1', MsgType: 'text', Content: ZH.wechat.error });
    expect(log.errors()).toEqual(['wechat-mp message failed']);
  });

  it('a core that fails after the deadline: `success` now, the polite reply by the customer-service API, logged once', async () => {
    let fail!: (err: Error) => void;
    const { h, log } = await start({ handle: () => new Promise<Outbound[]>((_, reject) => (fail = reject)) });
    const pending = h.post(textMessage('openid-e2', '税收优惠有哪些？'));
    await until(() => fail !== undefined, 'assistant called');
    h.timers.expire();
    expect(await h.reply(await pending)).toBe('success');
    fail(new Error('model timeout'));
    await until(() => h.api.sent.length === 1, 'error reply sent');
    expect(h.api.sent[0]).toEqual({ to: 'openid-e2', text: ZH.wechat.error });
    expect(log.errors()).toEqual(['wechat-mp message failed']);
  });

  it('a late answer WeChat refuses (not a window error): logged once, nothing thrown, the next message answered', async () => {
    let release!: () => void;
    const slow: Assistant = { handle: (i) => (i.text === '慢' ? new Promise<Outbound[]>((r) => (release = () => r([bot('迟到的回答')]))) : Promise.resolve([bot(`ANSWER: ${i.text}`)])) };
    const { h, log } = await start(slow);
    const pending = h.post(textMessage('openid-e3', '慢'));
    await until(() => release !== undefined, 'assistant called');
    h.timers.expire();
    expect(await h.reply(await pending)).toBe('success');
    h.api.sendErrors.push(45009); // API call frequency limit: neither a window nor a token error
    release();
    await until(() => log.errors().length === 1, 'send failure logged');
    expect(log.errors()).toEqual(['wechat-mp send failed']);
    expect(h.api.sent).toEqual([]);
    expect(await h.reply(await h.post(textMessage('openid-e3', '还在吗')))).toMatchObject({ Content: 'ANSWER: 还在吗' });
    expect(log.errors()).toHaveLength(1);
  });

  it('a store failure after the message is claimed: the polite reply, logged once', async () => {
    const { h, log } = await start({ handle: async (i) => [bot(`ANSWER: ${i.text}`)] });
    // The send windows live in the store: their read failing is a failure on our side after the claim.
    const original = h.store.get.bind(h.store);
    h.store.get = (async (ns: string, key: string) => {
      if (ns.startsWith('wechat-mp:window')) throw new Error('disk I/O error');
      return original(ns, key);
    }) as typeof h.store.get;
    const reply = await h.reply(await h.post(textMessage('openid-e4', '你好')));
    expect(reply).toMatchObject({ Content: ZH.wechat.error });
    expect(log.errors()).toEqual(['wechat-mp message failed']);
  });
});
