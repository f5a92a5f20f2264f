/**
 * How the web chat receives replies. The chat is the investors' page: its sources are worded by
 * the shared formatter for investors (`formatCitation(…, 'investor')`: 《title》 — the original
 * source and date), and nothing that names the knowledge base's own files reaches the browser —
 * not the citation's `path`, not the raw front-matter `source` (which may name a file), not the
 * plain-text "来源：/Sources:" footer other channels need (it lists paths), not even while a reply
 * streams. The retrieval passages the question service attaches for logging stay on the server.
 */
import { bookTitle, citationOrigin, formatCitation } from '../../answer/citations.js';
import { FOOTER_HEADS, stripFooter } from '../../answer/compose.js';
import type { StoredMessage } from '../../core/ports.js';
import type { Citation, Lang, Outbound } from '../../core/types.js';
import { detectLang } from '../../text/index.js';

/** A citation as an investor's page receives it: the source line, the 《title》, its origin; no file. */
export type WebCitation = Omit<Citation, 'path' | 'source'> & { label: string; displayTitle: string; origin?: string };

/** An outbound as the web chat renders it. */
export type WebOutbound = Omit<Outbound, 'citations'> & { citations: WebCitation[] };

/** The investor's view of one citation. */
function webCitation(c: Citation, lang: Lang): WebCitation {
  const { path: _path, source: _source, ...rest } = c;
  const origin = citationOrigin(c, lang);
  return { ...rest, label: formatCitation(c, 'investor', lang), displayTitle: bookTitle(c.title, lang), ...(origin ? { origin } : {}) };
}

/** An outbound as the web chat renders it. */
export function webReply(out: Outbound): WebOutbound {
  const { sources: _sources, ...rest } = out as Outbound & { sources?: unknown };
  if (out.citations.length === 0) return { ...rest, citations: [] };
  const body = stripFooter(out.text);
  const lang = detectLang(body, 'zh');
  return { ...rest, text: body, citations: out.citations.map((c) => webCitation(c, lang)) };
}

/** A stored message as the web chat renders it. */
export function webMessage(m: StoredMessage): Omit<StoredMessage, 'outbound'> & { outbound?: WebOutbound } {
  if (!m.outbound) {
    const { outbound: _none, ...rest } = m;
    return rest;
  }
  const outbound = webReply(m.outbound);
  // A bot reply's id is its sequence number (dialog/context.ts); the stored copy predates it, and
  // without it a reloaded page or a second tab could not offer 👍/👎.
  if (m.role === 'assistant' && !outbound.messageId) outbound.messageId = String(m.seq);
  return { ...m, text: outbound.text, outbound };
}

/**
 * Filters a streamed reply for the web chat: passes the text through as it comes, but never the
 * sources footer. Text that could still turn out to be the footer's beginning is held back until
 * the next delta decides; `push` returns what may be shown now ('' while holding back).
 */
export function webDeltaFilter(): { push(delta: string): string } {
  let full = '';
  let sent = 0;
  let cut = false;
  return {
    push(delta: string): string {
      if (cut) return '';
      full += delta;
      let safe = stripFooter(full);
      if (safe.length < full.length) cut = true;
      else {
        // Hold back a tail that is the start of a footer head ("\n\n来" may become "\n\n来源：\n[1]").
        for (let k = Math.min(safe.length, Math.max(...FOOTER_HEADS.map((h) => h.length))); k > 0; k--) {
          const tail = safe.slice(safe.length - k);
          if (FOOTER_HEADS.some((h) => h.startsWith(tail))) {
            safe = safe.slice(0, safe.length - k);
            break;
          }
        }
      }
      if (safe.length <= sent) return '';
      const out = safe.slice(sent);
      sent = safe.length;
      return out;
    },
  };
}
