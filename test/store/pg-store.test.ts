/**
 * What only PostgreSQL has to prove: several instances (separate pools, so separate connections)
 * on one database. Migrations run once when two instances start together; of concurrent claims
 * exactly one wins; two drainers never deliver the same outbox row (FOR UPDATE SKIP LOCKED); a
 * re-delivered message stored once; a periodic job on one instance at a time. Runs on the cluster
 * of TEST_DATABASE_URL, each case in its own schema; skipped locally without it, failing under CI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { openPool } from '../../src/store/pg/db.js';
import { migratePg, PG_MIGRATIONS } from '../../src/store/pg/migrations.js';
import { PgStore } from '../../src/store/pg/pg-store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { dropSchemas, PG_MISSING, PG_REQUIRED, schemaName, TEST_PG_URL } from './backends.js';

const url = TEST_PG_URL;

if (!url && PG_REQUIRED) {
  describe('PgStore', () => {
    it('runs under CI', () => {
      throw new Error(`CI=true but ${PG_MISSING}`);
    });
  });
} else if (!url) console.warn(`PgStore: skipped. ${PG_MISSING}`);

describe.skipIf(!url)('PgStore across instances', () => {
  const stores: PgStore[] = [];
  const pools: { end(): Promise<void> }[] = [];
  const schemas: string[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const p of pools.splice(0)) await p.end();
    await dropSchemas(url!, schemas.splice(0));
  });

  /** Two instances of one schema, each with its own pool. */
  async function twoInstances(clock = new ManualClock()): Promise<[PgStore, PgStore]> {
    const schema = schemaName();
    schemas.push(schema);
    const [a, b] = await Promise.all([PgStore.open(url!, { clock, schema, max: 4 }), PgStore.open(url!, { clock, schema, max: 4 })]);
    stores.push(a, b);
    return [a, b];
  }

  it('has the same migration versions and names as the SQLite schema', () => {
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });

  it('two instances starting together migrate once, under the advisory lock', async () => {
    const schema = schemaName();
    schemas.push(schema);
    const [p1, p2] = [openPool(url!, { schema }), openPool(url!, { schema })];
    pools.push(p1, p2);
    await p1.query(`CREATE SCHEMA ${schema}`);
    const applied = await Promise.all([migratePg(p1), migratePg(p2)]);
    expect(applied.map((a) => a.length).sort()).toEqual([0, PG_MIGRATIONS.length]);
    expect((await p1.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    // A third start finds nothing to do.
    expect(await migratePg(p2)).toEqual([]);
  });

  it('a failing migration leaves nothing half-applied', async () => {
    const schema = schemaName();
    schemas.push(schema);
    const pool = openPool(url!, { schema });
    pools.push(pool);
    await pool.query(`CREATE SCHEMA ${schema}`);
    const broken = [...PG_MIGRATIONS, { version: 100, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nope FROM missing;' }];
    await expect(migratePg(pool, broken)).rejects.toThrow(/migration 100/);
    expect((await pool.query("SELECT to_regclass('half') AS t")).rows[0].t).toBeNull();
    expect((await pool.query('SELECT MAX(version) AS v FROM schema_migrations')).rows[0].v).toBe(PG_MIGRATIONS.at(-1)!.version);
    // The lock was released: the next start migrates.
    expect(await migratePg(pool, [...PG_MIGRATIONS, { version: 101, name: 'ok', sql: 'CREATE TABLE fine (x INTEGER)' }])).toEqual([101]);
  });

  it('of many claims from two instances at once exactly one wins, and only it takes the conversation over', async () => {
    const [a, b] = await twoInstances();
    const c = await a.ensureConversation({ channel: 'web', conversationId: 'c1', userId: 'u1', lang: 'zh' });
    await a.createLeadAndEnqueue({ id: 'L1', conversation: c.id, fields: {} }, (lead) => ({ type: 'created', lead: { id: lead.id } }) as never, ['log']);
    const event = (lead: { id: string }) => ({ type: 'claimed', lead: { id: lead.id } }) as never;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).claimLeadAndTakeOver('L1', { id: `s${i}`, name: `S${i}` }, event, ['log'])),
    );
    const winners = results.filter((r) => r.claimed);
    expect(winners).toHaveLength(1);
    const owner = winners[0]!.lead!.owner!.id;
    for (const r of results.filter((x) => !x.claimed)) expect(r.lead!.owner!.id).toBe(owner);
    expect(await b.getConversation(c.id)).toMatchObject({ state: 'taken_over', data: { leadId: 'L1' } });
    expect((await b.leadEvents('L1')).map((e) => e.type)).toEqual(['created', 'claimed']);
    expect((await a.outboxItems()).map((i) => i.event.type)).toEqual(['created', 'claimed']);
  });

  it('two drainers on two instances deliver each outbox row exactly once', async () => {
    const clock = new ManualClock(1_000);
    const [a, b] = await twoInstances(clock);
    const c = await a.ensureConversation({ channel: 'web', conversationId: 'c1', userId: 'u1', lang: 'zh' });
    await a.createLead({ id: 'L1', conversation: c.id, fields: {} });
    const all: number[] = [];
    for (let i = 0; i < 20; i++) all.push(...(await a.enqueue({ type: 'created', lead: { id: 'L1' } as never }, ['log', 'slack'])));
    const delivered = new Map<number, string>();
    const duplicates: number[] = [];
    async function drain(s: PgStore, name: string): Promise<void> {
      for (;;) {
        const batch = await s.claimDueOutbox(1_000, 60_000, 3);
        if (batch.length === 0) return;
        for (const item of batch) {
          if (delivered.has(item.id)) duplicates.push(item.id);
          delivered.set(item.id, name);
          // Let the other drainer run between deliveries.
          await new Promise((r) => setImmediate(r));
          await s.markDelivered(item.id);
        }
      }
    }
    await Promise.all([drain(a, 'A'), drain(b, 'B'), drain(a, 'A2'), drain(b, 'B2')]);
    expect(duplicates).toEqual([]);
    expect([...delivered.keys()].sort((x, y) => x - y)).toEqual(all);
    expect(await a.outboxItems({ pendingOnly: true })).toEqual([]);
  });

  it('skips rows another drainer holds locked instead of waiting for them', async () => {
    const [a] = await twoInstances(new ManualClock(1_000));
    const c = await a.ensureConversation({ channel: 'web', conversationId: 'c1', userId: 'u1', lang: 'zh' });
    await a.createLead({ id: 'L1', conversation: c.id, fields: {} });
    const ids = await a.enqueue({ type: 'created', lead: { id: 'L1' } as never }, ['d1', 'd2', 'd3', 'd4']);
    // Another instance is mid-claim: its transaction holds the first two rows.
    const other = await a.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM outbox WHERE id = ANY($1::bigint[]) FOR UPDATE', [ids.slice(0, 2)]);
      const got = await a.claimDueOutbox(1_000, 60_000);
      expect(got.map((i) => i.id)).toEqual(ids.slice(2));
      await other.query('ROLLBACK');
    } finally {
      other.release();
    }
    expect((await a.claimDueOutbox(1_000, 60_000)).map((i) => i.id)).toEqual(ids.slice(0, 2));
  });

  it('a message re-delivered to both instances at once is stored once; first writer wins in kv', async () => {
    const [a, b] = await twoInstances();
    // The first message of a conversation, so both instances also create the conversation at once;
    // several conversations, so the race is run more than once.
    for (const r of await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const m = { channel: 'wechat' as const, conversationId: `o${i}`, userId: `o${i}`, text: '你好', platformId: `msg-${i}` };
        return Promise.all([a.receiveMessage(m), b.receiveMessage(m)]);
      }),
    )) {
      expect(r.map((x) => x.seq).filter((s) => s !== undefined)).toHaveLength(1);
    }
    for (let i = 0; i < 12; i++) expect(await a.recentMessages(`wechat:o${i}`, 10)).toHaveLength(1);
    const wins = await Promise.all([a.setIfAbsent('wechat-dedup', 'm1', 1), b.setIfAbsent('wechat-dedup', 'm1', 2)]);
    expect(wins.sort()).toEqual([false, true]);
  });

  it('runs a periodic job on one instance at a time', async () => {
    const [a, b] = await twoInstances();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const first = a.exclusive('escalation', async () => {
      started();
      await held;
    });
    await running;
    let ranOnB = false;
    expect(await b.exclusive('escalation', async () => void (ranOnB = true))).toBe(false);
    expect(ranOnB).toBe(false);
    // Another job is not blocked by this one.
    expect(await b.exclusive('retention', async () => {})).toBe(true);
    release();
    expect(await first).toBe(true);
    expect(await b.exclusive('escalation', async () => void (ranOnB = true))).toBe(true);
    expect(ranOnB).toBe(true);
  });

  it('fails with store_failed when the database cannot be reached', async () => {
    const bad = url!.replace(/:(\d+)\//, ':1/');
    await expect(PgStore.open(bad)).rejects.toMatchObject({ code: 'store_failed' });
  });
});
