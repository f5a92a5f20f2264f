/**
 * Inbound text hygiene, applied once at the core's door for every channel: whatever a platform
 * or a client sends (binary junk, invisible characters, bidi tricks, megabytes of text) becomes
 * a clean, bounded, NFC-normalised string, or an empty one the core ignores.
 */

/** The result of cleaning one inbound text. */
export interface SanitizedText {
  /** Clean text, at most `maxChars` UTF-16 code units, never splitting a surrogate pair. */
  text: string;
  /** Content was cut to fit `maxChars`. */
  truncated: boolean;
  /** Nothing meaningful is left (non-string input, white space or invisible characters only). */
  empty: boolean;
}

// Lone surrogates: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Characters that carry no visible text and are used to hide or reorder content:
// C0/C1 controls except \t and \n (\r is turned into \n before this runs), DEL,
// soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space/joiners,
// LRM/RLM, bidi embeddings/overrides/isolates, word joiner and invisible operators,
// BOM / zero-width no-break space, interlinear annotation marks, U+FFFD (debris of bad decoding),
// the noncharacters U+FFFE/U+FFFF, and the tag block (used to smuggle hidden ASCII to LLMs).
const INVISIBLE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\uFFFD\uFFFE\uFFFF]|\uDB40[\uDC00-\uDC7F]/g;

// Horizontal white space other than a lone ASCII space or tab.
const HSPACE_RUN = /[ \t\p{Zs}]{2,}|[\p{Zs}]/gu;
// Combining-mark floods ("Zalgo" text) blow up rendering and tokenisers; real scripts need far fewer.
const MARK_FLOOD = /(\p{M}{8})\p{M}+/gu;
const MAX_PASSES = 4;

/**
 * Clean an inbound message: accepts anything (non-strings become empty), removes control,
 * invisible and bidi characters and broken UTF-16, collapses white space, NFC-normalises, trims,
 * and cuts to `maxChars` UTF-16 code units on a code-point boundary. Idempotent.
 */
export function sanitizeText(raw: unknown, maxChars: number): SanitizedText {
  const limit = Math.max(0, Math.floor(Number.isFinite(maxChars) ? maxChars : 0));
  if (typeof raw !== 'string' || raw.length === 0) return { text: '', truncated: false, empty: true };
  // Bound the work on hostile megabyte inputs: cleaning shrinks text (NFC may grow a few code
  // points slightly, never 16-fold), so this much raw input always covers `limit` clean chars
  // unless almost all of it is junk.
  const preLimit = limit * 16 + 1024;
  let s = raw.length > preLimit ? cutAt(raw, preLimit) : raw;
  const preCut = s.length < raw.length;
  let truncated = false;
  // Cutting can expose trailing white space and NFC can change length; repeat until stable so the
  // result is a fixed point (sanitize(sanitize(x)) === sanitize(x)).
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const cleaned = clean(s);
    let next = cleaned;
    if (next.length > limit) {
      next = clean(cutAt(next, limit));
      truncated = true;
    }
    const stable = next === s;
    s = next;
    if (stable) break;
  }
  // A final guard: whatever the passes did, never hand back more than the limit.
  if (s.length > limit) s = cutAt(s, limit).trimEnd();
  if (preCut && s.length > 0) truncated = true;
  return { text: s, truncated, empty: s.length === 0 };
}

/** One cleaning pass; idempotent on its own output except for length effects handled by the caller. */
function clean(input: string): string {
  let s = input.replace(LONE_SURROGATE, '');
  s = s.replace(/\r\n?|[\u2028\u2029\u0085\u000B\u000C]/g, '\n');
  s = s.replace(INVISIBLE, '');
  s = s.normalize('NFC');
  s = s.replace(MARK_FLOOD, '$1');
  s = s.replace(HSPACE_RUN, ' ');
  // White space at line ends is noise; leading spaces of a line may be indentation in pasted text.
  s = s.replace(/[ \t]+\n/g, '\n');
  // At most one empty line in a row.
  s = s.replace(/\n{3,}/g, '\n\n');
  return s.trim();
}

/** Cut to at most `n` UTF-16 code units without leaving half a surrogate pair. */
function cutAt(s: string, n: number): string {
  if (s.length <= n) return s;
  if (n <= 0) return '';
  const last = s.charCodeAt(n - 1);
  // A high surrogate at the end would lose its partner: drop it too.
  return last >= 0xd800 && last <= 0xdbff ? s.slice(0, n - 1) : s.slice(0, n);
}

/**
 * Decode UTF-8 bytes, dropping invalid sequences (overlongs, encoded surrogates, code points
 * above U+10FFFF, stray continuation bytes, truncated sequences) instead of turning them into U+FFFD.
 */
export function decodeUtf8Lossless(buf: Buffer | Uint8Array): string {
  const bytes = buf instanceof Buffer ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const keep: Buffer[] = [];
  let start = 0; // start of the current run of valid bytes
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const len = validSequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (i > start) keep.push(bytes.subarray(start, i));
    i += 1;
    start = i;
  }
  if (start === 0) return bytes.toString('utf8');
  if (n > start) keep.push(bytes.subarray(start, n));
  return Buffer.concat(keep).toString('utf8');
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629, Unicode table 3-7), or 0. */
function validSequenceLength(b: Buffer | Uint8Array, i: number): number {
  const b0 = b[i]!;
  if (b0 < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = b[i + j];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
