/**
 * Where each 微信客服 session stands (0 未处理, 1 智能助手接待, 2 待接入池, 3 人工接待, 4 已结束),
 * as far as we know from our own transfers and WeCom's session events. In state 3 the bot may not
 * send (WeCom answers 95018) and cannot take the session back; the record lets the deliverer and
 * the desk know that without a round trip. Kept in the store: it must survive a restart.
 */
import type { KeyValueStore } from '../../core/ports.js';

/** 微信客服 service states. */
export const KF_STATE = { untreated: 0, bot: 1, pool: 2, human: 3, ended: 4 } as const;

/** A session's state and, in state 3, its servicer. */
export interface KfSession {
  state: number;
  servicer?: string;
}

const NS = 'wecom-kf:session';

/** The conversation id of a customer on an account: `kf:<open_kfid>:<external_userid>`. */
export function kfConversationId(openKfid: string, externalUserId: string): string {
  return `kf:${openKfid}:${externalUserId}`;
}

/** The account and customer of a `kf:` conversation id. */
export function parseKfConversationId(id: string): { openKfid: string; externalUserId: string } | undefined {
  const m = /^kf:([^:]+):(.+)$/.exec(id);
  return m ? { openKfid: m[1]!, externalUserId: m[2]! } : undefined;
}

/** Session records in the key-value store. */
export class KfSessions {
  constructor(private readonly kv: KeyValueStore) {}

  /** What we know of a session (state 1 by default: the bot serves until told otherwise). */
  async get(openKfid: string, externalUserId: string): Promise<KfSession> {
    return (await this.kv.get<KfSession>(NS, `${openKfid}:${externalUserId}`)) ?? { state: KF_STATE.bot };
  }

  /** Record a new state. */
  async set(openKfid: string, externalUserId: string, session: KfSession): Promise<void> {
    await this.kv.set(NS, `${openKfid}:${externalUserId}`, session);
  }
}
