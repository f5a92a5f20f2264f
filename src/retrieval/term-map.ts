/**
 * English → Chinese term map learned from the glossary document at ingest, so English questions
 * can reach Chinese passages. Nothing is hard-coded: the pairs come from the knowledge base.
 */
import { americanSpelling, baseForms } from '../text/english-forms.js';
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

interface PreparedPairs {
  pairs: TermPair[];
  single: Set<string>;
}

// The pairs of an opened index, spelling-folded once (an index built before folding has "centre").
const prepared = new WeakMap<TermPair[], PreparedPairs>();

function prepare(pairs: TermPair[]): PreparedPairs {
  let p = prepared.get(pairs);
  if (!p) {
    const folded = pairs.map((x) => ({ en: x.en.map(americanSpelling), zh: x.zh }));
    p = { pairs: folded, single: new Set(folded.filter((x) => x.en.length === 1).map((x) => x.en[0]!)) };
    prepared.set(pairs, p);
  }
  return p;
}

/**
 * Chinese terms whose English phrase is fully present in the query tokens; a query word no
 * one-word wording names counts by its base forms too (leasing → lease, rental → rent).
 */
export function expandQuery(queryTokens: string[], pairs: TermPair[]): string[] {
  const { pairs: folded, single } = prepare(pairs);
  const have = new Set(queryTokens);
  for (const t of queryTokens) if (!single.has(t)) for (const b of baseForms(t)) have.add(b);
  const out = new Set<string>();
  for (const p of folded) if (p.en.every((t) => have.has(t))) out.add(p.zh);
  return [...out];
}

/**
 * The Chinese wordings of each query token, from the pairs fully present in the query (the words of
 * a phrase pair share its wording): "rental subsidy" → rental: 租房补贴, 租金; subsidy: 补贴, 租房补贴.
 * Term coverage credits a Chinese passage for an English word through them.
 */
export function translationsOf(queryTokens: string[], pairs: TermPair[]): Map<string, string[]> {
  const { pairs: folded, single } = prepare(pairs);
  const via = new Map<string, string>();
  for (const t of queryTokens) {
    via.set(t, t);
    if (!single.has(t)) for (const b of baseForms(t)) if (!via.has(b)) via.set(b, t);
  }
  const out = new Map<string, string[]>();
  for (const p of folded) {
    if (!p.en.every((t) => via.has(t))) continue;
    for (const t of p.en) {
      const q = via.get(t)!;
      const list = out.get(q) ?? [];
      if (!list.includes(p.zh)) list.push(p.zh);
      out.set(q, list);
    }
  }
  return out;
}
