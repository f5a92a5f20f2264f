/**
 * A message cut into its sentences at sentence-final punctuation (。！？!? ; and line breaks, and a
 * full stop before a space in English), each keeping its mark. The shape of the text only.
 */
export function sentencePieces(text: string): string[] {
  return text
    .split(/(?<=[。！？!?；;\n]|\.(?=\s))/u)
    .map((s) => s.trim())
    .filter(Boolean);
}
