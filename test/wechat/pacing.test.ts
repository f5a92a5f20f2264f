import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { createSendPacer } from '../../src/channels/wechat/send-pacer.js';
import { createConnectionSupervisor } from '../../src/channels/wechat/connection.js';

function pacer(opts: { minGapMs?: number; dailyCap?: number; jitterMs?: number; random?: () => number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 2)); // 10:00 in China
  const sleeps: number[] = [];
  const sent: string[] = [];
  const capNotices: number[] = [];
  const p = createSendPacer({
    minGapMs: opts.minGapMs ?? 1500,
    dailyCap: opts.dailyCap ?? 100,
    ...(opts.jitterMs !== undefined ? { jitterMs: opts.jitterMs } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    clock,
    // The "sleep" moves the manual clock, as real waiting would.
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    logger: silentLogger,
    onCapReached: (cap) => capNotices.push(cap),
  });
  const send = (key: string, text: string) => p.enqueue(key, async () => void sent.push(text));
  return { p, clock, sleeps, sent, capNotices, send };
}

describe('send pacer', () => {
  it('keeps each conversation in order, serves conversations round-robin, with the minimum gap', async () => {
    const { sleeps, sent, send } = pacer();
    await Promise.all([send('A', 'a1'), send('A', 'a2'), send('A', 'a3'), send('B', 'b1'), send('B', 'b2')]);
    expect(sent).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(sleeps).toEqual([1500, 1500, 1500, 1500]);
  });

  it('adds random jitter to each gap, so sends do not tick at a fixed interval', async () => {
    const draws = [0, 0.5, 0.999];
    const { sleeps, send } = pacer({ jitterMs: 1000, random: () => draws.shift() ?? 0 });
    await Promise.all([send('A', '1'), send('A', '2'), send('A', '3'), send('A', '4')]);
    expect(sleeps).toEqual([1500, 2000, 2499]);
  });

  it('does not wait when the gap has already passed', async () => {
    const { clock, sleeps, send } = pacer();
    await send('A', '1');
    clock.advance(10_000);
    await send('A', '2');
    expect(sleeps).toEqual([]);
  });

  it('drops sends over the daily cap, tells staff once, and starts again the next day', async () => {
    const { clock, sent, send, capNotices, p } = pacer({ dailyCap: 2, minGapMs: 0 });
    expect(await send('A', '1')).toBe('sent');
    expect(await send('B', '2')).toBe('sent');
    expect(await send('A', '3')).toBe('dropped');
    expect(await send('C', '4')).toBe('dropped');
    expect(capNotices).toEqual([2]);
    clock.advance(24 * 3_600_000);
    expect(await send('A', '5')).toBe('sent');
    expect(sent).toEqual(['1', '2', '5']);
    expect(p.sentToday()).toBe(1);
  });

  it('reports a failed send without stopping the queue', async () => {
    const { p, send, sent } = pacer({ minGapMs: 0 });
    const failed = p.enqueue('A', async () => {
      throw new Error('network');
    });
    const ok = send('A', 'next');
    expect(await failed).toBe('failed');
    expect(await ok).toBe('sent');
    expect(sent).toEqual(['next']);
  });

  it('drops queued sends on close', async () => {
    const { p, send } = pacer();
    const first = send('A', '1');
    const second = send('A', '2');
    p.close();
    // The first send was already under way when the queue closed; only the waiting one is dropped.
    expect([await first, await second]).toEqual(['sent', 'dropped']);
    expect(await send('A', '3')).toBe('dropped');
  });
});

describe('connection supervisor', () => {
  function supervisor() {
    const clock = new ManualClock();
    const notices: string[] = [];
    const sleeps: number[] = [];
    let restarts = 0;
    const s = createConnectionSupervisor({
      clock,
      logger: silentLogger,
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((r) => setImmediate(r));
      },
      notifyStaff: async (t) => void notices.push(t),
      restart: async () => {
        restarts++;
        if (restarts === 3) s.loggedIn(); // the session memory let the puppet back in
      },
      backoffBaseMs: 1000,
      backoffMaxMs: 3000,
      silenceMs: 60_000,
    });
    return { s, clock, notices, sleeps, restarts: () => restarts };
  }

  it('backs off exponentially up to the max until logged in again, telling staff once', async () => {
    const { s, notices, sleeps, restarts } = supervisor();
    s.starting();
    s.loggedIn();
    s.lost('logout', 'kicked');
    s.lost('error', 'again'); // a second loss during the outage does not start a second loop
    await s.idle();
    expect(restarts()).toBe(3);
    expect(sleeps).toEqual([1000, 2000, 3000]);
    expect(notices).toHaveLength(1);
    expect(s.status().state).toBe('ready');
  });

  it('detects silence only while logged in, and ignores losses caused by its own restarts', async () => {
    const { s, clock, notices } = supervisor();
    s.starting();
    clock.advance(120_000);
    s.checkLiveness();
    expect(notices).toHaveLength(0);
    s.loggedIn();
    clock.advance(30_000);
    s.heard();
    clock.advance(59_000);
    s.checkLiveness();
    expect(s.isLoggedIn()).toBe(true);
    await s.quiet(async () => s.lost('logout', 'our own stop'));
    expect(s.isLoggedIn()).toBe(true);
    clock.advance(2_000);
    s.checkLiveness();
    expect(s.isLoggedIn()).toBe(false);
    await s.idle();
    expect(notices).toHaveLength(1);
  });

  it('stop ends a pending backoff at once', async () => {
    const clock = new ManualClock();
    const s = createConnectionSupervisor({ clock, logger: silentLogger, sleep: () => new Promise(() => undefined), notifyStaff: async () => undefined, restart: async () => undefined });
    s.starting();
    s.lost('start_failed', 'no network');
    expect(s.status().state).toBe('error');
    s.stop();
    await s.idle();
    expect(s.status().state).toBe('off');
  });
});
