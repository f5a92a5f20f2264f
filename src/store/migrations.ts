/**
 * Versioned schema: each migration runs once, in its own transaction, and is recorded in
 * `schema_migrations`, so an old database file upgrades in place on open.
 */
import type Database from 'better-sqlite3';

/** One numbered step of the schema. Append only: never edit a released migration. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Run with foreign keys off (SQLite's table-rebuild procedure): dropping a table that others
   * reference would otherwise cascade into them. Foreign keys are checked before the commit.
   */
  rebuildsTables?: boolean;
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
  {
    version: 2,
    name: 'staff accounts, console sessions; leads keep their owner after release (follow_up) and record who closed',
    rebuildsTables: true,
    sql: `
      CREATE TABLE staff_accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('staff','supervisor')),
        slack_user_id TEXT UNIQUE,
        disabled_at INTEGER,
        created_by TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE console_sessions (
        token_hash TEXT PRIMARY KEY,
        account_id INTEGER REFERENCES staff_accounts(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX console_sessions_expiry ON console_sessions(expires_at);
      CREATE INDEX console_sessions_account ON console_sessions(account_id);

      -- A CHECK constraint cannot be altered in SQLite: rebuild leads with 'follow_up' allowed.
      CREATE TABLE leads_v2 (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL REFERENCES conversations(id),
        status TEXT NOT NULL CHECK (status IN ('new','claimed','follow_up','closed')),
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
        closed_at INTEGER,
        closed_by_id TEXT,
        closed_by_name TEXT
      );
      INSERT INTO leads_v2 (id, conversation, status, fields, phone, wechat_id, person_key, owner_id, owner_name, outcome, created_at, updated_at, claimed_at, escalated_at, closed_at)
        SELECT id, conversation, status, fields, phone, wechat_id, person_key, owner_id, owner_name, outcome, created_at, updated_at, claimed_at, escalated_at, closed_at FROM leads;
      DROP TABLE leads;
      ALTER TABLE leads_v2 RENAME TO leads;
      CREATE INDEX leads_status ON leads(status, created_at);
      CREATE INDEX leads_phone ON leads(phone) WHERE phone IS NOT NULL;
      CREATE INDEX leads_wechat ON leads(wechat_id) WHERE wechat_id IS NOT NULL;
      CREATE INDEX leads_conversation ON leads(conversation);
      CREATE INDEX leads_owner ON leads(owner_id) WHERE owner_id IS NOT NULL;
    `,
  },
  // What staff taught the assistant (links, answers, off-topic examples, ignores, imports) and its audit log.
  {
    version: 3,
    name: 'taught items and their audit log',
    sql: `
      CREATE TABLE taught_items (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('link','answer','off_topic','ignore','import')),
        questions TEXT NOT NULL,
        path TEXT,
        chunk_id TEXT,
        heading_path TEXT,
        document TEXT,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        undone_at INTEGER,
        undone_by TEXT
      );
      CREATE INDEX taught_items_active ON taught_items(undone_at, created_at);
      CREATE TABLE taught_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id TEXT NOT NULL REFERENCES taught_items(id),
        action TEXT NOT NULL CHECK (action IN ('create','undo')),
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        summary TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX taught_audit_at ON taught_audit(at);
    `,
  },
  {
    version: 4,
    name: 'staff notes on leads',
    sql: `
      CREATE TABLE lead_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX lead_notes_lead ON lead_notes(lead_id, id);
    `,
  },
];

/** Apply every migration newer than the database's version; returns the versions applied. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS, now: () => number = Date.now): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around it.
    const fkWasOn = m.rebuildsTables === true && db.pragma('foreign_keys', { simple: true }) === 1;
    if (fkWasOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${m.version} would break ${broken.length} foreign key(s)`);
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
      })();
    } finally {
      if (fkWasOn) db.pragma('foreign_keys = ON');
    }
    applied.push(m.version);
  }
  return applied;
}
