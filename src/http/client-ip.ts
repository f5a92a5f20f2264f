/** The peer address of a request, for per-IP throttles. */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The socket's remote address. Forwarding headers are ignored on purpose: anyone can send them,
 * and trusting them would let a client pick its own throttle key.
 */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}
