/**
 * The state the server shares between instances, beyond the dialog store: taught items and their
 * audit log, the knowledge-gap log and event-id marks, on both back-ends (the same cases); and
 * what only several PostgreSQL connections show: a record updated from two instances at once
 * loses no count (login throttles), the per-conversation advisory lock orders work across
 * instances, a job runs on one instance at a time, and a signal published on one instance reaches
 * the others. Skipped locally without TEST_DATABASE_URL, failing under CI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { ledgerSeenIds } from '../../src/core/recent-ids.js';
import type { Outbound } from '../../src/core/types.js';
import { sharedThrottle } from '../../src/guard/auth.js';
import { sqliteGapLog } from '../../src/store/gap-log.js';
import { createPgCoordination, type PgCoordination } from '../../src/store/pg/coordination.js';
import { createPgGapLog } from '../../src/store/pg/gap-log.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { openPgSignals } from '../../src/store/pg/signals.js';
import { createPgTaughtLedger } from '../../src/store/pg/taught.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sqliteTaughtLedger } from '../../src/store/taught.js';
import type { GapLog, TaughtLedger } from '../../src/store/taught-port.js';
import type { Signals } from '../../src/core/ports.js';
import { backends, dropSchemas, PG_MISSING, PG_REQUIRED, schemaName, TEST_PG_URL, type Backend, type OpenedStore } from './backends.js';

const actor = { id: 'console:li', name: '李专员' };
const bot = (text: string, answered: boolean): Outbound => ({ text, citations: [], answered, handoffOffered: false, intent: 'question', speaker: 'bot' });

function ports(o: OpenedStore, clock: ManualClock): { taught: TaughtLedger; gaps: GapLog } {
  if (o.store instanceof SqliteStore) return { taught: sqliteTaughtLedger(o.store.db, clock), gaps: sqliteGapLog(o.store.db) };
  return { taught: createPgTaughtLedger((o.store as PgStore).pool, clock), gaps: createPgGapLog((o.store as PgStore).pool) };
}

if (!TEST_PG_URL && PG_REQUIRED) {
  describe('shared state on PostgreSQL', () => {
    it('runs under CI', () => {
      throw new Error(`CI=true but ${PG_MISSING}`);
    });
  });
} else if (!TEST_PG_URL) console.warn(`shared state: PostgreSQL skipped. ${PG_MISSING}`);

describe.each(backends().map((b) => [b.name, b] as [string, Backend]))('shared state on %s', (_name, backend) => {
  afterEach(() => backend.cleanup());

  it('taught items: add with an audit row, undo once (then conflict), unknown ids not_found, active oldest first', async () => {
    const clock = new ManualClock(1_000);
    const o = await backend.open(clock);
    const { taught } = ports(o, clock);
    const a = await taught.add({ kind: 'link', questions: ['停车在哪'], path: 'knowledge/service/parking.md', chunkId: 'c1', headingPath: ['停车'], actor }, 'link 1');
    clock.advance(10);
    const b = await taught.add({ kind: 'answer', questions: ['食堂几点开'], path: 'faq/canteen.md', document: '# 食堂\n七点', actor }, 'answer 1');
    await expect(taught.add({ kind: 'ignore', questions: ['  '], actor }, 'x')).rejects.toMatchObject({ code: 'bad_request' });
    expect((await taught.active()).map((i) => i.id)).toEqual([a.id, b.id]);
    expect(await taught.get(a.id)).toMatchObject({ kind: 'link', questions: ['停车在哪'], chunkId: 'c1', headingPath: ['停车'], actor, createdAt: 1_000 });
    clock.advance(10);
    expect(await taught.undo(a.id, actor)).toMatchObject({ id: a.id, undoneAt: 1_020 });
    await expect(taught.undo(a.id, actor)).rejects.toMatchObject({ code: 'conflict' });
    await expect(taught.undo('t_nope', actor)).rejects.toMatchObject({ code: 'not_found' });
    expect((await taught.active()).map((i) => i.id)).toEqual([b.id]);
    expect((await taught.audit()).map((e) => [e.itemId, e.action, e.undone])).toEqual([
      [a.id, 'undo', true],
      [b.id, 'create', false],
      [a.id, 'create', true],
    ]);
  });

  it('the gap log: an unanswered reply and a down-voted one, with the question they answered', async () => {
    const clock = new ManualClock(5_000);
    const o = await backend.open(clock);
    const { gaps } = ports(o, clock);
    const c = await o.store.ensureConversation({ channel: 'web', conversationId: 'g1', userId: 'u', lang: 'zh' });
    await o.store.addMessage({ conversation: c.id, role: 'user', text: '健身房几点开？' });
    await o.store.addMessage({ conversation: c.id, role: 'assistant', text: '没有找到', outbound: bot('没有找到', false) });
    await o.store.addMessage({ conversation: c.id, role: 'user', text: '电价多少？' });
    const seq = await o.store.addMessage({ conversation: c.id, role: 'assistant', text: '0.6元', outbound: bot('0.6元', true) });
    await o.store.vote(String(seq), -1, 'u');
    const found = await gaps.gapOccurrences(0);
    expect(found.map((g) => [g.question, g.reason])).toEqual([
      ['健身房几点开？', 'unanswered'],
      ['电价多少？', 'downvoted'],
    ]);
    expect(await gaps.gapOccurrences(6_000)).toEqual([]);
  });

  it('event-id marks: the first sighting goes on, a repeat does not; marks past their age are dropped', async () => {
    const clock = new ManualClock(10_000);
    const o = await backend.open(clock);
    const seen = ledgerSeenIds(o.store, 'slack:seen', 60_000, () => clock.now());
    expect(await seen.seenBefore('Ev1')).toBe(false);
    expect(await seen.seenBefore('Ev1')).toBe(true);
    expect(await seen.seenBefore('Ev2')).toBe(false);
    clock.advance(2 * 3_600_000);
    // The hourly clean-up runs first: Ev1 is older than a minute, so it counts as new again.
    expect(await seen.seenBefore('Ev1')).toBe(false);
  });
});

describe.skipIf(!TEST_PG_URL)('shared state across PostgreSQL instances', () => {
  const url = TEST_PG_URL!;
  const closers: (() => Promise<void>)[] = [];
  const schemas: string[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
    await dropSchemas(url, schemas.splice(0));
  });

  async function twoStores(clock = new ManualClock(1_000)): Promise<[PgStore, PgStore, string]> {
    const schema = schemaName();
    schemas.push(schema);
    const a = await PgStore.open(url, { clock, schema, max: 4 });
    const b = await PgStore.open(url, { clock, schema, max: 4 });
    closers.push(() => a.close(), () => b.close());
    return [a, b, schema];
  }

  function coordination(scope: string): PgCoordination {
    const c = createPgCoordination(url, { max: 4, scope });
    closers.push(() => c.close());
    return c;
  }

  it('a login throttle counts every failure from two instances at once, and locks on both', async () => {
    const clock = new ManualClock(1_000);
    const [a, b] = await twoStores(clock);
    const ta = sharedThrottle(a, 'console:fail', { clock, freeAttempts: 10 });
    const tb = sharedThrottle(b, 'console:fail', { clock, freeAttempts: 10 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? ta : tb).fail('10.0.0.1')));
    expect(await ta.check('10.0.0.1')).toEqual({ ok: true });
    // The eleventh failure (on either instance) is the first past the free ones: locked everywhere.
    expect((await tb.fail('10.0.0.1')).lockedForMs).toBe(1_000);
    expect(await ta.check('10.0.0.1')).toEqual({ ok: false, retryAfterMs: 1_000 });
    expect((await tb.check('10.0.0.2')).ok).toBe(true);
    clock.advance(2 * 3_600_000);
    expect(await ta.check('10.0.0.1')).toEqual({ ok: true });
  });

  it('serial: one conversation’s work runs one at a time across two instances, other conversations meanwhile', async () => {
    const [, , schema] = await twoStores();
    const [ca, cb] = [coordination(schema), coordination(schema)];
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    let firstStarted!: () => void;
    const started = new Promise<void>((r) => (firstStarted = r));
    const first = ca.serial('web:c1', async () => {
      events.push('a:start');
      firstStarted();
      await firstHeld;
      events.push('a:end');
    });
    await started;
    const second = cb.serial('web:c1', async () => {
      events.push('b:run');
    });
    // Another conversation is not held up by c1's lock.
    await cb.serial('web:c2', async () => {
      events.push('b:other');
    });
    expect(events).toEqual(['a:start', 'b:other']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['a:start', 'b:other', 'a:end', 'b:run']);
  });

  it('serial survives more waiting conversations than the lock pool has connections (no deadlock), and a failing task frees the lock', async () => {
    const [, , schema] = await twoStores();
    const c = coordination(schema);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.serial(`k${i % 6}`, async () => void order.push(i))));
    expect(order.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    await expect(c.serial('k0', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(coordination(schema).serial('k0', async () => 'next')).resolves.toBe('next');
  });

  it('exclusive: a job running on one instance is skipped on the other, and runs again once it ended', async () => {
    const [, , schema] = await twoStores();
    const [ca, cb] = [coordination(schema), coordination(schema)];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const running = ca.exclusive('escalation', async () => {
      entered();
      await held;
    });
    await inside;
    expect(await cb.exclusive('escalation', async () => {})).toBe(false);
    expect(await cb.exclusive('retention', async () => {})).toBe(true);
    release();
    expect(await running).toBe(true);
    expect(await cb.exclusive('escalation', async () => {})).toBe(true);
  });

  it('signals: a publish on one instance reaches the other once, and this instance’s own subscribers at once as local', async () => {
    const [a, b, schema] = await twoStores();
    const sa: Signals = await openPgSignals(url, a.pool, { scope: schema });
    const sb: Signals = await openPgSignals(url, b.pool, { scope: schema });
    closers.push(() => sa.close(), () => sb.close());
    const heardA: [string, boolean][] = [];
    const heardB: string[] = [];
    sa.subscribe('message', (p, local) => heardA.push([p, local]));
    let got!: () => void;
    const arrived = new Promise<void>((r) => (got = r));
    sb.subscribe('message', (p, local) => {
      expect(local).toBe(false);
      heardB.push(p);
      got();
    });
    sb.subscribe('reindex', () => heardB.push('wrong topic'));
    await sa.publish('message', 'web:c1');
    expect(heardA).toEqual([['web:c1', true]]);
    await arrived;
    // A's own signal comes back through the channel too; it must not be heard twice.
    await sb.publish('feed', 'x');
    await new Promise((r) => setTimeout(r, 100));
    expect(heardA).toEqual([['web:c1', true]]);
    expect(heardB).toEqual(['web:c1']);
    await expect(sa.publish('feed', 'x'.repeat(8000))).rejects.toMatchObject({ code: 'bad_request' });
  });
});
