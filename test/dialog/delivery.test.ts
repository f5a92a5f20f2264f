import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import type { Outbound } from '../../src/core/types.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { KeyedLock } from '../../src/core/keyed-lock.js';
import { LogDesk } from '../../src/leads/log-desk.js';
import { FakeDeliverer, rig } from './helpers.js';

const msg: Outbound = { text: 'hi', citations: [], answered: false, handoffOffered: false, intent: 'handoff', speaker: 'staff' };

describe('DeliveryRouter', () => {
  it('routes by channel and fails with channel_failed when none is registered or it throws', async () => {
    const router = new DeliveryRouter();
    const d = new FakeDeliverer();
    router.register('wechat', d);
    await router.deliver({ channel: 'wechat', conversationId: 'c' }, msg);
    expect(d.delivered).toHaveLength(1);
    await expect(router.deliver({ channel: 'web', conversationId: 'c' }, msg)).rejects.toMatchObject({ code: 'channel_failed' });
    router.register('web', { deliver: async () => Promise.reject(new Error('socket closed')) });
    await expect(router.deliver({ channel: 'web', conversationId: 'c' }, msg)).rejects.toMatchObject({ code: 'channel_failed' });
  });
});

describe('KeyedLock and concurrency', () => {
  it('serialises work per key and not across keys', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = lock.run('k', async () => {
      await gate;
      order.push('a');
    });
    const b = lock.run('k', async () => {
      order.push('b');
    });
    const c = lock.run('other', async () => {
      order.push('c');
    });
    await c;
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(['c', 'a', 'b']);
  });

  it('two messages of one conversation at once do not lose a capture step', async () => {
    const r = rig();
    r.questions.slow = true;
    await Promise.all([r.say('资兴有哪些园区？'), r.say('我们计划投资2亿元建厂')]);
    expect((await r.store.getConversation('wechat:c1'))!.state).toBe('collecting');
  });
});

describe('LogDesk', () => {
  it('logs lead events with phone numbers masked', async () => {
    const lines: string[] = [];
    const desk = new LogDesk(createLogger('info', {}, (l) => lines.push(l)));
    await desk.notify({
      type: 'created',
      lead: { id: 'L1', status: 'new', conversation: { channel: 'wechat', conversationId: 'c' }, fields: { company: 'X', phone: '13800138000' }, createdAt: 0, recent: [{ role: 'user', text: '电话13800138000', at: 0 }], linkedLeadIds: [] },
    });
    await desk.notice('WeChat needs a re-login');
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('13800138000');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'lead created', leadId: 'L1', company: 'X' });
  });
});

describe('lifecycle', () => {
  it('start and stop leave no timer running', () => {
    vi.useFakeTimers();
    try {
      const r = rig();
      const before = vi.getTimerCount();
      r.handle.start();
      r.handle.start();
      expect(vi.getTimerCount()).toBeGreaterThan(before);
      r.handle.stop();
      r.handle.stop();
      expect(vi.getTimerCount()).toBe(before);
      r.store.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
