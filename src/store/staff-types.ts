/**
 * Store interfaces for staff accounts and console sessions (migration 2). Kept apart from
 * `types.ts` so the staff console's tables stay one concern; async like every store port, so a
 * PostgreSQL store can implement them.
 */

/** A supervisor may manage accounts, claim a colleague's follow-up lead and close any lead. */
export type StaffRole = 'staff' | 'supervisor';

/** A staff account as stored (the password hash never leaves the store except for verification). */
export interface StaffAccountRecord {
  id: number;
  name: string;
  role: StaffRole;
  slackUserId?: string;
  disabledAt?: number;
  createdBy?: string;
  createdAt: number;
  updatedAt: number;
}

/** A console session: the hash of the cookie value, whose account, until when. */
export interface ConsoleSessionRecord {
  tokenHash: string;
  /** Absent for a bootstrap session opened with CONSOLE_TOKEN before any account existed. */
  accountId?: number;
  createdAt: number;
  expiresAt: number;
}

/** Staff accounts. Names are unique regardless of ASCII case. */
export interface StaffAccountStore {
  createStaffAccount(a: { name: string; passwordHash: string; role: StaffRole; createdBy?: string }): Promise<StaffAccountRecord>;
  staffAccountByName(name: string): Promise<(StaffAccountRecord & { passwordHash: string }) | undefined>;
  staffAccountById(id: number): Promise<StaffAccountRecord | undefined>;
  staffAccountBySlackUser(slackUserId: string): Promise<StaffAccountRecord | undefined>;
  listStaffAccounts(): Promise<StaffAccountRecord[]>;
  /** How many accounts are not disabled. */
  countActiveStaffAccounts(): Promise<number>;
  /** Change an account; returns it as updated, undefined when there is no such account. */
  updateStaffAccount(id: number, change: { passwordHash?: string; role?: StaffRole; slackUserId?: string | null; disabled?: boolean }): Promise<StaffAccountRecord | undefined>;
  /** Make the account the owner of the open leads a Slack user claimed before being linked to it; returns how many. */
  adoptSlackLeads(slackUserId: string, account: { id: string; name: string }): Promise<number>;
}

/** Console sessions, so they survive a restart and logout ends them for good. */
export interface ConsoleSessionStore {
  createConsoleSession(s: ConsoleSessionRecord): Promise<void>;
  /** The session when it exists and has not expired at `now`. */
  consoleSession(tokenHash: string, now: number): Promise<ConsoleSessionRecord | undefined>;
  deleteConsoleSession(tokenHash: string): Promise<void>;
  /** End every session of an account (disabled, password changed), except `keep`. Returns how many. */
  deleteConsoleSessionsOf(accountId: number, keep?: string): Promise<number>;
  /** End every bootstrap (token) session, e.g. once the first account exists. */
  deleteBootstrapSessions(): Promise<number>;
  pruneConsoleSessions(now: number): Promise<number>;
}
