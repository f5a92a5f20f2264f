/**
 * Who may use the staff console. With CONSOLE_TOKEN set: a Bearer token or a session cookie
 * (HttpOnly, SameSite=Strict) derived from the token, compared in constant time; failed attempts
 * are throttled per client address. A valid credential is always accepted: a flood of wrong ones
 * (from anyone, or through a proxy that makes everyone one address) must not lock staff out. The
 * lock-out turns further wrong attempts into 429s; guessing itself is kept out of reach by the
 * token's length (at least 16 characters, checked at start). Without a token (allowed on loopback only) the console is open, but only
 * to requests addressed to a loopback host name, so a DNS-rebinding page cannot reach it.
 * Unsafe methods also need a same-origin request (Origin check) and a custom header (CSRF).
 */
import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Clock } from '../core/ports.js';
import { isLoopback } from '../config.js';
import { FailureThrottle, safeEqual } from '../guard/auth.js';
import { httpError } from './http-errors.js';

export const SESSION_COOKIE = 'zx_console';
/** Browsers only send this header from our own scripts (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-zx-console';

/** How the console decides who is allowed in. */
export interface ConsoleAuth {
  /** 'token' when CONSOLE_TOKEN is set; 'open' on loopback without one. */
  readonly mode: 'token' | 'open';
  /** Throws unauthorized / rate_limited unless the request may use the console API. */
  check(c: Context, ip: string): void;
  /** Check a login attempt; returns the cookie value to set. */
  login(token: string, ip: string): string;
  /** True when the request carries a valid session (for the page to decide what to show). */
  authenticated(c: Context): boolean;
}

/** The cookie value for a token: an HMAC, so the token itself never sits in a cookie jar. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('zx-console-session-v1').digest('base64url');
}

/** Host name of a Host header ("[::1]:3000" → "::1"). */
function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0] ?? '';
}

/** Build the console's access rules from the configured token. */
export function createConsoleAuth(token: string | undefined, clock: Clock): ConsoleAuth {
  // A few free attempts, then a lock-out that doubles per further failure (up to 15 min).
  const failures = new FailureThrottle({ clock });
  const expectedSession = token ? sessionValue(token) : undefined;

  const fail = (ip: string, message: string): never => {
    failures.fail(ip);
    throw httpError('unauthorized', message);
  };
  const refuseLockedOut = (ip: string): void => {
    if (!failures.check(ip).ok) throw httpError('rate_limited', 'Too many failed console logins from this address; try again later');
  };

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

  return {
    mode: token ? 'token' : 'open',
    check(c, ip) {
      if (!token) {
        if (!isLoopback(hostName(c.req.header('host')))) throw httpError('unauthorized', 'The console without CONSOLE_TOKEN only answers on a loopback host name');
        csrf(c);
        return;
      }
      const b = bearer(c);
      if (b !== undefined) {
        // A Bearer token is not sent by browsers on their own, so it needs no CSRF check.
        if (safeEqual(b, token)) return;
        refuseLockedOut(ip);
        fail(ip, 'Wrong console token');
      }
      const cookie = getCookie(c, SESSION_COOKIE);
      // Only a presented credential counts as a failed attempt; a missing one is just "log in".
      if (cookie === undefined) throw httpError('unauthorized', 'Console login required');
      if (!safeEqual(cookie, expectedSession!)) {
        refuseLockedOut(ip);
        fail(ip, 'Console session is not valid; log in again');
      }
      csrf(c);
    },
    login(given, ip) {
      if (!token) return '';
      if (!safeEqual(given, token)) {
        refuseLockedOut(ip);
        fail(ip, 'Wrong console token');
      }
      // The address's failures are not forgiven: behind a proxy they may be someone else's.
      return expectedSession!;
    },
    authenticated(c) {
      if (!token) return true;
      const cookie = getCookie(c, SESSION_COOKIE);
      const b = bearer(c);
      return (cookie !== undefined && safeEqual(cookie, expectedSession!)) || (b !== undefined && safeEqual(b, token));
    },
  };
}
