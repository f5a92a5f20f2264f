/** What is SQLite's own: pragmas, its migration runner, durability levels, prepared statements, backup. The ports' behaviour on both back-ends is in store-contract.test.ts. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { migrate, MIGRATIONS, openStore, type SqliteStore } from '../../src/store/index.js';
import { prepared } from '../../src/store/statements.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zx-store-'));
  dirs.push(d);
  return d;
}

function open(path = ':memory:', clock = new ManualClock()): SqliteStore {
  const s = openStore({ path }, clock);
  stores.push(s);
  return s;
}

async function conversation(s: SqliteStore, id = 'c1', channel: 'wechat' | 'web' = 'wechat') {
  return s.ensureConversation({ channel, conversationId: id, userId: 'u1', lang: 'zh' });
}

describe('SqliteStore', () => {
  it('opens under DATA_DIR with WAL, synchronous=NORMAL and foreign keys, and migrates once', () => {
    const dir = tempDir();
    const s = openStore({ DATA_DIR: join(dir, 'data') });
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    s.close();
    const again = openStore({ DATA_DIR: join(dir, 'data') });
    stores.push(again);
    const versions = again.db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toHaveLength(MIGRATIONS.length);
  });

  it('applies only new migrations, each in its own transaction', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    const next = [...MIGRATIONS, { version: 99, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' }];
    expect(migrate(db, next)).toEqual([99]);
    expect(migrate(db, next)).toEqual([]);
    // A failing migration leaves nothing half-applied.
    const broken = [...next, { version: 100, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nope FROM missing;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 99 });
    db.close();
  });

  it('commits leads, their history and the outbox with synchronous=FULL, other writes with NORMAL', async () => {
    const s = open(join(tempDir(), 'assistant.db'));
    const level = () => s.db.pragma('synchronous', { simple: true });
    const c = await conversation(s);
    let during: unknown;
    // The event builder runs inside the lead's transaction: the level it sees is the commit's.
    await s.createLeadAndEnqueue({ id: 'L1', conversation: c.id, fields: {} }, (lead) => {
      during = level();
      return { type: 'created', lead: { id: lead.id } } as never;
    }, ['log']);
    expect(during).toBe(2);
    expect(level()).toBe(1);
    // A failed lead transaction puts the connection back to NORMAL too.
    await expect(
      s.createLeadAndEnqueue({ id: 'L2', conversation: c.id, fields: {} }, () => {
        throw new Error('boom');
      }, ['log']),
    ).rejects.toThrow('boom');
    expect(level()).toBe(1);
    await s.addLeadEvent({ leadId: 'L1', type: 'notified' });
    await s.markDelivered((await s.outboxItems())[0]!.id);
    expect(level()).toBe(1);
    expect((await s.leadEvents('L1')).map((e) => e.type)).toEqual(['created', 'notified']);
  });

  it('prepares each statement once per database', () => {
    const s = open();
    const sql = 'SELECT id FROM conversations WHERE id = ?';
    expect(prepared(s.db, sql)).toBe(prepared(s.db, sql));
    const other = open();
    expect(prepared(other.db, sql)).not.toBe(prepared(s.db, sql));
  });

  it('backs up to a file that opens as a copy', async () => {
    const dir = tempDir();
    const s = open(join(dir, 'assistant.db'));
    await conversation(s);
    const dest = join(dir, 'backup.db');
    await s.backup(dest);
    expect(existsSync(dest)).toBe(true);
    const copy = new Database(dest, { readonly: true });
    expect(copy.prepare('SELECT id FROM conversations').all()).toEqual([{ id: 'wechat:c1' }]);
    copy.close();
  });

  it('fails with store_failed when the database cannot be opened', () => {
    expect(() => openStore({ path: join(tempDir(), 'missing', 'dir', 'x.db') })).toThrow(expect.objectContaining({ code: 'store_failed' }));
  });
});
