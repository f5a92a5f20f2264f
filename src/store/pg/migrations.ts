/**
 * The versioned schema in PostgreSQL's dialect: the same versions and names as the SQLite
 * migrations (`../migrations.ts`), so both back-ends stand at the same schema version. Each step
 * runs in its own transaction and is recorded in `schema_migrations`. All of it runs under a
 * session advisory lock: two instances starting together wait for each other, and the second finds
 * everything applied. Timestamps are BIGINT milliseconds and JSON stays TEXT, as in SQLite, so the
 * row readers are the same.
 */
import type pg from 'pg';

/** One numbered step of the PostgreSQL schema. Append only, in step with `MIGRATIONS`. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** The schema, oldest first. */
export const PG_MIGRATIONS: PgMigration[] = [
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
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (channel, conversation_id)
      );
      CREATE TABLE messages (
        seq BIGSERIAL PRIMARY KEY,
        conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user','assistant','staff','system')),
        text TEXT NOT NULL,
        outbound TEXT,
        answered INTEGER,
        intent TEXT,
        platform_id TEXT,
        purged INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX messages_conversation ON messages(conversation, seq);
      CREATE INDEX messages_created ON messages(created_at);
      CREATE UNIQUE INDEX messages_platform ON messages(conversation, platform_id) WHERE platform_id IS NOT NULL;
      CREATE TABLE votes (
        message_seq BIGINT NOT NULL REFERENCES messages(seq) ON DELETE CASCADE,
        voter TEXT NOT NULL DEFAULT '',
        value INTEGER NOT NULL CHECK (value IN (1,-1)),
        at BIGINT NOT NULL,
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
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        claimed_at BIGINT,
        escalated_at BIGINT,
        closed_at BIGINT
      );
      CREATE INDEX leads_status ON leads(status, created_at);
      CREATE INDEX leads_phone ON leads(phone) WHERE phone IS NOT NULL;
      CREATE INDEX leads_wechat ON leads(wechat_id) WHERE wechat_id IS NOT NULL;
      CREATE INDEX leads_conversation ON leads(conversation);
      CREATE TABLE lead_events (
        id BIGSERIAL PRIMARY KEY,
        lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT,
        data TEXT,
        at BIGINT NOT NULL
      );
      CREATE INDEX lead_events_lead ON lead_events(lead_id, id);
      CREATE TABLE outbox (
        id BIGSERIAL PRIMARY KEY,
        desk TEXT NOT NULL,
        lead_id TEXT,
        event TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        delivered_at BIGINT,
        last_error TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX outbox_due ON outbox(delivered_at, next_attempt_at);
      CREATE TABLE kv (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (namespace, key)
      );
    `,
  },
  {
    version: 2,
    name: 'staff accounts, console sessions; leads keep their owner after release (follow_up) and record who closed',
    // PostgreSQL alters a CHECK constraint in place: no table rebuild as in SQLite.
    sql: `
      CREATE TABLE staff_accounts (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('staff','supervisor')),
        slack_user_id TEXT UNIQUE,
        disabled_at BIGINT,
        created_by TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      -- SQLite's COLLATE NOCASE: names unique regardless of ASCII case.
      CREATE UNIQUE INDEX staff_accounts_name ON staff_accounts (lower(name));
      CREATE TABLE console_sessions (
        token_hash TEXT PRIMARY KEY,
        account_id BIGINT REFERENCES staff_accounts(id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX console_sessions_expiry ON console_sessions(expires_at);
      CREATE INDEX console_sessions_account ON console_sessions(account_id);
      ALTER TABLE leads DROP CONSTRAINT leads_status_check;
      ALTER TABLE leads ADD CONSTRAINT leads_status_check CHECK (status IN ('new','claimed','follow_up','closed'));
      ALTER TABLE leads ADD COLUMN closed_by_id TEXT, ADD COLUMN closed_by_name TEXT;
      CREATE INDEX leads_owner ON leads(owner_id) WHERE owner_id IS NOT NULL;
    `,
  },
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
        created_at BIGINT NOT NULL,
        undone_at BIGINT,
        undone_by TEXT
      );
      CREATE INDEX taught_items_active ON taught_items(undone_at, created_at);
      CREATE TABLE taught_audit (
        id BIGSERIAL PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES taught_items(id),
        action TEXT NOT NULL CHECK (action IN ('create','undo')),
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        summary TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX taught_audit_at ON taught_audit(at);
    `,
  },
  {
    version: 4,
    name: 'staff notes on leads',
    sql: `
      CREATE TABLE lead_notes (
        id BIGSERIAL PRIMARY KEY,
        lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX lead_notes_lead ON lead_notes(lead_id, id);
    `,
  },
];

/**
 * The advisory lock key of migrations: one per schema (hashtext of a fixed name and the schema,
 * the pool's own when none is named; COALESCE because current_schema() is NULL while the search
 * path names a schema not created yet).
 */
const LOCK_KEY = "hashtext('zixing:migrate:' || COALESCE($1::text, current_schema(), ''))";

/**
 * Apply every migration newer than the database's version, under the migration advisory lock;
 * returns the versions this call applied (empty when another instance already did). With
 * `schema`, it is created first, under the same lock (two instances may race to create it).
 */
export async function migratePg(pool: pg.Pool, migrations: PgMigration[] = PG_MIGRATIONS, now: () => number = Date.now, schema?: string): Promise<number[]> {
  const client = await pool.connect();
  let broken: unknown;
  const key = [schema ?? null];
  try {
    await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`, key);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${pgIdentifier(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, key).catch((err: unknown) => {
        broken = err;
      });
    }
  } finally {
    // A client whose unlock failed may still hold the lock: destroy it rather than return it to the pool.
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/** A schema name as an SQL identifier; only plain lower-case names are accepted. */
export function pgIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad schema name ${name}: use lower-case letters, digits and _`);
  return `"${name}"`;
}
