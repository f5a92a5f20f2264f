/**
 * The staff console's store ports (accounts and sessions) over the SqliteStore's database
 * handle. A separate object rather than more methods on SqliteStore: these tables are their own
 * concern, and the async port methods are thin wrappers over `staff-accounts.ts` and
 * `console-sessions.ts`.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../core/ports.js';
import { reassignOwnerRows } from './lead-ownership.js';
import { createSession, deleteBootstrapSessions, deleteSession, deleteSessionsOf, getSession, pruneSessions } from './console-sessions.js';
import { accountById, accountByName, accountBySlackUser, countActiveAccounts, createAccount, listAccounts, updateAccount } from './staff-accounts.js';
import type { ConsoleSessionStore, StaffAccountStore } from './staff-types.js';

/** Both staff ports over one database. */
export type StaffStore = StaffAccountStore & ConsoleSessionStore;

/** The staff ports over `db` (already migrated by SqliteStore). */
export function createStaffStore(db: Database.Database, clock: Clock): StaffStore {
  return {
    createStaffAccount: async (a) => createAccount(db, a, clock.now()),
    staffAccountByName: async (name) => accountByName(db, name),
    staffAccountById: async (id) => accountById(db, id),
    staffAccountBySlackUser: async (slackUserId) => accountBySlackUser(db, slackUserId),
    listStaffAccounts: async () => listAccounts(db),
    countActiveStaffAccounts: async () => countActiveAccounts(db),
    updateStaffAccount: async (id, change) => updateAccount(db, id, change, clock.now()),
    adoptSlackLeads: async (slackUserId, account) => reassignOwnerRows(db, `slack:${slackUserId}`, account, clock.now()),
    createConsoleSession: async (s) => createSession(db, s),
    consoleSession: async (hash, now) => getSession(db, hash, now),
    deleteConsoleSession: async (hash) => deleteSession(db, hash),
    deleteConsoleSessionsOf: async (accountId, keep) => deleteSessionsOf(db, accountId, keep),
    deleteBootstrapSessions: async () => deleteBootstrapSessions(db),
    pruneConsoleSessions: async (now) => pruneSessions(db, now),
  };
}
