/**
 * Who may use the staff console, and as whom.
 *
 * - Staff accounts (mode 'accounts', once any active account exists): each person logs in with
 *   name + password and acts as their account; CONSOLE_TOKEN then opens nothing.
 * - Bootstrap (mode 'token': CONSOLE_TOKEN set, no account yet): the token (login or Bearer)
 *   opens the console as before, with a typed name, and lets you create the first supervisor;
 *   creating it ends every token session.
 * - Open (mode 'open': no token, no account, loopback only): as before, no login, but only for
 *   requests addressed to a loopback host name, so a DNS-rebinding page cannot reach it.
 *
 * A login is a session row in the store (a random cookie value; only its SHA-256 is stored)
 * with an expiry: it survives a restart and logout deletes it, so a replayed cookie is refused.
 * The cookie is HttpOnly and SameSite=Strict; unsafe methods also need a same-origin request
 * (Origin check) and a custom header (CSRF). Failed logins are throttled per client address
 * and, for passwords, per account name. A valid token or password is accepted even while its
 * address is locked (a flood from behind one proxy address must not lock staff out), but a
 * password is not checked at all while its account name is locked: that is what stops guessing
 * one person's password (at the price that a flood against a name locks that name for up to 15 min).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Clock, StaffMember } from '../core/ports.js';
import { isLoopback } from '../config.js';
import { FailureThrottle, memoryThrottle, safeEqual, type AsyncThrottle } from '../guard/auth.js';
import { accountMember, type StaffDirectory } from '../leads/staff-directory.js';
import type { StaffAccountRecord } from '../store/staff-types.js';
import type { StaffStore } from '../store/staff-store.js';
import { httpError } from './http-errors.js';

export const SESSION_COOKIE = 'zx_console';
/** Browsers only send this header from our own scripts (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-zx-console';

export type ConsoleMode = 'accounts' | 'token' | 'open';

/** Who a console request is. */
export interface ConsoleUser {
  mode: ConsoleMode;
  /** The signed-in account (mode 'accounts'). */
  account?: StaffAccountRecord;
  /** The lead actor: the account; undefined in bootstrap and open mode (the page sends a typed name). */
  member?: StaffMember;
  /** The session's hash (cookie logins), for logout and "end my other sessions". */
  sessionHash?: string;
}

/** Hono's variables on console routes: the signed-in user. */
export type ConsoleEnv = { Variables: { user: ConsoleUser } };

/** How the console decides who is allowed in. */
export interface ConsoleAuth {
  /** The mode right now (it changes when the first account is created). */
  mode(): Promise<ConsoleMode>;
  /** Throws unauthorized / rate_limited unless the request may use the console API; returns who it is. */
  check(c: Context, ip: string): Promise<ConsoleUser>;
  /** The request's user when it has a valid credential, else undefined (for the page). */
  current(c: Context): Promise<ConsoleUser | undefined>;
  /** Log in with the token (bootstrap); returns the cookie value to set. */
  loginToken(token: string, ip: string): Promise<string>;
  /** Log in with name + password; returns the cookie value and the account. */
  loginPassword(name: string, password: string, ip: string): Promise<{ cookie: string; account: StaffAccountRecord }>;
  /** Open a session for an account (e.g. right after the bootstrap created it). */
  openSession(accountId: number): Promise<string>;
  /** End the request's session server-side. */
  logout(c: Context): Promise<void>;
  /** How long a session lasts, in seconds (the cookie's Max-Age). */
  readonly sessionSeconds: number;
}

/** What the console's access rules are built from. */
export interface ConsoleAuthDeps {
  token: string | undefined;
  clock: Clock;
  store: StaffStore;
  directory: StaffDirectory;
  sessionHours: number;
  /**
   * Where failed logins are counted, per address and per account name: in memory by default; the
   * shared database with several instances, so a guesser cannot multiply their tries by the instances.
   */
  throttles?: { address: AsyncThrottle; name: AsyncThrottle };
}

/** The stored form of a cookie value. */
export function sessionHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** Host name of a Host header ("[::1]:3000" → "::1"). */
function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0] ?? '';
}

/** Build the console's access rules. */
export function createConsoleAuth(deps: ConsoleAuthDeps): ConsoleAuth {
  const { token, clock, store, directory } = deps;
  const sessionMs = deps.sessionHours * 3_600_000;
  // A few free attempts, then a lock-out that doubles per further failure (up to 15 min).
  const failures = deps.throttles?.address ?? memoryThrottle(new FailureThrottle({ clock }));
  const nameFailures = deps.throttles?.name ?? memoryThrottle(new FailureThrottle({ clock }));

  const fail = async (ip: string, message: string): Promise<never> => {
    await failures.fail(ip);
    throw httpError('unauthorized', message);
  };
  const refuseLockedOut = async (ip: string): Promise<void> => {
    if (!(await failures.check(ip)).ok) throw httpError('rate_limited', 'Too many failed console logins from this address; try again later');
  };

  const mode = async (): Promise<ConsoleMode> => ((await directory.activeCount()) > 0 ? 'accounts' : token ? 'token' : 'open');

  const bearer = (c: Context): string | undefined => {
    const h = c.req.header('authorization');
    return h?.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : undefined;
  };

  const csrf = (c: Context): void => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return;
    if (c.req.header(CSRF_HEADER) !== '1') throw httpError('unauthorized', `Console actions need the ${CSRF_HEADER} header`);
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let originHost = '';
      try {
        originHost = new URL(origin).host;
      } catch {
        // An unparsable Origin is treated as foreign.
      }
      if (originHost !== c.req.header('host')) throw httpError('unauthorized', 'Cross-origin console request refused');
    }
  };

  const newSession = async (accountId: number | undefined): Promise<string> => {
    const value = randomBytes(32).toString('base64url');
    const now = clock.now();
    await store.pruneConsoleSessions(now);
    await store.createConsoleSession({ tokenHash: sessionHash(value), createdAt: now, expiresAt: now + sessionMs, ...(accountId !== undefined ? { accountId } : {}) });
    return value;
  };

  /** The user a session cookie stands for, or why it does not. */
  const fromCookie = async (cookie: string, m: ConsoleMode): Promise<ConsoleUser | string> => {
    const hash = sessionHash(cookie);
    const s = await store.consoleSession(hash, clock.now());
    if (!s) return 'Console session is not valid or has ended; log in again';
    if (s.accountId === undefined) {
      // A bootstrap session: only while no account exists.
      if (m === 'accounts') return 'Staff accounts exist now: log in with your name and password';
      return { mode: m, sessionHash: hash };
    }
    const account = await store.staffAccountById(s.accountId);
    if (!account || account.disabledAt !== undefined) return 'This staff account is disabled';
    return { mode: m, account, member: accountMember(account), sessionHash: hash };
  };

  const current = async (c: Context): Promise<ConsoleUser | undefined> => {
    const m = await mode();
    if (m === 'open') return isLoopback(hostName(c.req.header('host'))) ? { mode: m } : undefined;
    const b = bearer(c);
    if (b !== undefined) return m === 'token' && safeEqual(b, token!) ? { mode: m } : undefined;
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie === undefined) return undefined;
    const u = await fromCookie(cookie, m);
    return typeof u === 'string' ? undefined : u;
  };

  return {
    mode,
    sessionSeconds: Math.round(sessionMs / 1000),
    current,
    async check(c, ip) {
      const m = await mode();
      if (m === 'open') {
        if (!isLoopback(hostName(c.req.header('host')))) throw httpError('unauthorized', 'The console without CONSOLE_TOKEN only answers on a loopback host name');
        csrf(c);
        return { mode: m };
      }
      const b = bearer(c);
      if (b !== undefined) {
        // A Bearer token is not sent by browsers on their own, so it needs no CSRF check.
        if (m === 'token' && safeEqual(b, token!)) return { mode: m };
        if (m === 'accounts') throw httpError('unauthorized', 'CONSOLE_TOKEN no longer opens the console: staff accounts exist; log in with your name and password');
        await refuseLockedOut(ip);
        await fail(ip, 'Wrong console token');
      }
      const cookie = getCookie(c, SESSION_COOKIE);
      // Only a presented credential counts as a failed attempt; a missing one is just "log in".
      if (cookie === undefined) throw httpError('unauthorized', 'Console login required');
      const u = await fromCookie(cookie, m);
      if (typeof u === 'string') {
        await refuseLockedOut(ip);
        await fail(ip, u);
      }
      csrf(c);
      return u as ConsoleUser;
    },
    async loginToken(given, ip) {
      const m = await mode();
      if (m === 'accounts') throw httpError('unauthorized', 'Staff accounts exist: log in with your name and password');
      if (m === 'open') return '';
      if (!safeEqual(given, token!)) {
        await refuseLockedOut(ip);
        await fail(ip, 'Wrong console token');
      }
      // The address's failures are not forgiven: behind a proxy they may be someone else's.
      return newSession(undefined);
    },
    async loginPassword(name, password, ip) {
      const key = name.normalize('NFC').trim().toLowerCase();
      // A name under lock-out is not even tried: people's passwords are guessable, so guessing one
      // account is what must stop. The address's lock-out, as for the token, only changes the answer
      // to a wrong attempt: a flood from behind one proxy address must not lock every colleague out.
      if (!(await nameFailures.check(key)).ok) throw httpError('rate_limited', 'Too many failed logins for this name; try again later');
      const account = await directory.authenticate(name, password);
      if (!account) {
        await nameFailures.fail(key);
        await refuseLockedOut(ip);
        await fail(ip, 'Wrong name or password');
      }
      return { cookie: await newSession(account!.id), account: account! };
    },
    openSession: (accountId) => newSession(accountId),
    async logout(c) {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie !== undefined) await store.deleteConsoleSession(sessionHash(cookie));
    },
  };
}

/** A console user as the dialog core knows them; the id is derived from the typed name. */
export function consoleStaff(name: string): StaffMember {
  return { id: `console:${name.toLowerCase().replace(/\s+/g, '-')}`, name };
}

/** The actor of a lead action: the signed-in account, else (bootstrap, open) the typed name. */
export function consoleActor(user: ConsoleUser, typed: string | undefined): StaffMember {
  if (user.member) return user.member;
  if (!typed) throw httpError('bad_request', 'Invalid body: staff: enter your name');
  return consoleStaff(typed);
}
