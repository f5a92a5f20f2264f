/**
 * Staff accounts as the console, the CLI and Slack use them: add, disable, change a password or
 * role, link a Slack user, and log in. Validation and hashing live here; the rows live in the
 * store. An account acts on leads as the StaffMember `staff:<id>`, with its role.
 */
import { CodedError } from '../core/errors.js';
import type { StaffMember } from '../core/ports.js';
import { hashPassword, passwordProblem, verifyPassword } from '../guard/passwords.js';
import type { StaffAccountRecord, StaffRole } from '../store/staff-types.js';
import type { StaffStore } from '../store/staff-store.js';

/** A Slack user id (U… or W… for Enterprise Grid). */
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;

/** The lead actor an account is. */
export function accountMember(a: Pick<StaffAccountRecord, 'id' | 'name' | 'role'>): StaffMember {
  return { id: `staff:${a.id}`, name: a.name, ...(a.role === 'supervisor' ? { supervisor: true } : {}) };
}

/** A staff name as typed: trimmed, 1–40 characters, no control characters or slashes. */
export function checkStaffName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!name || name.length > 40 || /[\u0000-\u001f\u007f/\\]/.test(name)) throw new CodedError('bad_request', 'a staff name is 1–40 characters, without control characters or slashes');
  return name;
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new CodedError('bad_request', problem);
}

/** The staff directory over its store. */
export interface StaffDirectory {
  add(a: { name: string; password: string; role?: StaffRole; by?: string }): Promise<StaffAccountRecord>;
  list(): Promise<StaffAccountRecord[]>;
  get(name: string): Promise<StaffAccountRecord | undefined>;
  byId(id: number): Promise<StaffAccountRecord | undefined>;
  /** Change the password; the account's other sessions end (all but `keepSession`, a session hash). */
  setPassword(name: string, password: string, keepSession?: string): Promise<StaffAccountRecord>;
  setRole(name: string, role: StaffRole): Promise<StaffAccountRecord>;
  /** Disable (sessions end) or enable an account. */
  setDisabled(name: string, disabled: boolean): Promise<StaffAccountRecord>;
  /** Link a Slack user id to the account (null unlinks). */
  linkSlack(name: string, slackUserId: string | null): Promise<StaffAccountRecord>;
  /** The active account with this name and password, else undefined (same cost either way). */
  authenticate(name: string, password: string): Promise<StaffAccountRecord | undefined>;
  /** How many accounts are active (0: the console is in bootstrap). */
  activeCount(): Promise<number>;
  /** The lead actor for a Slack user: the linked active account, else undefined. */
  memberForSlackUser(slackUserId: string): Promise<StaffMember | undefined>;
}

/** Build the directory. */
export function createStaffDirectory(store: StaffStore): StaffDirectory {
  const must = async (name: string): Promise<StaffAccountRecord> => {
    const a = await store.staffAccountByName(name.normalize('NFC').trim());
    if (!a) throw new CodedError('not_found', `no staff account named ${name}`);
    return a;
  };
  const change = async (name: string, c: Parameters<StaffStore['updateStaffAccount']>[1]): Promise<StaffAccountRecord> => {
    const a = await must(name);
    const updated = await store.updateStaffAccount(a.id, c);
    if (!updated) throw new CodedError('not_found', `no staff account named ${name}`);
    return updated;
  };
  const strip = (a: StaffAccountRecord & { passwordHash?: string }): StaffAccountRecord => {
    const { passwordHash: _omit, ...rest } = a;
    return rest;
  };

  return {
    async add({ name, password, role = 'staff', by }) {
      const clean = checkStaffName(name);
      checkPassword(password);
      const account = await store.createStaffAccount({ name: clean, passwordHash: await hashPassword(password), role, ...(by ? { createdBy: by } : {}) });
      // Bootstrap sessions (opened with CONSOLE_TOKEN) end once a real account exists.
      await store.deleteBootstrapSessions();
      return account;
    },
    list: () => store.listStaffAccounts(),
    async get(name) {
      const a = await store.staffAccountByName(name.normalize('NFC').trim());
      return a && strip(a);
    },
    byId: (id) => store.staffAccountById(id),
    async setPassword(name, password, keepSession) {
      checkPassword(password);
      const a = await change(name, { passwordHash: await hashPassword(password) });
      await store.deleteConsoleSessionsOf(a.id, keepSession);
      return a;
    },
    setRole: (name, role) => change(name, { role }),
    async setDisabled(name, disabled) {
      const a = await change(name, { disabled });
      if (disabled) await store.deleteConsoleSessionsOf(a.id);
      return a;
    },
    async linkSlack(name, slackUserId) {
      if (slackUserId !== null && !SLACK_USER.test(slackUserId)) throw new CodedError('bad_request', `not a Slack user id: ${slackUserId} (expected U… or W…)`);
      const a = await change(name, { slackUserId });
      // Leads this Slack user claimed before the link become the account's, so they stay theirs.
      if (slackUserId !== null) await store.adoptSlackLeads(slackUserId, accountMember(a));
      return a;
    },
    async authenticate(name, password) {
      const a = await store.staffAccountByName(name.normalize('NFC').trim());
      const ok = await verifyPassword(password, a?.passwordHash);
      return ok && a && a.disabledAt === undefined ? strip(a) : undefined;
    },
    activeCount: () => store.countActiveStaffAccounts(),
    async memberForSlackUser(slackUserId) {
      const a = await store.staffAccountBySlackUser(slackUserId);
      return a && a.disabledAt === undefined ? { ...accountMember(a), slackUserId } : undefined;
    },
  };
}
