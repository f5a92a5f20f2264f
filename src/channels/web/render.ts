/**
 * How the web chat receives replies: the sources are shown as expandable citations, so the plain
 * text "来源：/Sources:" footer other channels need is removed, and the retrieval passages the
 * question service attaches for logging stay on the server.
 */
import { stripFooter } from '../../answer/index.js';
import type { StoredMessage } from '../../core/ports.js';
import type { Outbound } from '../../core/types.js';

/** An outbound as the web chat renders it. */
export function webReply(out: Outbound): Outbound {
  const { sources: _sources, ...rest } = out as Outbound & { sources?: unknown };
  return out.citations.length > 0 ? { ...rest, text: stripFooter(out.text) } : rest;
}

/** A stored message as the web chat renders it. */
export function webMessage(m: StoredMessage): StoredMessage {
  if (!m.outbound) return m;
  const outbound = webReply(m.outbound);
  return { ...m, text: outbound.text, outbound };
}
