/**
 * Reading a Slack request body before Bolt does. Bolt's HTTPReceiver parses the body and reads
 * `body.ssl_check` inside an async closure with no catch, so a correctly signed body that is valid
 * JSON but not an object (`null`, or a form `payload=null`) is an unhandled rejection that exits
 * Node. We buffer the body ourselves (with the size cap), refuse such bodies, and hand Bolt the
 * exact received bytes as `req.rawBody`, which it uses instead of reading the stream again (and
 * verifies the signature over).
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

/** Outcome of `readBody`. */
export type BodyRead = { ok: true; raw: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/** Buffer the whole body of `req`, giving up as soon as it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; the caller answers 413 and the connection is closed.
        req.pause();
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish({ ok: true, raw: Buffer.concat(chunks, size) }));
    req.once('error', () => finish({ ok: false, reason: 'aborted' }));
    req.once('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}

/**
 * True when Bolt's own body parsing (`parseHTTPRequestBody`: the `payload` field of an exact
 * `application/x-www-form-urlencoded` body, else the whole body as JSON) yields an object, the
 * only shape its receiver can handle. Slash commands (form fields without `payload`) qualify.
 */
export function boltParsesToObject(raw: Buffer, contentType: string | undefined): boolean {
  const text = raw.toString();
  // Same exact comparison as Bolt: a form type with parameters is parsed as JSON there, too.
  if (contentType === 'application/x-www-form-urlencoded') {
    const { payload } = parseQuery(text);
    if (typeof payload !== 'string') return true;
    return isPlainObject(tryJson(payload));
  }
  return isPlainObject(tryJson(text));
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
