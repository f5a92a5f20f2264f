/**
 * English → Chinese term map learned from the glossary document at ingest, so English questions
 * can reach Chinese passages. Nothing is hard-coded: the pairs come from the knowledge base.
 */
import { tokenize } from '../text/index.js';

/** One English phrase (as stemmed tokens) and the Chinese terms it stands for. */
export interface TermPair {
  en: string[];
  zh: string;
}

const HAN = /[\u3400-\u9fff]/;

/** True for documents that look like a glossary (by path or title). */
export function isGlossary(path: string, title: string): boolean {
  return /glossar|terminolog|术语|词汇|名词解释/i.test(`${path} ${title}`);
}

/**
 * Pairs from a glossary body: each table row or list line holding a Chinese term and an English
 * phrase (separated by |, —, :, brackets or slashes) gives one pair.
 */
export function extractTermPairs(body: string): TermPair[] {
  const out: TermPair[] = [];
  for (const line of body.split('\n')) {
    if (/^\s*\|?\s*:?-{3,}/.test(line)) continue;
    const parts = line
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/\s+[—–-]+\s+/g, ' | ')
      .split(/\s*(?:\||:|：|\(|\)|（|）|\/|=|→|,|，|;|；)\s*/)
      .map((p) => p.replace(/[*_`"“”]/g, '').trim())
      .filter(Boolean);
    const zh = parts.find((p) => HAN.test(p) && p.length <= 16 && !/[a-z]/i.test(p));
    const enRaw = parts.find((p) => /^[A-Za-z][A-Za-z0-9 .'&–-]{1,80}$/.test(p) && !HAN.test(p));
    if (!zh || !enRaw) continue;
    const en = tokenize(enRaw);
    if (en.length === 0 || en.length > 8) continue;
    out.push({ en, zh });
  }
  return out;
}

/** Chinese terms whose English phrase is fully present in the query tokens. */
export function expandQuery(queryTokens: string[], pairs: TermPair[]): string[] {
  const have = new Set(queryTokens);
  const out = new Set<string>();
  for (const p of pairs) if (p.en.every((t) => have.has(t))) out.add(p.zh);
  return [...out];
}
