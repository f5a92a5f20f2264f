/**
 * The Official Account's callback endpoint (服务器配置 → URL): the GET check that proves we hold the
 * Token, and POSTed messages in plaintext, compatible or safe mode. Signatures are checked on the
 * raw body before anything is parsed; a bad signature is 401, malformed XML 400, and the reply is
 * either passive XML (encrypted when the request was) or the bare `success` WeChat expects.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { CodedError } from '../../core/errors.js';
import type { Clock, Logger } from '../../core/ports.js';
import { errorResponse } from '../../http/http-errors.js';
import { readBodyText } from '../../http/read-body.js';
import { signatureMatches, wechatSignature, type MsgCrypt } from './msg-crypt.js';
import { buildWechatXml, parseWechatXml } from './xml.js';

/** What the endpoint needs. */
export interface MpCallbackOptions {
  path: string;
  token: string;
  /** Present when an EncodingAESKey is configured (compatible and safe mode). */
  crypt?: MsgCrypt;
  maxBodyBytes: number;
  clock: Clock;
  logger: Logger;
  /** Act on the (decrypted) fields; the text to reply passively, or undefined for `success`. */
  onMessage(fields: Record<string, string>): Promise<string | undefined>;
}

/** Build the Hono app serving GET and POST on `opts.path`. */
export function createMpCallbackApp(opts: MpCallbackOptions): Hono {
  const app = new Hono();

  app.get(opts.path, (c) => {
    const q = c.req.query();
    if (!signatureMatches(q.signature, opts.token, q.timestamp ?? '', q.nonce ?? '')) throw new CodedError('unauthorized', 'bad signature');
    return c.text(q.echostr ?? '');
  });

  app.post(opts.path, async (c) => {
    const q = c.req.query();
    const timestamp = q.timestamp ?? '';
    const nonce = q.nonce ?? '';
    // The URL signature is present in every mode; check it before reading a byte of the body.
    if (!signatureMatches(q.signature, opts.token, timestamp, nonce)) throw new CodedError('unauthorized', 'bad signature');
    const outer = parseWechatXml(await readBodyText(c, opts.maxBodyBytes));
    const encrypted = q.encrypt_type === 'aes';
    let fields = outer;
    if (encrypted) {
      if (!opts.crypt) throw new CodedError('bad_request', 'encrypted message but no WECHAT_MP_AES_KEY configured');
      const enc = outer.Encrypt;
      if (!enc || !signatureMatches(q.msg_signature, opts.token, timestamp, nonce, enc)) throw new CodedError('unauthorized', 'bad msg_signature');
      fields = parseWechatXml(opts.crypt.decrypt(enc).message);
    }
    const reply = await opts.onMessage(fields);
    if (reply === undefined) return c.text('success');
    const xml = buildWechatXml({ ToUserName: fields.FromUserName ?? '', FromUserName: fields.ToUserName ?? '', CreateTime: Math.floor(opts.clock.now() / 1000), MsgType: 'text', Content: reply });
    if (!encrypted || !opts.crypt) return c.body(xml, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
    const ts = String(Math.floor(opts.clock.now() / 1000));
    const replyNonce = randomBytes(8).toString('hex');
    const enc = opts.crypt.encrypt(xml);
    const wrapped = buildWechatXml({ Encrypt: enc, MsgSignature: wechatSignature(opts.token, ts, replyNonce, enc), TimeStamp: Number(ts), Nonce: replyNonce });
    return c.body(wrapped, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
  });

  app.notFound((c) => c.text('not found', 404));
  app.onError((err, c) => errorResponse(c, err, opts.logger));
  return app;
}
