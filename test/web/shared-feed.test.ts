/**
 * The console feed and the web chat's wake-ups shared between instances through `Signals`: two
 * desks (two instances) on a signal bus that delivers each publish to the other side as remote. A
 * lead event delivered to one desk shows on the other; sequence numbers mean the same on both; an
 * erasure on one drops the lead's items on the other; a staff reply delivered on one wakes a long
 * poll waiting on the other. (Over PostgreSQL the bus is LISTEN/NOTIFY: test/store/shared-state.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { ConsoleDesk } from '../../src/channels/web/console-desk.js';
import { WebDeliverer } from '../../src/channels/web/web-deliverer.js';
import { SignalFanout } from '../../src/core/local-signals.js';
import { ManualClock } from '../../src/core/clock.js';
import type { LeadEvent, Signals } from '../../src/core/ports.js';

/** Two instances' signals: a publish reaches its own side as local and the other as remote. */
function signalPair(): [Signals, Signals] {
  const sides = [new SignalFanout(), new SignalFanout()];
  const make = (me: number): Signals => ({
    async publish(topic, payload) {
      sides[me]!.emit(topic, payload, true);
      sides[1 - me]!.emit(topic, payload, false);
    },
    subscribe: (topic, listener) => sides[me]!.add(topic, listener),
    async close() {},
  });
  return [make(0), make(1)];
}

const event = (type: 'created' | 'erased' | 'investor_message', leadId: string, text?: string): LeadEvent =>
  ({ type, lead: { id: leadId }, ...(text !== undefined ? { text, at: 0 } : {}) }) as unknown as LeadEvent;

describe('the console feed across instances', () => {
  it('an event delivered on A is in B’s feed too, after the same `after`; an erasure on A drops it on B', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const [sa, sb] = signalPair();
    const a = new ConsoleDesk(clock, 200, sa);
    const b = new ConsoleDesk(clock, 200, sb);
    const start = b.since(0).last;
    const waiting = b.waitSince(start, 5_000);
    await a.notify(event('created', 'L1'));
    expect((await waiting).items).toEqual([expect.objectContaining({ kind: 'lead', event: 'created', leadId: 'L1' })]);
    // Seqs come from the clock: what A handed out orders the same on B.
    expect(b.since(0).last).toBe(a.since(0).last);
    await b.notice('微信需要重新登录');
    expect(a.since(start).items.map((i) => i.kind)).toEqual(['lead', 'notice']);
    await a.notify(event('investor_message', 'L1', '长'.repeat(2000)));
    const relayed = b.since(start).items.find((i) => i.kind === 'lead' && i.event === 'investor_message');
    expect(relayed && 'text' in relayed ? relayed.text!.length : 0).toBe(500);
    await a.notify(event('erased', 'L1'));
    expect(b.since(0).items.map((i) => (i.kind === 'lead' ? i.event : i.kind))).toEqual(['notice', 'erased']);
    // A malformed payload from the bus is ignored.
    await sa.publish('feed', 'not json');
    expect(b.since(0).items).toHaveLength(2);
    a.close();
    b.close();
  });

  it('alone (no signals) the feed counts from 1 as before', async () => {
    const d = new ConsoleDesk(new ManualClock(1_700_000_000_000));
    await d.notice('x');
    await d.notice('y');
    expect(d.since(0).items.map((i) => i.seq)).toEqual([1, 2]);
  });
});

describe('web chat wake-ups across instances', () => {
  it('a staff reply delivered on B wakes the long poll waiting on A', async () => {
    const [sa, sb] = signalPair();
    const a = new WebDeliverer(sa);
    const b = new WebDeliverer(sb);
    const waiting = a.waitFor('web-1', 5_000);
    const other = a.waitFor('web-2', 50);
    await b.deliver({ channel: 'web', conversationId: 'web-1', userId: 'web-1' }, { text: 'hi', citations: [], answered: true, handoffOffered: false, intent: 'handoff', speaker: 'staff' });
    expect(await waiting).toBe(true);
    expect(await other).toBe(false);
    a.close();
    b.close();
  });
});
