/**
 * The English → Chinese wordings in use (the glossary's pairs and the CC-CEDICT bridge built at
 * ingest, see src/ingest/word-bridge.ts): an English question's word is matched against Chinese
 * sentences through them, at the thesaurus' discount. Set when the knowledge base opens or reloads.
 */

/** One English wording (stemmed tokens) and a Chinese word it stands for. */
export interface BridgePair {
  en: readonly string[];
  zh: string;
}

let single = new Map<string, string[]>();

/** Use `pairs` from now on; only one-word English wordings are kept for term matching. */
export function useBridge(pairs: readonly BridgePair[]): void {
  const next = new Map<string, string[]>();
  for (const p of pairs) {
    if (p.en.length !== 1) continue;
    const key = p.en[0]!;
    const list = next.get(key) ?? [];
    if (!list.includes(p.zh)) list.push(p.zh);
    next.set(key, list);
  }
  single = next;
}

/** Chinese wordings of one English (stemmed) word, empty when none. */
export function bridgeAlternatives(word: string): readonly string[] {
  return single.get(word) ?? [];
}
