/**
 * The text of a chunk as it is embedded and indexed. Ingest writes it and the hybrid retriever
 * re-reads it to build BM25, so the format lives here, in the lower of the two layers.
 */

/** The text that is embedded and indexed: title and heading path first, so a chunk describes itself. */
export function indexedText(title: string, headingPath: string[], body: string): string {
  const head = [title, ...headingPath].filter(Boolean).join(' > ');
  return head ? `${head}\n${body}` : body;
}
