/**
 * Checks a generated reply against the passages it cites before a user sees it: it must cite at
 * least one passage that exists, and every figure and every 《document title》 in it must occur in
 * the passages it cites. Markers are renumbered so `cited[n-1]` is the passage of [n].
 */
import type { Passage } from '../core/types.js';
import { extractBookTitles, extractFigures, figureSupported, MARKER, squash } from './figures.js';

/** Why a reply failed verification. */
export type VerifyFailure = 'no_citation' | 'bad_citation' | 'unsupported_figure' | 'unsupported_title';

/** Outcome of `verifyReply`. */
export type VerifyResult =
  | { ok: true; text: string; cited: Passage[] }
  | { ok: false; reason: VerifyFailure; detail: string };

/** Verify `reply` against the numbered `passages` (n = index + 1) and renumber its markers. */
export function verifyReply(reply: string, passages: Passage[]): VerifyResult {
  const order: number[] = [];
  let bad: number | undefined;
  for (const m of reply.matchAll(MARKER)) {
    for (const n of expand(m[1] ?? '')) {
      if (n < 1 || n > passages.length) bad ??= n;
      else if (!order.includes(n)) order.push(n);
    }
  }
  if (bad !== undefined) return { ok: false, reason: 'bad_citation', detail: `cites [${bad}] but only ${passages.length} passages were given` };
  if (order.length === 0) return { ok: false, reason: 'no_citation', detail: 'the reply cites no passage' };

  const cited = order.map((n) => passages[n - 1]!);
  const pool = cited.flatMap((p) => extractFigures(`${p.title}\n${p.text}`));
  for (const fig of extractFigures(reply)) {
    if (!figureSupported(fig, pool)) return { ok: false, reason: 'unsupported_figure', detail: `"${fig.raw}" is in no cited passage` };
  }
  const citedText = squash(cited.map((p) => `${p.title}\n${p.text}`).join('\n'));
  for (const title of extractBookTitles(reply)) {
    if (!citedText.includes(squash(title))) return { ok: false, reason: 'unsupported_title', detail: `《${title}》 is in no cited passage` };
  }

  const text = reply.replace(MARKER, (_, inner: string) =>
    expand(inner)
      .map((n) => `[${order.indexOf(n) + 1}]`)
      .join(''),
  );
  return { ok: true, text: text.trim(), cited };
}

/** "1, 3" → [1, 3]; "1-3" → [1, 2, 3]. */
function expand(inner: string): number[] {
  const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(inner.trim());
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b >= a && b - a < 10) return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  return inner
    .split(/[,，、\-–]/)
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n));
}
