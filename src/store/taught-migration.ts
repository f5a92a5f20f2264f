/** Migration 3: what staff taught the assistant (links, answers, off-topic examples, ignores, imports) and its audit log. */
import type { Migration } from './migrations.js';

/** Taught items and their audit log. */
export const TAUGHT_MIGRATION: Migration = {
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
};
