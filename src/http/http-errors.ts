/**
 * One error path for the HTTP edge: every failure becomes `{ error: { code, message } }` with a
 * status derived from the error's code; internal details are logged, never sent.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CodedError, asCodedError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/ports.js';

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

/** Render any thrown value as the JSON error body; logs server-side failures with their cause. */
export function errorResponse(c: Context, err: unknown, logger: Logger): Response {
  const coded = asCodedError(err);
  const status = statusFor(coded.code);
  if (status >= 500) {
    logger.error('request failed', { code: coded.code, path: c.req.path, err: coded.cause ?? coded });
    return c.json({ error: { code: coded.code, message: 'Something went wrong on our side. Please try again. 抱歉，服务暂时出错，请稍后再试。' } }, status);
  }
  return c.json({ error: { code: coded.code, message: coded.message } }, status);
}
