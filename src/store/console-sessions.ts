/**
 * Console sessions over SQLite (`console_sessions`, migration 2). Only a hash of the cookie
 * value is stored: a copy of the database file does not hand out live sessions.
 */
import type Database from 'better-sqlite3';
import { prepared } from './statements.js';
import type { ConsoleSessionRecord } from './staff-types.js';

interface SessionRow {
  token_hash: string;
  account_id: number | null;
  created_at: number;
  expires_at: number;
}

/** Store a new session. */
export function createSession(db: Database.Database, s: ConsoleSessionRecord): void {
  prepared(db, 'INSERT INTO console_sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(s.tokenHash, s.accountId ?? null, s.createdAt, s.expiresAt);
}

/** The session when it exists and has not expired. */
export function getSession(db: Database.Database, tokenHash: string, now: number): ConsoleSessionRecord | undefined {
  const r = prepared(db, 'SELECT * FROM console_sessions WHERE token_hash = ? AND expires_at > ?').get(tokenHash, now) as SessionRow | undefined;
  if (!r) return undefined;
  return { tokenHash: r.token_hash, createdAt: r.created_at, expiresAt: r.expires_at, ...(r.account_id !== null ? { accountId: r.account_id } : {}) };
}

/** End one session. */
export function deleteSession(db: Database.Database, tokenHash: string): void {
  prepared(db, 'DELETE FROM console_sessions WHERE token_hash = ?').run(tokenHash);
}

/** End an account's sessions except `keep`; returns how many. */
export function deleteSessionsOf(db: Database.Database, accountId: number, keep = ''): number {
  return prepared(db, 'DELETE FROM console_sessions WHERE account_id = ? AND token_hash != ?').run(accountId, keep).changes;
}

/** End every session opened with the bootstrap token. */
export function deleteBootstrapSessions(db: Database.Database): number {
  return prepared(db, 'DELETE FROM console_sessions WHERE account_id IS NULL').run().changes;
}

/** Delete expired sessions; returns how many. */
export function pruneSessions(db: Database.Database, now: number): number {
  return prepared(db, 'DELETE FROM console_sessions WHERE expires_at <= ?').run(now).changes;
}
