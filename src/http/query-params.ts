/** Query-string parsing shared by the HTTP routes: a bad parameter is a 400, never a NaN downstream. */
import { httpError } from './http-errors.js';

/** Parse an integer query parameter; 400 when present but not an integer in range. */
export function intParam(raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw httpError('bad_request', `Query parameter must be an integer between ${min} and ${max}`);
  return n;
}
