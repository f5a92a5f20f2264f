/**
 * Checks a generated reply against the passages it cites before a user sees it: it must cite at
 * least one passage that exists; every figure and every 《document title》 in it must occur in the
 * passages it cites; each of its sentences must rest on the passage it cites (most of its content
 * words are there); and it must not reproduce the instructions the model was given. Markers are
 * renumbered so `cited[n-1]` is the passage of [n]. With an allow-list of link hosts, a reply
 * carrying a link to any other host fails too (a planted phishing URL is not repeated).
 *
 * Callers pass passages as the model saw them (instructions planted in documents removed), so a
 * claim found only in such an instruction counts as unsupported.
 */
import { LRUCache } from 'lru-cache';
import { disallowedLinks } from '../core/links.js';
import type { Passage } from '../core/types.js';
import { contentTerms, detectLang, normalize, tokenizeNormalized, type ContentTerm } from '../text/index.js';
import { extractBookTitles, extractFigures, figureSupported, MARKER, squash, stripMarkers } from './figures.js';

/** Why a reply failed verification. */
export type VerifyFailure = 'no_citation' | 'bad_citation' | 'unsupported_figure' | 'unsupported_title' | 'prompt_echo' | 'unsupported_claim' | 'disallowed_link';

/** Outcome of `verifyReply`. */
export type VerifyResult =
  | { ok: true; text: string; cited: Passage[] }
  | { ok: false; reason: VerifyFailure; detail: string };

/** What else `verifyReply` checks against. */
export interface VerifyOptions {
  /** The fixed text of the instructions the model was given (the rendered system prompt…): never repeated in a reply. */
  instructions?: string[];
  /** Share of a cited sentence's content words its passage must hold, 0–1 (default 0.7). */
  minSupport?: number;
  /** Hosts a reply may link to (and their subdomains); when given, any other link fails the reply. */
  allowedLinkHosts?: readonly string[];
}

/**
 * Shortest run shared with the instructions that counts as repeating them: 12 characters when it
 * holds Chinese, 24 for Latin-only text, where two or three common words ("investment in") are 12.
 */
const ECHO_HAN = 12;
const ECHO_LATIN = 24;
const DEFAULT_MIN_SUPPORT = 0.7;
const HAN = /\p{Script=Han}/u;
// Every sentence is checked, however short ("免费！"), so no quoting-oriented filtering here.
const SENTENCE_END = /(?<=[。！？；!?;])|(?<=\.)(?=\s)|\n+/u;

/** Verify `reply` against the numbered `passages` (n = index + 1) and renumber its markers. */
export function verifyReply(reply: string, passages: Passage[], opts: VerifyOptions = {}): VerifyResult {
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
  if (opts.allowedLinkHosts) {
    const [link] = disallowedLinks(reply, opts.allowedLinkHosts);
    if (link !== undefined) return { ok: false, reason: 'disallowed_link', detail: `links to ${link}, a host not in ALLOWED_LINK_HOSTS` };
  }
  const echo = promptEcho(reply, opts.instructions ?? [], cited);
  if (echo !== undefined) return { ok: false, reason: 'prompt_echo', detail: `"${echo}" repeats the instructions` };

  const pool = cited.flatMap((p) => extractFigures(`${p.title}\n${p.text}`));
  for (const fig of extractFigures(reply)) {
    if (!figureSupported(fig, pool)) return { ok: false, reason: 'unsupported_figure', detail: `"${fig.raw}" is in no cited passage` };
  }
  const citedText = squash(cited.map((p) => `${p.title}\n${p.text}`).join('\n'));
  for (const title of extractBookTitles(reply)) {
    if (!citedText.includes(squash(title))) return { ok: false, reason: 'unsupported_title', detail: `《${title}》 is in no cited passage` };
  }

  const minSupport = opts.minSupport ?? DEFAULT_MIN_SUPPORT;
  for (const { text, nums } of citedSpans(reply, order)) {
    const sources = nums.map((n) => passages[n - 1]!);
    for (const sentence of text.split(SENTENCE_END)) {
      const support = sentenceSupport(sentence, sources);
      if (support < minSupport) return { ok: false, reason: 'unsupported_claim', detail: `"${sentence.trim()}" is not supported by [${nums.join(', ')}] (${support.toFixed(2)})` };
    }
  }

  const text = reply.replace(MARKER, (_, inner: string) =>
    expand(inner)
      .map((n) => `[${order.indexOf(n) + 1}]`)
      .join(''),
  );
  return { ok: true, text: text.trim(), cited };
}

/** NFKC, lower case, white space runs as one space: the form prompt echoes are compared in. */
function echoForm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ');
}

/** A run of the reply found in the instructions but in none of the cited passages; undefined when none. */
function promptEcho(reply: string, instructions: string[], cited: Passage[]): string | undefined {
  const prompts = instructions.map(echoForm).filter((p) => p.trim() !== '');
  if (prompts.length === 0) return undefined;
  const sources = echoForm(cited.map((p) => `${p.title}\n${p.headingPath.join(' ')}\n${p.text}`).join('\n'));
  const chars = [...echoForm(stripMarkers(reply))];
  for (let i = 0; i < chars.length; i++) {
    for (const len of [ECHO_HAN, ECHO_LATIN]) {
      if (i + len > chars.length) continue;
      const run = chars.slice(i, i + len).join('');
      if (len === ECHO_HAN && !HAN.test(run)) continue;
      if (prompts.some((p) => p.includes(run)) && !sources.includes(run)) return run.trim();
    }
  }
  return undefined;
}

/**
 * The reply cut at its markers: each span of text is backed by the passages of the marker group
 * that ends it ("A。B。[1][2]" → A and B rest on 1 and 2); text after the last marker rests on all
 * cited passages.
 */
function citedSpans(reply: string, order: number[]): { text: string; nums: number[] }[] {
  const spans: { text: string; nums: number[] }[] = [];
  let last = 0;
  for (const m of reply.matchAll(MARKER)) {
    const text = reply.slice(last, m.index);
    const nums = expand(m[1] ?? '');
    const prev = spans.at(-1);
    // "[1][2]" or "[1] [2]": one group.
    if (prev && text.trim() === '') prev.nums.push(...nums.filter((n) => !prev.nums.includes(n)));
    else spans.push({ text, nums });
    last = m.index + m[0].length;
  }
  const tail = reply.slice(last);
  if (tail.trim() !== '') spans.push({ text: tail, nums: order });
  return spans;
}

interface Source {
  lang: 'zh' | 'en';
  hay: string;
  tokens: Set<string>;
}

// Replies repeat passages across calls; normalising and tokenising each once saves most of the time.
const sourceCache = new LRUCache<string, Source>({ max: 2000 });

function source(p: Passage): Source {
  const key = `${p.id}\u0000${p.title}\u0000${p.text}`;
  let hit = sourceCache.get(key);
  if (!hit) {
    const hay = normalize(`${p.title} ${p.headingPath.join(' ')} ${p.text}`).toLowerCase();
    hit = { lang: p.lang ?? detectLang(p.text), hay, tokens: new Set(tokenizeNormalized(hay)) };
    sourceCache.set(key, hit);
  }
  return hit;
}

/**
 * Share (0–1) of the sentence's content words found in `passages`. Numbers are left to the figure
 * check. A word in the other language than a passage is written in (a translated answer) cannot be
 * checked word for word: it counts only when it occurs; a sentence with nothing checkable passes.
 */
function sentenceSupport(sentence: string, passages: Passage[]): number {
  const sources = passages.map(source);
  let checked = 0;
  let found = 0;
  for (const t of contentTerms(stripMarkers(sentence))) {
    if (/^[\d.,%]+$/u.test(t.term)) continue;
    const credit = Math.max(0, ...sources.map((s) => termCredit(t, s)));
    const han = HAN.test(t.term);
    const checkable = credit > 0 || sources.some((s) => (han ? s.lang === 'zh' : s.lang === 'en'));
    if (!checkable) continue;
    checked++;
    found += credit;
  }
  return checked === 0 ? 1 : found / checked;
}

/** 1 when the passage holds the word; for a compound, the share of its parts it holds. */
function termCredit(t: ContentTerm, s: Source): number {
  const han = HAN.test(t.term);
  // Latin words as whole (stemmed) tokens, so "free" is not found in "freedom".
  if (han ? s.hay.includes(t.term) : s.tokens.has(t.term)) return 1;
  if (t.parts.length === 0) return 0;
  return t.parts.filter((p) => (HAN.test(p) ? s.hay.includes(p) : s.tokens.has(p))).length / t.parts.length;
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
