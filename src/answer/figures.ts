/**
 * Figures (amounts, counts, dates, percentages) found in text, with their values normalised so
 * "3.82亿", "3.82 亿元" and "382 million" compare equal. Verification and the eval metrics share it:
 * a figure in a reply is supported only when a cited passage holds the same value.
 */

/** One number found in text. */
export interface Figure {
  /** The text as matched, e.g. "3.82亿元". */
  raw: string;
  /** The number as written, before any scale word (3.82 for "3.82亿"). */
  mantissa: number;
  /** The value with the scale applied (382000000 for "3.82亿"). */
  value: number;
  /** True when a scale word (万, 亿, million…) multiplied the mantissa. */
  scaled: boolean;
  percent: boolean;
}

const SCALES: Record<string, number> = {
  万亿: 1e12,
  千亿: 1e11,
  百亿: 1e10,
  亿: 1e8,
  千万: 1e7,
  百万: 1e6,
  万: 1e4,
  trillion: 1e12,
  billion: 1e9,
  bn: 1e9,
  million: 1e6,
  mn: 1e6,
  thousand: 1e3,
};

// Digits with optional thousands separators and decimals, then an optional scale word and percent sign.
const FIGURE = /(?<![A-Za-z\d.,_])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万亿|千亿|百亿|亿|千万|百万|万|trillion|billion|million|thousand|bn|mn)?\s*(%|percent|per cent)?/giu;

/** NFKC-fold, drop white space and lower-case: the form facts and figures are compared in. */
export function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** Citation markers as models write them: [1], [1, 2], [1][2], 【1】, [1-2]. */
export const MARKER = /[[【]\s*(\d{1,2}(?:\s*[,，、\-–]\s*\d{1,2})*)\s*[\]】]/g;

/** Remove [n] citation markers so their digits are not mistaken for figures. */
export function stripMarkers(text: string): string {
  return text.replace(MARKER, ' ');
}

/** Every figure in `text` (citation markers ignored). */
export function extractFigures(text: string): Figure[] {
  const src = stripMarkers(text.normalize('NFKC'));
  const out: Figure[] = [];
  for (const m of src.matchAll(FIGURE)) {
    const intPart = (m[1] ?? '').replace(/,/g, '');
    const mantissa = Number(intPart + (m[2] ?? ''));
    if (!Number.isFinite(mantissa)) continue;
    const scaleWord = m[3]?.toLowerCase();
    const scale = scaleWord ? (SCALES[scaleWord] ?? 1) : 1;
    out.push({ raw: m[0].trim(), mantissa, value: mantissa * scale, scaled: scale !== 1, percent: Boolean(m[4]) });
  }
  return out;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * True when `fig` is backed by one of `pool`: same value after scaling, or (for a bare number
 * written without a scale word) the same number as written, so "3.82" is backed by "3.82亿元".
 */
export function figureSupported(fig: Figure, pool: Figure[]): boolean {
  return pool.some((p) => close(p.value, fig.value) || (!fig.scaled && close(p.mantissa, fig.mantissa)));
}

/** Figures of `text` that none of `sources` contains (raw strings, in order of appearance). */
export function unsupportedFigures(text: string, sources: string[]): string[] {
  const pool = sources.flatMap((s) => extractFigures(s));
  return extractFigures(text)
    .filter((f) => !figureSupported(f, pool))
    .map((f) => f.raw);
}

/** Every 《title》 in `text`, without the brackets. */
export function extractBookTitles(text: string): string[] {
  return [...text.normalize('NFKC').matchAll(/《([^《》\n]{1,80})》/g)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
}
