/**
 * Event handlers of the Wechaty bot must never reject: an unhandled rejection would take the
 * whole server down for one bad message. Same idea as wechaty-puppet's `wrapAsync`.
 */
import { asCodedError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';

/** Wrap an async handler so a rejection is logged (with its code) instead of escaping. */
export function wrapAsync<A extends unknown[]>(logger: Logger, what: string, fn: (...args: A) => Promise<void> | void): (...args: A) => void {
  return (...args: A) => {
    try {
      const p = fn(...args);
      if (p && typeof (p as Promise<void>).catch === 'function') {
        (p as Promise<void>).catch((err: unknown) => logFailure(logger, what, err));
      }
    } catch (err) {
      logFailure(logger, what, err);
    }
  };
}

function logFailure(logger: Logger, what: string, err: unknown): void {
  const e = asCodedError(err);
  // "wechat <word>" would read as a labelled WeChat id to the log's masking: the event goes in a field.
  logger.error('wechat event handler failed', { event: what, code: e.code, err: e });
}
