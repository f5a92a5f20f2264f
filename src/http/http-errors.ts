/**
 * One error path for the HTTP edge: every failure becomes `{ error: { code, message } }` with a
 * status derived from the error's code; internal details are logged, never sent.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CodedError, asCodedError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import { EN } from '../core/texts/en.js';
import { ZH } from '../core/texts/zh.js';

const STATUS: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  index_missing: 503,
};

/** The HTTP status for an error code (500 when the code is not a client error). */
export function statusFor(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code] ?? 500;
}

/** Shorthand for throwing a coded client error from a handler. */
export function httpError(code: ErrorCode, message: string): CodedError {
  return new CodedError(code, message);
}

/** The one line a client sees when a request failed on our side (the web surface is bilingual). */
export const SERVER_ERROR_MESSAGE = `${EN.web.error} ${ZH.web.error}`;

/**
 * The one error path of the HTTP edge and the web chat: any thrown value becomes its status and
 * the JSON error body; a failure on our side is logged here, once, with its cause, and the client
 * gets the polite line instead of the details. `errorResponse` (every Hono app's `onError`) and the
 * streamed chat reply (whose HTTP status is already sent) both render through it.
 */
export function errorBody(err: unknown, logger: Logger, path: string): { status: ContentfulStatusCode; error: { code: ErrorCode; message: string } } {
  const coded = asCodedError(err);
  const status = statusFor(coded.code);
  if (status >= 500) {
    logger.error('request failed', { code: coded.code, path, err: coded.cause ?? coded });
    return { status, error: { code: coded.code, message: SERVER_ERROR_MESSAGE } };
  }
  return { status, error: { code: coded.code, message: coded.message } };
}

/** Render any thrown value as the JSON error body (see `errorBody`). */
export function errorResponse(c: Context, err: unknown, logger: Logger): Response {
  const { status, error } = errorBody(err, logger, c.req.path);
  return c.json({ error }, status);
}
