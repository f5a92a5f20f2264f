/**
 * Staff accounts over SQLite (`staff_accounts`, migration 2): synchronous statements the
 * SqliteStore facade wraps in its async port methods.
 */
import type Database from 'better-sqlite3';
import { CodedError } from '../core/errors.js';
import { prepared } from './statements.js';
import type { StaffAccountRecord, StaffRole } from './staff-types.js';

/** A row of the table as both back-ends read it. */
export interface AccountRow {
  id: number;
  name: string;
  password_hash: string;
  role: StaffRole;
  slack_user_id: string | null;
  disabled_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** The row as the store ports return it (both back-ends). */
export function toAccount(r: AccountRow): StaffAccountRecord {
  const a: StaffAccountRecord = { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, updatedAt: r.updated_at };
  if (r.slack_user_id !== null) a.slackUserId = r.slack_user_id;
  if (r.disabled_at !== null) a.disabledAt = r.disabled_at;
  if (r.created_by !== null) a.createdBy = r.created_by;
  return a;
}

/** Insert an account; a taken name (or Slack id) is a `conflict`. */
export function createAccount(db: Database.Database, a: { name: string; passwordHash: string; role: StaffRole; createdBy?: string }, now: number): StaffAccountRecord {
  try {
    const row = prepared(db, 'INSERT INTO staff_accounts (name, password_hash, role, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *').get(
      a.name,
      a.passwordHash,
      a.role,
      a.createdBy ?? null,
      now,
      now,
    ) as AccountRow;
    return toAccount(row);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new CodedError('conflict', `a staff account named ${a.name} already exists`, { cause: err });
    throw err;
  }
}

/** The account with this name (ASCII case ignored), with its password hash. */
export function accountByName(db: Database.Database, name: string): (StaffAccountRecord & { passwordHash: string }) | undefined {
  const r = prepared(db, 'SELECT * FROM staff_accounts WHERE name = ?').get(name) as AccountRow | undefined;
  return r && { ...toAccount(r), passwordHash: r.password_hash };
}

/** The account with this id. */
export function accountById(db: Database.Database, id: number): StaffAccountRecord | undefined {
  const r = prepared(db, 'SELECT * FROM staff_accounts WHERE id = ?').get(id) as AccountRow | undefined;
  return r && toAccount(r);
}

/** The account a Slack user id is linked to. */
export function accountBySlackUser(db: Database.Database, slackUserId: string): StaffAccountRecord | undefined {
  const r = prepared(db, 'SELECT * FROM staff_accounts WHERE slack_user_id = ?').get(slackUserId) as AccountRow | undefined;
  return r && toAccount(r);
}

/** Every account, by name. */
export function listAccounts(db: Database.Database): StaffAccountRecord[] {
  return (prepared(db, 'SELECT * FROM staff_accounts ORDER BY name').all() as AccountRow[]).map(toAccount);
}

/** How many accounts are not disabled. */
export function countActiveAccounts(db: Database.Database): number {
  return (prepared(db, 'SELECT COUNT(*) AS n FROM staff_accounts WHERE disabled_at IS NULL').get() as { n: number }).n;
}

/** Apply a change to one account; undefined when it does not exist. */
export function updateAccount(
  db: Database.Database,
  id: number,
  change: { passwordHash?: string; role?: StaffRole; slackUserId?: string | null; disabled?: boolean },
  now: number,
): StaffAccountRecord | undefined {
  const sets: string[] = [];
  const args: unknown[] = [];
  if (change.passwordHash !== undefined) sets.push('password_hash = ?'), args.push(change.passwordHash);
  if (change.role !== undefined) sets.push('role = ?'), args.push(change.role);
  if (change.slackUserId !== undefined) sets.push('slack_user_id = ?'), args.push(change.slackUserId);
  if (change.disabled !== undefined) sets.push('disabled_at = ?'), args.push(change.disabled ? now : null);
  sets.push('updated_at = ?');
  args.push(now);
  try {
    // Fixed set of column combinations (at most 16), so caching these statements stays bounded.
    const row = prepared(db, `UPDATE staff_accounts SET ${sets.join(', ')} WHERE id = ? RETURNING *`).get(...args, id) as AccountRow | undefined;
    return row && toAccount(row);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new CodedError('conflict', 'that Slack user is already linked to another staff account', { cause: err });
    throw err;
  }
}
