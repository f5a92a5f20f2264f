/** Helpers for synthetic benchmark corpora: deterministic for a seed, so runs compare. */

/**
 * A synthetic chunk: a real chunk's pieces (Han runs of ≤4 characters, Latin words, punctuation)
 * with about `share` of them swapped for pieces drawn from the whole vocabulary, so a large corpus
 * keeps the topical structure of the sample instead of being uniform noise.
 */
export function perturb(pieces: string[], vocab: string[], rnd: () => number, share = 0.33): string {
  return pieces.map((w) => (rnd() < share ? vocab[Math.floor(rnd() * vocab.length)]! : w)).join('').replace(/\s+/g, '');
}

/** Split text into pieces for `perturb`. */
export function pieces(text: string): string[] {
  return text.match(/[\u4e00-\u9fff]{1,4}|[A-Za-z0-9.]+|[^\u4e00-\u9fffA-Za-z0-9.]+/g) ?? [text];
}
