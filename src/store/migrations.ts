/**
 * Versioned schema: each migration runs once, in its own transaction, and is recorded in
 * `schema_migrations`, so an old database file upgrades in place on open.
 */
import type Database from 'better-sqlite3';
import { TAUGHT_MIGRATION } from './taught-migration.js';

/** One numbered step of the schema. Append only: never edit a released migration. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The schema, oldest first. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'conversations, messages, votes, leads, events, outbox, kv',
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT,
        state TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        lang TEXT NOT NULL DEFAULT 'zh',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (channel, conversation_id)
      );
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user','assistant','staff','system')),
        text TEXT NOT NULL,
        outbound TEXT,
        answered INTEGER,
        intent TEXT,
        platform_id TEXT,
        purged INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX messages_conversation ON messages(conversation, seq);
      CREATE INDEX messages_created ON messages(created_at);
      CREATE UNIQUE INDEX messages_platform ON messages(conversation, platform_id) WHERE platform_id IS NOT NULL;
      CREATE TABLE votes (
        message_seq INTEGER NOT NULL REFERENCES messages(seq) ON DELETE CASCADE,
        voter TEXT NOT NULL DEFAULT '',
        value INTEGER NOT NULL CHECK (value IN (1,-1)),
        at INTEGER NOT NULL,
        PRIMARY KEY (message_seq, voter)
      );
      CREATE TABLE leads (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL REFERENCES conversations(id),
        status TEXT NOT NULL CHECK (status IN ('new','claimed','closed')),
        fields TEXT NOT NULL DEFAULT '{}',
        phone TEXT,
        wechat_id TEXT,
        person_key TEXT,
        owner_id TEXT,
        owner_name TEXT,
        outcome TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        claimed_at INTEGER,
        escalated_at INTEGER,
        closed_at INTEGER
      );
      CREATE INDEX leads_status ON leads(status, created_at);
      CREATE INDEX leads_phone ON leads(phone) WHERE phone IS NOT NULL;
      CREATE INDEX leads_wechat ON leads(wechat_id) WHERE wechat_id IS NOT NULL;
      CREATE INDEX leads_conversation ON leads(conversation);
      CREATE TABLE lead_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT,
        data TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX lead_events_lead ON lead_events(lead_id, id);
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        desk TEXT NOT NULL,
        lead_id TEXT,
        event TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_due ON outbox(delivered_at, next_attempt_at);
      CREATE TABLE kv (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (namespace, key)
      );
    `,
  },
  TAUGHT_MIGRATION,
];

/** Apply every migration newer than the database's version; returns the versions applied. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS, now: () => number = Date.now): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
    })();
    applied.push(m.version);
  }
  return applied;
}
