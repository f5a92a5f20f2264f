/**
 * How the web chat receives replies: the sources are shown as expandable citations, so the plain
 * text "来源：/Sources:" footer other channels need is removed, and the retrieval passages the
 * question service attaches for logging stay on the server.
 */
import { bookTitle, citationOrigin, formatCitation, replyLang } from '../../answer/citations.js';
import { stripFooter } from '../../answer/compose.js';
import type { StoredMessage } from '../../core/ports.js';
import type { Citation, Outbound } from '../../core/types.js';

/** A citation with the words the chat shows an investor: the source line, the 《title》, its origin. */
export type WebCitation = Citation & { label: string; displayTitle: string; origin?: string };

/** An outbound as the web chat renders it. */
export function webReply(out: Outbound): Outbound {
  const { sources: _sources, ...rest } = out as Outbound & { sources?: unknown };
  if (out.citations.length === 0) return rest;
  const body = stripFooter(out.text);
  const lang = replyLang(body);
  const citations: WebCitation[] = out.citations.map((c) => {
    const origin = citationOrigin(c, lang);
    return { ...c, label: formatCitation(c, 'investor', lang), displayTitle: bookTitle(c.title, lang), ...(origin ? { origin } : {}) };
  });
  return { ...rest, text: body, citations };
}

/** A stored message as the web chat renders it. */
export function webMessage(m: StoredMessage): StoredMessage {
  if (!m.outbound) return m;
  const outbound = webReply(m.outbound);
  return { ...m, text: outbound.text, outbound };
}
