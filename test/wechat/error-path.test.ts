/**
 * The Wechaty channel's one error path, on wechaty-puppet-mock: a failing core, a failing store
 * (de-duplication) and a failing send each reach the log once, the investor gets the polite error
 * reply where the conversation is known, and the channel keeps answering.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ZH } from '../../src/core/texts/zh.js';
import { openStore } from '../../src/store/index.js';
import { recordingLogger } from '../recording-logger.js';
import { outbound, scriptedAssistant, startFixture, until, type Fixture } from './fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('WeChat (Wechaty): one error path', () => {
  it('a failing core: the polite reply, logged once, and the next message answered', async () => {
    const log = recordingLogger();
    let n = 0;
    const assistant = scriptedAssistant(() => {
      if (n++ === 0) throw new Error('core down');
      return [outbound('第二次好了。')];
    });
    fx = await startFixture({ assistant, deps: { logger: log.logger } });
    await fx.login();
    const investor = fx.contact('钱总');
    investor.say('问题一').to(fx.user);
    await until(() => fx!.said(investor).length === 1, 'error reply');
    expect(fx.said(investor)).toEqual([ZH.wechat.error]);
    expect(log.errors()).toEqual(['inbound message failed']);
    investor.say('问题二').to(fx.user);
    await until(() => fx!.said(investor).length === 2, 'second reply');
    expect(fx.said(investor)[1]).toBe('第二次好了。');
    expect(log.errors()).toHaveLength(1);
  });

  it('a failing store before the message is parsed: logged once, no reply it cannot address, then served again', async () => {
    const log = recordingLogger();
    const store = openStore({ path: ':memory:' });
    try {
      const setIfAbsent = store.setIfAbsent.bind(store);
      let broken = true;
      store.setIfAbsent = (async (...args: Parameters<typeof store.setIfAbsent>) => {
        if (broken) throw new Error('SQLITE_IOERR');
        return setIfAbsent(...args);
      }) as typeof store.setIfAbsent;
      fx = await startFixture({ assistant: scriptedAssistant((i) => [outbound(`答：${i.text}`)]), deps: { logger: log.logger, kv: store } });
      await fx.login();
      const investor = fx.contact('周总');
      investor.say('第一条').to(fx.user);
      await until(() => log.errors().length === 1, 'failure logged');
      expect(log.errors()).toEqual(['inbound message failed']);
      broken = false;
      investor.say('第二条').to(fx.user);
      await until(() => fx!.said(investor).length === 1, 'answer after the store is back');
      expect(fx.said(investor)).toEqual(['答：第二条']);
      expect(log.errors()).toHaveLength(1);
    } finally {
      await fx?.close();
      fx = undefined;
      store.close();
    }
  });

  it('a send the puppet refuses: logged once by the send queue, no error reply loop, the next reply goes out', async () => {
    const log = recordingLogger();
    fx = await startFixture({ assistant: scriptedAssistant((i) => [outbound(`答：${i.text}`)]), deps: { logger: log.logger } });
    await fx.login();
    const investor = fx.contact('吴总');
    const send = fx.puppet.messageSendText.bind(fx.puppet);
    let refuse = true;
    fx.puppet.messageSendText = (async (...args: Parameters<typeof send>) => {
      if (refuse) {
        refuse = false;
        throw new Error('risk control');
      }
      return send(...args);
    }) as typeof send;
    investor.say('第一条').to(fx.user);
    await until(() => log.errors().length === 1, 'send failure logged');
    expect(log.errors()).toEqual(['wechat send failed']);
    investor.say('第二条').to(fx.user);
    await until(() => fx!.said(investor).length === 1, 'next reply');
    expect(fx.said(investor)).toEqual(['答：第二条']);
    expect(log.errors()).toHaveLength(1);
  });
});
