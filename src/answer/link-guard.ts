/**
 * The last step of every answer, whichever answerer wrote it: links to hosts outside
 * `ALLOWED_LINK_HOSTS` are removed from the text, from what is streamed, and from the cited
 * passages shown as sources. The LLM answerer already refuses such replies; the extractive one
 * quotes passages verbatim, so a phishing URL planted in a document would otherwise be quoted.
 */
import { removeDisallowedLinks } from '../core/links.js';
import type { Answer, AnswerInput, Answerer } from '../core/ports.js';

// Long enough for any URL: text after a possible link start is held back until the link ends.
const HOLD_LIMIT = 2048;
const PARTIAL_LINK = /(?:h(?:t(?:t(?:p(?:s?(?::(?:\/\/?)?)?)?)?)?)?|w(?:w(?:w\.?)?)?|\bhttps?:\/\/\S*|\bwww\.\S*)$/i;

/** An answerer whose answers carry only allowed links. */
export function withLinkAllowList(inner: Answerer, allowed: readonly string[]): Answerer {
  return {
    name: inner.name,
    async answer(input: AnswerInput, opts?: { onDelta?: (text: string) => void; signal?: AbortSignal }): Promise<Answer> {
      let held = '';
      const onDelta = opts?.onDelta;
      const forward = onDelta
        ? (delta: string) => {
            held += delta;
            // Send what cannot be part of a link still being written; keep the rest for the next delta.
            const tail = held.length > HOLD_LIMIT ? '' : (PARTIAL_LINK.exec(held)?.[0] ?? '');
            const ready = held.slice(0, held.length - tail.length);
            held = tail;
            if (ready) onDelta(removeDisallowedLinks(ready, allowed));
          }
        : undefined;
      const answer = await inner.answer(input, { ...opts, ...(forward ? { onDelta: forward } : {}) });
      if (held && onDelta) onDelta(removeDisallowedLinks(held, allowed));
      return {
        ...answer,
        text: removeDisallowedLinks(answer.text, allowed),
        cited: answer.cited.map((p) => {
          const text = removeDisallowedLinks(p.text, allowed);
          return text === p.text ? p : { ...p, text };
        }),
      };
    },
  };
}

