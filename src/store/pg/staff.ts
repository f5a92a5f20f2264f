/**
 * Staff accounts and console sessions over PostgreSQL (the ports of `../staff-types.ts`), so a
 * console session made on one instance is valid on every other. Names are unique regardless of
 * ASCII case (a unique index on lower(name), SQLite's COLLATE NOCASE).
 */
import type pg from 'pg';
import { CodedError } from '../../core/errors.js';
import type { Clock } from '../../core/ports.js';
import type { StaffStore } from '../staff-store.js';
import type { ConsoleSessionRecord } from '../staff-types.js';
import { changes, row, rows, type PgDb } from './db.js';
import { reassignOwner } from './leads.js';
import { toAccount, type AccountRow } from '../staff-accounts.js';

const UNIQUE_VIOLATION = '23505';

/** A unique violation as a `conflict`; anything else unchanged. */
function conflict(err: unknown, message: string): unknown {
  return (err as { code?: string }).code === UNIQUE_VIOLATION ? new CodedError('conflict', message, { cause: err }) : err;
}

/** Both staff ports over the PostgreSQL store's pool (already migrated by `PgStore.open`). */
export function createPgStaffStore(pool: pg.Pool, clock: Clock): StaffStore {
  const d: PgDb = { c: pool, now: () => clock.now() };
  const byName = async (name: string) => row<AccountRow>(d, 'SELECT * FROM staff_accounts WHERE lower(name) = lower($1)', [name]);
  return {
    async createStaffAccount(a) {
      const now = clock.now();
      try {
        const r = await row<AccountRow>(d, 'INSERT INTO staff_accounts (name, password_hash, role, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING *', [
          a.name,
          a.passwordHash,
          a.role,
          a.createdBy ?? null,
          now,
        ]);
        return toAccount(r!);
      } catch (err) {
        throw conflict(err, `a staff account named ${a.name} already exists`);
      }
    },
    async staffAccountByName(name) {
      const r = await byName(name);
      return r && { ...toAccount(r), passwordHash: r.password_hash };
    },
    async staffAccountById(id) {
      const r = await row<AccountRow>(d, 'SELECT * FROM staff_accounts WHERE id = $1', [id]);
      return r && toAccount(r);
    },
    async staffAccountBySlackUser(slackUserId) {
      const r = await row<AccountRow>(d, 'SELECT * FROM staff_accounts WHERE slack_user_id = $1', [slackUserId]);
      return r && toAccount(r);
    },
    async listStaffAccounts() {
      // COLLATE "C": byte order, as SQLite sorts the names.
      return (await rows<AccountRow>(d, 'SELECT * FROM staff_accounts ORDER BY lower(name) COLLATE "C", name')).map(toAccount);
    },
    async countActiveStaffAccounts() {
      return (await row<{ n: number }>(d, 'SELECT COUNT(*) AS n FROM staff_accounts WHERE disabled_at IS NULL'))!.n;
    },
    async updateStaffAccount(id, change) {
      const now = clock.now();
      const sets: string[] = [];
      const args: unknown[] = [];
      if (change.passwordHash !== undefined) sets.push(`password_hash = $${args.push(change.passwordHash)}`);
      if (change.role !== undefined) sets.push(`role = $${args.push(change.role)}`);
      if (change.slackUserId !== undefined) sets.push(`slack_user_id = $${args.push(change.slackUserId)}`);
      if (change.disabled !== undefined) sets.push(`disabled_at = $${args.push(change.disabled ? now : null)}`);
      sets.push(`updated_at = $${args.push(now)}`);
      try {
        const r = await row<AccountRow>(d, `UPDATE staff_accounts SET ${sets.join(', ')} WHERE id = $${args.push(id)} RETURNING *`, args);
        return r && toAccount(r);
      } catch (err) {
        throw conflict(err, 'that Slack user is already linked to another staff account');
      }
    },
    adoptSlackLeads: async (slackUserId, account) => reassignOwner(d, `slack:${slackUserId}`, account),
    async createConsoleSession(s: ConsoleSessionRecord) {
      await changes(d, 'INSERT INTO console_sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [s.tokenHash, s.accountId ?? null, s.createdAt, s.expiresAt]);
    },
    async consoleSession(tokenHash, now) {
      const r = await row<{ token_hash: string; account_id: number | null; created_at: number; expires_at: number }>(d, 'SELECT * FROM console_sessions WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now]);
      if (!r) return undefined;
      return { tokenHash: r.token_hash, createdAt: r.created_at, expiresAt: r.expires_at, ...(r.account_id !== null ? { accountId: r.account_id } : {}) };
    },
    async deleteConsoleSession(tokenHash) {
      await changes(d, 'DELETE FROM console_sessions WHERE token_hash = $1', [tokenHash]);
    },
    deleteConsoleSessionsOf: async (accountId, keep = '') => changes(d, 'DELETE FROM console_sessions WHERE account_id = $1 AND token_hash <> $2', [accountId, keep]),
    deleteBootstrapSessions: async () => changes(d, 'DELETE FROM console_sessions WHERE account_id IS NULL'),
    pruneConsoleSessions: async (now) => changes(d, 'DELETE FROM console_sessions WHERE expires_at <= $1', [now]),
  };
}
