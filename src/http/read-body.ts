/**
 * Reads a JSON request body with a hard size cap (Content-Length first, then the streamed byte
 * count, since a chunked body has no length) and validates it with a strict zod schema.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { httpError } from './http-errors.js';

/** Read at most `maxBytes` of the body; throws `payload_too_large` beyond that. */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw httpError('payload_too_large', `Request body is larger than ${maxBytes} bytes`);
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw httpError('payload_too_large', `Request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parse and validate a JSON body; 400 with the first problem named when it does not fit. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const text = await readBodyText(c, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw httpError('bad_request', 'Body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    const keys = issue && issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw httpError('bad_request', `Invalid body: ${where}${issue?.message ?? 'invalid'}${keys}`);
  }
  return parsed.data;
}
