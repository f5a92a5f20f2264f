/**
 * An API access token kept in the store's key-value table, so a restart does not fetch a new one
 * and several instances share it, refreshed a few minutes before it expires. Concurrent callers in
 * this process share one refresh.
 */
import type { Clock, KeyValueStore } from '../../core/ports.js';

/** How to obtain a token; `force` asks the platform for a new one (the cached one was refused). */
export type TokenFetcher = (force: boolean) => Promise<{ token: string; expiresInSec: number }>;

/** Errcodes that mean "this token is invalid or expired": refresh once and retry. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

const REFRESH_MARGIN_MS = 5 * 60_000;

/** The cached token of one app. */
export interface AccessTokens {
  /** A token valid for a few more minutes; `force` replaces the cached one. */
  get(force?: boolean): Promise<string>;
}

/** Cache tokens from `fetcher` under `kv[namespace]['access_token']`. */
export function createAccessTokens(opts: { kv: KeyValueStore; namespace: string; clock: Clock; fetcher: TokenFetcher }): AccessTokens {
  let inFlight: Promise<string> | undefined;
  const refresh = async (force: boolean): Promise<string> => {
    const { token, expiresInSec } = await opts.fetcher(force);
    await opts.kv.set(opts.namespace, 'access_token', { token, expiresAt: opts.clock.now() + expiresInSec * 1000 });
    return token;
  };
  return {
    async get(force = false) {
      if (!force) {
        const cached = await opts.kv.get<{ token: string; expiresAt: number }>(opts.namespace, 'access_token');
        if (cached && cached.expiresAt - opts.clock.now() > REFRESH_MARGIN_MS) return cached.token;
      }
      inFlight ??= refresh(force).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
