/**
 * The WeCom 微信客服 API calls the channel makes: the access token (`/cgi-bin/gettoken` with the
 * 微信客服 secret, kept in the store), `kf/sync_msg`, `kf/send_msg`, `kf/send_msg_on_event`,
 * `kf/service_state/get|trans` and `kf/add_contact_way`. Responses are checked with zod: the
 * platform's shapes stop here.
 */
import { z } from 'zod';
import type { Clock, KeyValueStore } from '../../core/ports.js';
import { callJson, errcodeOf, type FetchLike } from '../wechat-mp/api-client.js';
import { createAccessTokens, TOKEN_ERRCODES } from '../wechat-mp/access-token.js';

/** One entry of `kf/sync_msg`'s msg_list, as far as the channel reads it. */
export const kfEntrySchema = z.looseObject({
  msgid: z.string(),
  open_kfid: z.string().default(''),
  external_userid: z.string().optional(),
  send_time: z.number().optional(),
  /** 3 the WeChat customer, 4 a system event, 5 a servicer in the WeCom client. */
  origin: z.number(),
  servicer_userid: z.string().optional(),
  msgtype: z.string(),
  text: z.looseObject({ content: z.string().default(''), menu_id: z.string().optional() }).optional(),
  event: z
    .looseObject({
      event_type: z.string(),
      open_kfid: z.string().optional(),
      external_userid: z.string().optional(),
      welcome_code: z.string().optional(),
      change_type: z.number().optional(),
      new_servicer_userid: z.string().optional(),
      fail_msgid: z.string().optional(),
      fail_type: z.number().optional(),
    })
    .optional(),
});

/** A parsed sync entry. */
export type KfEntry = z.infer<typeof kfEntrySchema>;

const syncSchema = z.looseObject({ next_cursor: z.string().default(''), has_more: z.union([z.number(), z.boolean()]).default(0), msg_list: z.array(z.unknown()).default([]) });

/** What the channel, the desk and the link script call. */
export interface KfApi {
  syncMsg(req: { openKfid: string; cursor: string; token?: string; limit?: number }): Promise<{ entries: KfEntry[]; skipped: number; nextCursor: string; hasMore: boolean }>;
  sendText(openKfid: string, externalUserId: string, text: string): Promise<void>;
  sendWelcome(welcomeCode: string, text: string): Promise<void>;
  getState(openKfid: string, externalUserId: string): Promise<{ state: number; servicer?: string }>;
  transState(openKfid: string, externalUserId: string, state: number, servicer?: string): Promise<void>;
  addContactWay(openKfid: string, scene?: string): Promise<string>;
}

/** Build the client; the token lives in `kv['wecom-kf']`. */
export function createKfApi(opts: { baseUrl: string; corpId: string; secret: string; kv: KeyValueStore; clock: Clock; fetch?: FetchLike }): KfApi {
  const fetchImpl = opts.fetch ?? ((url, init) => fetch(url, init));
  const tokens = createAccessTokens({
    kv: opts.kv,
    namespace: 'wecom-kf',
    clock: opts.clock,
    fetcher: async () => {
      const r = await callJson(fetchImpl, opts.baseUrl, 'cgi-bin/gettoken', { query: { corpid: opts.corpId, corpsecret: opts.secret } });
      return { token: String(r.access_token ?? ''), expiresInSec: Number(r.expires_in ?? 7200) };
    },
  });
  const post = async (api: string, body: unknown): Promise<Record<string, unknown>> => {
    try {
      return await callJson(fetchImpl, opts.baseUrl, api, { query: { access_token: await tokens.get() }, body });
    } catch (err) {
      const code = errcodeOf(err);
      if (code === undefined || !TOKEN_ERRCODES.has(code)) throw err;
      return callJson(fetchImpl, opts.baseUrl, api, { query: { access_token: await tokens.get(true) }, body });
    }
  };

  return {
    async syncMsg(req) {
      const r = syncSchema.parse(await post('cgi-bin/kf/sync_msg', { cursor: req.cursor, ...(req.token ? { token: req.token } : {}), limit: req.limit ?? 1000, voice_format: 0, open_kfid: req.openKfid }));
      const entries: KfEntry[] = [];
      let skipped = 0;
      for (const raw of r.msg_list) {
        const e = kfEntrySchema.safeParse(raw);
        if (e.success) entries.push(e.data);
        else skipped++;
      }
      return { entries, skipped, nextCursor: r.next_cursor, hasMore: Boolean(r.has_more) };
    },
    sendText: async (openKfid, externalUserId, text) => void (await post('cgi-bin/kf/send_msg', { touser: externalUserId, open_kfid: openKfid, msgtype: 'text', text: { content: text } })),
    sendWelcome: async (code, text) => void (await post('cgi-bin/kf/send_msg_on_event', { code, msgtype: 'text', text: { content: text } })),
    async getState(openKfid, externalUserId) {
      const r = await post('cgi-bin/kf/service_state/get', { open_kfid: openKfid, external_userid: externalUserId });
      return { state: Number(r.service_state ?? 0), ...(r.servicer_userid ? { servicer: String(r.servicer_userid) } : {}) };
    },
    transState: async (openKfid, externalUserId, state, servicer) =>
      void (await post('cgi-bin/kf/service_state/trans', { open_kfid: openKfid, external_userid: externalUserId, service_state: state, ...(servicer ? { servicer_userid: servicer } : {}) })),
    async addContactWay(openKfid, scene) {
      const r = await post('cgi-bin/kf/add_contact_way', { open_kfid: openKfid, ...(scene ? { scene } : {}) });
      return String(r.url ?? '');
    },
  };
}
