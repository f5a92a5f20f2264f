/**
 * JSON calls to the WeChat and WeCom APIs, which answer HTTP 200 with `{ errcode, errmsg }` on
 * failure: one place turns a non-zero errcode into a coded error that keeps the number, so callers
 * can act on the documented ones (45015, 45047, 95001, 95014, 95018, expired tokens).
 */
import { z } from 'zod';
import { CodedError } from '../../core/errors.js';

/** A platform API answered with a non-zero errcode. */
export class PlatformApiError extends CodedError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super('channel_failed', `${api} failed: ${errcode} ${errmsg}`);
    this.name = 'PlatformApiError';
  }
}

/** The errcode of a platform error, or undefined for anything else (network, timeout). */
export function errcodeOf(err: unknown): number | undefined {
  return err instanceof PlatformApiError ? err.errcode : undefined;
}

const envelope = z.looseObject({ errcode: z.number().optional(), errmsg: z.string().optional() });

/** The fetch the clients use; tests pass nothing and point the base URL at a loopback fake. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** Call `method path` on `baseUrl` with an optional JSON body; returns the parsed JSON or throws. */
export async function callJson(fetchImpl: FetchLike, baseUrl: string, api: string, opts: { query?: Record<string, string>; body?: unknown; timeoutMs?: number } = {}): Promise<Record<string, unknown>> {
  const url = new URL(api, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetchImpl(url.toString(), {
      method: opts.body === undefined ? 'GET' : 'POST',
      headers: opts.body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new CodedError('channel_failed', `${api} unreachable: ${(err as Error).message}`, { cause: err });
  }
  if (!res.ok) throw new CodedError('channel_failed', `${api} answered HTTP ${res.status}`);
  let json: unknown;
  try {
    json = await res.json();
  } catch (err) {
    throw new CodedError('channel_failed', `${api} answered something that is not JSON`, { cause: err });
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) throw new CodedError('channel_failed', `${api} answered an unexpected shape`);
  if (parsed.data.errcode) throw new PlatformApiError(parsed.data.errcode, parsed.data.errmsg ?? '', api);
  return parsed.data;
}
