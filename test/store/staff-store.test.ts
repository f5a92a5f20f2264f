/**
 * Migration 2 (staff accounts, console sessions, leads rebuilt for 'follow_up') on an existing
 * database (the staff directory over both back-ends is in store-contract.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { migrate, MIGRATIONS, openStore, type SqliteStore } from '../../src/store/index.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(path = ':memory:', clock = new ManualClock()): SqliteStore {
  const s = openStore({ path }, clock);
  stores.push(s);
  return s;
}

describe('migration 2', () => {
  it('upgrades a version-1 database in place: leads, their history and the outbox survive; follow_up is allowed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zx-mig-'));
    dirs.push(dir);
    const path = join(dir, 'assistant.db');
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    migrate(old, MIGRATIONS.filter((m) => m.version === 1));
    old.exec(`INSERT INTO conversations (id, channel, conversation_id, user_id, state, created_at, updated_at) VALUES ('wechat:c1', 'wechat', 'c1', 'u1', 'taken_over', 1, 1)`);
    old.exec(`INSERT INTO leads (id, conversation, status, fields, phone, owner_id, owner_name, created_at, updated_at, claimed_at) VALUES ('L1', 'wechat:c1', 'claimed', '{"company":"某某科技"}', '13800138000', 'console:li', '李', 1, 2, 2)`);
    old.exec(`INSERT INTO lead_events (lead_id, type, actor_id, actor_name, at) VALUES ('L1', 'created', NULL, NULL, 1), ('L1', 'claimed', 'console:li', '李', 2)`);
    old.close();

    const s = open(path);
    const versions = (s.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await s.getLead('L1')).toMatchObject({ status: 'claimed', owner: { id: 'console:li', name: '李' }, fields: { company: '某某科技' } });
    expect((await s.leadEvents('L1')).map((e) => e.type)).toEqual(['created', 'claimed']);
    expect(await s.linkedLeadIds('L1')).toEqual([]);
    await s.releaseLead('L1');
    expect(await s.getLead('L1')).toMatchObject({ status: 'follow_up', owner: { id: 'console:li' } });
    // The foreign keys still hold after the rebuild: a history entry for a missing lead is refused.
    expect(() => s.db.prepare("INSERT INTO lead_events (lead_id, type, at) VALUES ('nope', 'x', 1)").run()).toThrow(/FOREIGN KEY/);
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
