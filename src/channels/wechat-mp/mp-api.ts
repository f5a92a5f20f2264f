/**
 * The Official Account API calls the channel makes: the stable access token (`/cgi-bin/stable_token`,
 * which, unlike `/cgi-bin/token`, does not invalidate the token another instance holds), the
 * customer-service text message (客服消息) and the custom menu.
 */
import type { Clock, KeyValueStore } from '../../core/ports.js';
import { callJson, errcodeOf, type FetchLike } from './api-client.js';
import { createAccessTokens, TOKEN_ERRCODES } from './access-token.js';

/** A menu button: a click sends `key` back as an event; a group holds up to five. */
export type MenuButton = { type: 'click'; name: string; key: string } | { name: string; sub_button: { type: 'click'; name: string; key: string }[] };

/** What the channel and the menu script call. */
export interface MpApi {
  /** Send a customer-service text message to `openid`. */
  sendText(openid: string, text: string): Promise<void>;
  /** Replace the custom menu. */
  createMenu(buttons: MenuButton[]): Promise<void>;
}

/** Settings of one Official Account. */
export interface MpApiOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  kv: KeyValueStore;
  clock: Clock;
  fetch?: FetchLike;
}

/** Build the API client; the token lives in `kv['wechat-mp']`. */
export function createMpApi(opts: MpApiOptions): MpApi {
  const fetchImpl = opts.fetch ?? ((url, init) => fetch(url, init));
  const tokens = createAccessTokens({
    kv: opts.kv,
    namespace: 'wechat-mp',
    clock: opts.clock,
    fetcher: async (force) => {
      const r = await callJson(fetchImpl, opts.baseUrl, 'cgi-bin/stable_token', { body: { grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret, force_refresh: force } });
      return { token: String(r.access_token ?? ''), expiresInSec: Number(r.expires_in ?? 7200) };
    },
  });

  /** POST with the token; a token WeChat refuses is replaced once. */
  const post = async (api: string, body: unknown): Promise<void> => {
    try {
      await callJson(fetchImpl, opts.baseUrl, api, { query: { access_token: await tokens.get() }, body });
    } catch (err) {
      const code = errcodeOf(err);
      if (code === undefined || !TOKEN_ERRCODES.has(code)) throw err;
      await callJson(fetchImpl, opts.baseUrl, api, { query: { access_token: await tokens.get(true) }, body });
    }
  };

  return {
    sendText: (openid, text) => post('cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content: text } }),
    createMenu: (buttons) => post('cgi-bin/menu/create', { button: buttons }),
  };
}
