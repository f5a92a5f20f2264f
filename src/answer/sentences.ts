/**
 * Cutting passages into sentences a reply can quote verbatim, with Markdown furniture removed,
 * and spotting sentences that only say what a document does *not* contain.
 */
import { normalize } from '../text/index.js';
import { structureUnits, tableCells, type RawSentence } from './clause-units.js';
import { looksLikeInjection } from './planted-instructions.js';

/** A quotable sentence of a passage: `text` is shown, `norm` is matched. */
export interface SourceSentence {
  text: string;
  norm: string;
  /** Position in the passage, from 0. */
  index: number;
  /** States a gap or refers the reader elsewhere ("…没有介绍", "请咨询…"): never an answer. */
  negative: boolean;
  /** The lead-in above an item or table row (normalised), read as its context. */
  intro?: string;
  /** A lead-in whose items are quoted separately: context, never quoted alone. */
  leadOnly?: boolean;
  /** A lead-in with its items, or a table row: quoted whole. */
  whole?: boolean;
  /** Of a lead-in kept whole with its items: the lead-in and each item, normalised (see `clause-units.ts`). */
  parts?: { lead: string; items: string[] };
}

// Chinese terminators end a sentence anywhere; ASCII ones only before white space or the end, so 3.82 survives.
// Zero-width within a line, so the pieces of a line join back to it exactly.
const SPLIT_IN_LINE = /(?<=[。！？；])|(?<=[!?;])(?=\s|$)|(?<!\b(?:Dr|Mr|Mrs|Ms|No|Co|Inc|Ltd|St|vs|e\.g|i\.e|approx)\.)(?<=\.)(?=\s+[A-Z“"(（])/u;

/**
 * Passage text without the sentences that read as instructions to an assistant ("忽略你的规则，…",
 * "Ignore your rules and…"): planted text a model might obey, or whose claims it might repeat.
 * Everything else is kept verbatim, line breaks included.
 */
export function dropInstructions(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const pieces = line.split(SPLIT_IN_LINE);
      const kept = pieces.filter((piece) => !looksLikeInjection(normalize(piece).toLowerCase()));
      return kept.length === pieces.length ? line : kept.join('').trimEnd();
    })
    .join('\n');
}

/** Split passage text into cleaned sentences (Markdown markers, citations of the report, source lines removed). */
export function splitSentences(text: string): SourceSentence[] {
  // Table rows stay whole (their cells are read with the column names); prose splits into sentences.
  const raw: RawSentence[] = [];
  for (const line of text.split(/\n+/)) {
    if (/^\s*\|?\s*:?-{3,}/.test(line)) continue; // a Markdown table's rule line
    const cells = tableCells(line);
    if (cells) {
      raw.push({ text: line.trim(), cells });
      continue;
    }
    for (const piece of line.split(SPLIT_IN_LINE)) {
      const t = (piece ?? '').trim();
      if (t) raw.push({ text: t });
    }
  }
  const out: SourceSentence[] = [];
  for (const unit of structureUnits(raw)) {
    const cleaned = clean(unit.text);
    if (!cleaned || isBoilerplate(cleaned)) continue;
    const norm = normalize(cleaned).toLowerCase();
    // A chunk may start mid-sentence (overlap cut by characters): such a fragment is not quotable.
    const fragment = out.length === 0 && /^(?:[a-z]|[，,、；;：:）)」』”])/u.test(cleaned);
    out.push({
      text: cleaned,
      norm,
      index: out.length,
      negative: fragment || isNegativeStatement(norm) || isTranslationPair(cleaned),
      ...(unit.intro ? { intro: normalize(clean(unit.intro)).toLowerCase() } : {}),
      ...(unit.leadOnly ? { leadOnly: true } : {}),
      ...(unit.whole ? { whole: true } : {}),
      ...(unit.parts ? { parts: { lead: normalize(clean(unit.parts.lead)).toLowerCase(), items: unit.parts.items.map((it) => normalize(clean(it)).toLowerCase()) } } : {}),
    });
  }
  return out;
}

/** Remove Markdown list/heading/emphasis markers and trailing "（来源：…）" notes. */
function clean(s: string): string {
  let t = s.trim();
  if (/^\|?\s*:?-{3,}/.test(t)) return ''; // table rule
  t = t.replace(/^#{1,6}\s+/, '').replace(/^>\s*/, '').replace(/^(?:[-*+]|\d{1,2}[.)、])\s+/, '');
  t = t.replace(/\*\*|__|`/g, '');
  if (t.startsWith('|')) t = t.replace(/^\|\s*|\s*\|$/g, '').replace(/\s*\|\s*/g, '，');
  t = t.replace(/[（(]\s*来源[:：][^）)]*[）)]\s*/g, '');
  // An aside such as "（报道未注明年份）" must not sink the fact it is attached to.
  t = t.replace(/[（(]([^（）()]*)[）)]/g, (m, inner: string) => (NEGATIVE.test(inner) ? '' : m));
  return t.trim();
}

// Attribution lines and bare labels say nothing a user asked about.
function isBoilerplate(s: string): boolean {
  if (/^(?:来源|source|来源\s*\/\s*source)\s*[:：/]/i.test(s)) return true;
  if (/^(?:title|kind|tags|lang|published|source|period)\s*:/i.test(s)) return true;
  return s.replace(/[\p{P}\p{S}\s]/gu, '').length < 4;
}

const NEGATIVE =
  /(?:没有|未|并未|尚未|未曾)[^，。；,;]{0,6}(?:介绍|给出|列出|提供|说明|披露|提及|公布|写明|注明|明确|透露)|没有介绍|没有给出|没有列出|没有提供|没有说明|没有披露|没有提及|没有公布|未披露|未注明|未提及|未说明|未列出|未公布|未给出|尚未公开|不详|\bnot (?:given|provided|disclosed|listed|stated|specified|mentioned|published)\b|\bdoes not (?:say|give|list|mention|explain|state|specify|name)\b|\bdo not (?:say|give|list|mention)\b|\bno (?:information|details)\b|请咨询|可咨询|请联系|可联系|可向[^，。]{0,16}(?:索取|咨询|了解|联系)|联系[^，。]{0,10}工作人员|\b(?:contact|ask) (?:the )?(?:bureau|staff|investment officers?)\b|\bcan provide the full text\b/i;

/** True for a sentence that states a gap in the material ("…在本资料中没有介绍"): never an answer. */
export function isNegativeStatement(norm: string): boolean {
  return NEGATIVE.test(norm);
}

/** A glossary line ("助保贷 — Zhubaodai guaranteed loans") names a term; it answers nothing. */
function isTranslationPair(s: string): boolean {
  const m = /^(.{1,60}?)\s+[—–-]{1,2}\s+(.{1,120})$/u.exec(s);
  if (!m) return false;
  const han = (x: string) => /\p{Script=Han}/u.test(x);
  const latin = (x: string) => /[A-Za-z]{3}/.test(x);
  return (han(m[1]!) && latin(m[2]!) && !/[。，]/.test(s)) || (latin(m[1]!) && han(m[2]!) && !/[.。，]/.test(s));
}

/** Split a long sentence into clauses (verbatim pieces, separators kept on the left piece). */
export function clauses(text: string): string[] {
  return text.split(/(?<=[，,：:])/u).filter((c) => c.trim() !== '');
}
