/**
 * The 微信客服 callback endpoint (the WeCom admin's 回调 URL): the GET check (msg_signature over the
 * encrypted echostr, which we decrypt and echo) and encrypted POSTs. WeCom always encrypts, with
 * the CorpID as receiver. The POST is answered at once: the callback only says "pull now", and
 * the pull runs after the response (WeCom retries a callback it gets no quick answer to).
 */
import { Hono } from 'hono';
import { CodedError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { errorResponse } from '../../http/http-errors.js';
import { readBodyText } from '../../http/read-body.js';
import { signatureMatches, type MsgCrypt } from '../wechat-mp/msg-crypt.js';
import { parseWechatXml } from '../wechat-mp/xml.js';

/** What the endpoint needs. */
export interface KfCallbackOptions {
  path: string;
  token: string;
  crypt: MsgCrypt;
  maxBodyBytes: number;
  logger: Logger;
  /** The decrypted event fields; called after the response is decided, never awaited by it. */
  onEvent(fields: Record<string, string>): void;
}

/** Build the Hono app serving GET and POST on `opts.path`. */
export function createKfCallbackApp(opts: KfCallbackOptions): Hono {
  const app = new Hono();

  app.get(opts.path, (c) => {
    const q = c.req.query();
    const echostr = q.echostr ?? '';
    if (!signatureMatches(q.msg_signature, opts.token, q.timestamp ?? '', q.nonce ?? '', echostr)) throw new CodedError('unauthorized', 'bad msg_signature');
    return c.text(opts.crypt.decrypt(echostr).message);
  });

  app.post(opts.path, async (c) => {
    const q = c.req.query();
    const outer = parseWechatXml(await readBodyText(c, opts.maxBodyBytes));
    const enc = outer.Encrypt;
    if (!enc) throw new CodedError('bad_request', 'callback without Encrypt');
    if (!signatureMatches(q.msg_signature, opts.token, q.timestamp ?? '', q.nonce ?? '', enc)) throw new CodedError('unauthorized', 'bad msg_signature');
    const fields = parseWechatXml(opts.crypt.decrypt(enc).message);
    opts.onEvent(fields);
    return c.text('success');
  });

  app.notFound((c) => c.text('not found', 404));
  app.onError((err, c) => errorResponse(c, err, opts.logger));
  return app;
}
