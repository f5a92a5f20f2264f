/**
 * Migration 2 (staff accounts, console sessions, leads rebuilt for 'follow_up') on an existing
 * database, and the staff directory over the real SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createStaffDirectory } from '../../src/leads/staff-directory.js';
import { createStaffStore, migrate, MIGRATIONS, openStore, type SqliteStore } from '../../src/store/index.js';

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

describe('staff directory over SQLite', () => {
  it('adds, authenticates, disables (ending sessions), changes passwords and links Slack users', async () => {
    const clock = new ManualClock(1_000_000);
    const s = open(':memory:', clock);
    const store = createStaffStore(s.db, clock);
    const dir = createStaffDirectory(store);
    expect(await dir.activeCount()).toBe(0);
    const li = await dir.add({ name: '李专员', password: 'correct horse battery' });
    await expect(dir.add({ name: '李专员', password: 'another long one' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(dir.add({ name: 'short', password: 'abc' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(dir.add({ name: 'a/b', password: 'long enough pw' })).rejects.toMatchObject({ code: 'bad_request' });
    const stored = s.db.prepare('SELECT password_hash FROM staff_accounts WHERE id = ?').get(li.id) as { password_hash: string };
    expect(stored.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored.password_hash).not.toContain('correct horse');
    // Same password, different salt.
    const wang = await dir.add({ name: 'Wang', password: 'correct horse battery', role: 'supervisor' });
    expect((s.db.prepare('SELECT password_hash FROM staff_accounts WHERE id = ?').get(wang.id) as { password_hash: string }).password_hash).not.toBe(stored.password_hash);

    expect(await dir.authenticate('李专员', 'correct horse battery')).toMatchObject({ id: li.id, role: 'staff' });
    expect(await dir.authenticate('wang', 'correct horse battery')).toMatchObject({ id: wang.id, role: 'supervisor' });
    expect(await dir.authenticate('李专员', 'wrong horse battery')).toBeUndefined();
    expect(await dir.authenticate('nobody', 'correct horse battery')).toBeUndefined();

    await store.createConsoleSession({ tokenHash: 'h1', accountId: li.id, createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    await store.createConsoleSession({ tokenHash: 'h2', accountId: li.id, createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    await dir.setPassword('李专员', 'a new long password', 'h2');
    expect(await store.consoleSession('h1', clock.now())).toBeUndefined();
    expect(await store.consoleSession('h2', clock.now())).toMatchObject({ accountId: li.id });
    expect(await dir.authenticate('李专员', 'correct horse battery')).toBeUndefined();
    expect(await dir.authenticate('李专员', 'a new long password')).toBeDefined();
    clock.advance(1000);
    expect(await store.consoleSession('h2', clock.now())).toBeUndefined();

    await store.createConsoleSession({ tokenHash: 'h3', accountId: li.id, createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    await dir.setDisabled('李专员', true);
    expect(await store.consoleSession('h3', clock.now())).toBeUndefined();
    expect(await dir.authenticate('李专员', 'a new long password')).toBeUndefined();
    expect(await dir.activeCount()).toBe(1);

    await expect(dir.linkSlack('Wang', 'not-an-id')).rejects.toMatchObject({ code: 'bad_request' });
    // A lead Wang claimed on Slack before the link becomes the account's.
    await s.ensureConversation({ channel: 'web', conversationId: 'c1', userId: 'u1', lang: 'zh' });
    await s.createLead({ id: 'L1', conversation: 'web:c1', fields: {} });
    await s.claimLead('L1', { id: 'slack:U0WANG', name: 'Slack Wang' });
    await dir.linkSlack('Wang', 'U0WANG');
    expect((await s.getLead('L1'))!.owner).toEqual({ id: `staff:${wang.id}`, name: 'Wang' });
    expect(await dir.memberForSlackUser('U0WANG')).toEqual({ id: `staff:${wang.id}`, name: 'Wang', supervisor: true, slackUserId: 'U0WANG' });
    await expect(dir.linkSlack('李专员', 'U0WANG')).rejects.toMatchObject({ code: 'conflict' });
    expect(await dir.memberForSlackUser('U0NOBODY')).toBeUndefined();
  });
});
