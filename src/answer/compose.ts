/**
 * Reply layout shared by both answerers: numbered [n] markers in the body and a sources footer
 * in the text itself, because every channel renders `text` (some render nothing else). The words
 * (the frame, the footer's head and lines) are in `core/texts/` (section `answer`).
 */
import { EN } from '../core/texts/en.js';
import { ZH, type UiTexts } from '../core/texts/zh.js';
import type { Citation, Lang, Passage } from '../core/types.js';
import { bookTitle, buildCitations } from './citations.js';

/** The answer texts of one language. */
function texts(lang: Lang): UiTexts['answer'] {
  return lang === 'zh' ? ZH.answer : EN.answer;
}

/** Every way the sources footer begins, one per language ("\n\n来源：\n[1]"). */
export const FOOTER_HEADS: readonly string[] = [ZH, EN].map((t) => `\n\n${t.answer.sourcesHead}\n[1]`);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Matches the start of a footer in either language, so metrics and checks can ignore it.
const FOOTER_START = new RegExp(FOOTER_HEADS.map(escapeRe).join('|'));

/** The sources footer: one line per cited document, numbered like the (renumbered) markers. */
export function sourcesFooter(cited: Passage[], lang: Lang): string {
  if (cited.length === 0) return '';
  const t = texts(lang);
  const lines = buildCitations(cited).citations.map((c) => t.sourceLine(c.n, bookTitle(c.title, lang), c.path));
  return `\n\n${t.sourcesHead}\n${lines.join('\n')}`;
}

/** The reply body without the sources footer. */
export function stripFooter(text: string): string {
  const m = FOOTER_START.exec(text);
  return m ? text.slice(0, m.index) : text;
}

/** One quoted sentence and the index (0-based) of the cited passage it comes from. */
export interface Quote {
  text: string;
  cite: number;
}

/**
 * Lay out quoted sentences with their markers. Chinese replies quote directly; English replies
 * get an English frame, noting when the quoted source text is Chinese.
 */
export function composeQuotes(quotes: Quote[], cited: Passage[], lang: Lang, chineseSource = false): string {
  // Markers name documents, as the citations do: two passages of one document share a number.
  const { numberOf } = buildCitations(cited);
  const mark = (cite: number) => numberOf[cite] ?? cite + 1;
  let body: string;
  if (lang === 'zh') {
    // A clause cut from a longer sentence gets a full stop so the markers read as sentence ends.
    const marked = quotes.map((q) => {
      const t = q.text.trim().replace(/[，,、：:；;]$/u, '');
      return `${/[。！？!?；;…”」』)）]$/u.test(t) ? t : `${t}。`}[${mark(q.cite)}]`;
    });
    body = ZH.answer.quotes(marked, chineseSource);
  } else {
    const marked = quotes.map((q) => `${q.text.trim()} [${mark(q.cite)}]`);
    body = EN.answer.quotes(marked, chineseSource);
  }
  return body + sourcesFooter(cited, lang);
}

/** Citations for `Outbound`: one per document, numbered to match the markers. */
export function toCitations(cited: Passage[]): Citation[] {
  return buildCitations(cited).citations;
}
