/**
 * A loopback fake of the WeCom 微信客服 API as documented: gettoken; sync_msg paging from a cursor
 * over an append-only message log; send_msg refusing in states 2/3 (95018) and after scripted
 * errors (95001); send_msg_on_event; service_state/get and /trans with the documented transitions
 * (0→1/2/3/4, 1→2/3/4, 2→3/4, 3→3/4, none from 4) and 95014 for a servicer who is not active.
 */
import { startJsonServer, type ApiCall } from '../wechat-mp/loopback.js';

type Entry = Record<string, unknown> & { msgid: string };

const ALLOWED: Record<number, number[]> = { 0: [1, 2, 3, 4], 1: [2, 3, 4], 2: [3, 4], 3: [3, 4], 4: [] };

/** The fake 微信客服 API. */
export class FakeKfApi {
  readonly calls: ApiCall[] = [];
  readonly sent: { to: string; kfid: string; text: string }[] = [];
  readonly welcomes: { code: string; text: string }[] = [];
  readonly sendErrors: number[] = [];
  readonly activeServicers = new Set(['zhangsan']);
  readonly states = new Map<string, { state: number; servicer?: string }>();
  private readonly log = new Map<string, Entry[]>();
  private seq = 0;
  url = '';
  private server?: { close(): Promise<void> };

  /** Listen on 127.0.0.1:0. */
  async start(): Promise<void> {
    const s = await startJsonServer((c) => this.handle(c), this.calls);
    this.server = s;
    this.url = s.url;
  }

  /** Close the server. */
  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** A customer's text message on `kfid` (a new session after an ended one, as WeCom does). */
  customer(kfid: string, user: string, content: string): string {
    const key = `${kfid}:${user}`;
    if ((this.states.get(key)?.state ?? 4) === 4) this.states.set(key, { state: 0 });
    return this.append(kfid, { origin: 3, external_userid: user, msgtype: 'text', text: { content } });
  }

  /** Any entry (events with origin 4, servicer messages with origin 5). */
  append(kfid: string, entry: Record<string, unknown>): string {
    const msgid = `msg-${++this.seq}`;
    const list = this.log.get(kfid) ?? [];
    list.push({ msgid, open_kfid: kfid, send_time: 1767225600 + this.seq, ...entry });
    this.log.set(kfid, list);
    return msgid;
  }

  /** The sync_msg calls, in order. */
  syncCalls(): ApiCall[] {
    return this.calls.filter((c) => c.path === '/cgi-bin/kf/sync_msg');
  }

  /** The bodies of service_state/trans calls, in order. */
  transCalls(): Record<string, unknown>[] {
    return this.calls.filter((c) => c.path === '/cgi-bin/kf/service_state/trans').map((c) => c.body);
  }

  private handle(call: ApiCall): unknown {
    if (call.path === '/cgi-bin/gettoken') return call.query.corpid && call.query.corpsecret ? { errcode: 0, access_token: 'KF-TOKEN', expires_in: 7200 } : { errcode: 40013, errmsg: 'invalid corpid' };
    if (call.query.access_token !== 'KF-TOKEN') return { errcode: 40014, errmsg: 'invalid access_token' };
    const b = call.body;
    const key = `${String(b.open_kfid)}:${String(b.touser ?? b.external_userid)}`;
    switch (call.path) {
      case '/cgi-bin/kf/sync_msg': {
        const list = this.log.get(String(b.open_kfid)) ?? [];
        const from = b.cursor ? Number(b.cursor) : 0;
        const limit = Number(b.limit ?? 1000);
        const page = list.slice(from, from + Math.min(limit, 2)); // small pages, so paging is exercised
        const end = from + page.length;
        return { errcode: 0, errmsg: 'ok', next_cursor: String(end), has_more: end < list.length ? 1 : 0, msg_list: page };
      }
      case '/cgi-bin/kf/send_msg': {
        const st = this.states.get(key)?.state ?? 1;
        if (st === 2 || st === 3 || st === 4) return { errcode: 95018, errmsg: 'send msg session status invalid' };
        const err = this.sendErrors.shift();
        if (err) return { errcode: err, errmsg: 'send msg count limit' };
        this.states.set(key, { state: 1 });
        this.sent.push({ to: String(b.touser), kfid: String(b.open_kfid), text: String((b.text as { content: string }).content) });
        return { errcode: 0, errmsg: 'ok', msgid: `out-${this.sent.length}` };
      }
      case '/cgi-bin/kf/send_msg_on_event':
        this.welcomes.push({ code: String(b.code), text: String((b.text as { content: string }).content) });
        return { errcode: 0, errmsg: 'ok' };
      case '/cgi-bin/kf/service_state/get':
        return { errcode: 0, errmsg: 'ok', service_state: this.states.get(key)?.state ?? 0, servicer_userid: this.states.get(key)?.servicer ?? '' };
      case '/cgi-bin/kf/service_state/trans': {
        const from = this.states.get(key)?.state ?? 0;
        const to = Number(b.service_state);
        if (!ALLOWED[from]!.includes(to)) return { errcode: 95016, errmsg: 'invalid service state transition' };
        if (to === 3 && !this.activeServicers.has(String(b.servicer_userid ?? ''))) return { errcode: 95014, errmsg: 'servicer not activated' };
        this.states.set(key, { state: to, ...(to === 3 ? { servicer: String(b.servicer_userid) } : {}) });
        return { errcode: 0, errmsg: 'ok', msg_code: 'MSG_CODE' };
      }
      case '/cgi-bin/kf/add_contact_way':
        return { errcode: 0, errmsg: 'ok', url: `https://work.weixin.qq.com/kfid/kfc${String(b.open_kfid)}` };
      default:
        return { errcode: 404, errmsg: 'unknown api' };
    }
  }
}
