/**
 * A loopback fake of the Official Account API as documented: `/cgi-bin/stable_token` issues
 * tokens, `/cgi-bin/message/custom/send` checks the token and records texts (or answers a scripted
 * errcode such as 45015 or 45047), `/cgi-bin/menu/create` records the menu.
 */
import { startJsonServer, type ApiCall } from './loopback.js';

/** The fake Official Account API. */
export class FakeMpApi {
  readonly calls: ApiCall[] = [];
  /** errcodes the next customer-service sends answer, in order. */
  readonly sendErrors: number[] = [];
  private issued = 0;
  private valid = new Set<string>();
  url = '';
  private server?: { url: string; close(): Promise<void> };

  /** Listen on 127.0.0.1:0. */
  async start(): Promise<void> {
    this.server = await startJsonServer((call) => this.handle(call), this.calls);
    this.url = this.server.url;
  }

  /** Close the server. */
  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** Forget every token issued so far (as if it expired on WeChat's side). */
  expireTokens(): void {
    this.valid.clear();
  }

  /** Texts accepted by the customer-service API, in order. */
  readonly sent: { to: string; text: string }[] = [];

  /** The stable_token calls, in order. */
  tokenCalls(): ApiCall[] {
    return this.calls.filter((c) => c.path === '/cgi-bin/stable_token');
  }

  private handle(call: ApiCall): unknown {
    if (call.path === '/cgi-bin/stable_token') {
      if (call.body.grant_type !== 'client_credential' || !call.body.appid || !call.body.secret) return { errcode: 40013, errmsg: 'invalid appid' };
      const token = `TOKEN-${++this.issued}`;
      this.valid.add(token);
      return { access_token: token, expires_in: 7200 };
    }
    if (!this.valid.has(call.query.access_token ?? '')) return { errcode: 40001, errmsg: 'invalid credential' };
    if (call.path === '/cgi-bin/message/custom/send') {
      const err = this.sendErrors.shift();
      if (err) return { errcode: err, errmsg: err === 45015 ? 'response out of time limit or subscription is canceled' : 'out of response count limit' };
      this.sent.push({ to: String(call.body.touser), text: String((call.body.text as { content: string }).content) });
      return { errcode: 0, errmsg: 'ok' };
    }
    if (call.path === '/cgi-bin/menu/create') return { errcode: 0, errmsg: 'ok' };
    return { errcode: 40066, errmsg: 'invalid url' };
  }
}
