/**
 * The numbered sources under a reply, made once and formatted the same on every channel. Two
 * mistakes showed up when each renderer did this itself: a title that already is a document name
 * (《鼓励企业技术创新奖励办法》) came out as 《《…》》, and two passages of one document were listed
 * twice under two numbers. Here a citation is one document, its title is stored bare, and
 * `formatCitation` adds exactly one pair of 《》. Investors see the title, the original source and
 * the date; staff see the same plus the file it came from.
 */
import type { Citation, Lang, Passage } from '../core/types.js';

/** Who reads the source line: investors (no file paths) or bureau staff (with the path). */
export type CitationAudience = 'investor' | 'staff';

const CJK = /[\u3400-\u9fff]/;

/** The title without the 《》 (or 〈〉) around it: "《X办法》" → "X办法"; other titles unchanged. */
export function bareTitle(title: string): string {
  let t = title.trim();
  // Strip only a pair that encloses the whole title: "《A》与《B》" keeps its marks.
  while (/^《[^《》]*》$/.test(t) || /^〈[^〈〉]*〉$/.test(t)) t = t.slice(1, -1).trim();
  return t;
}

/** The title as a reader sees it: 《title》 once for Chinese readers or Chinese titles, the bare title in English. */
export function bookTitle(title: string, lang: Lang = 'zh'): string {
  const bare = bareTitle(title);
  return lang === 'zh' || CJK.test(bare) ? `《${bare}》` : bare;
}

/** The document a passage belongs to (its id, else its file). */
function documentKey(p: Pick<Passage, 'docId' | 'path'>): string {
  return p.docId || p.path;
}

/**
 * One citation per document, numbered in order of first use. `numberOf[i]` is the citation
 * number of `cited[i]`, for rewriting markers written against the passage list.
 */
export function buildCitations(cited: Passage[]): { citations: Citation[]; numberOf: number[] } {
  const byDoc = new Map<string, Citation>();
  const numberOf: number[] = [];
  for (const p of cited) {
    const key = documentKey(p);
    const seen = byDoc.get(key);
    if (seen) {
      // The second passage of a document still backs the reply: keep its text with the first.
      if (!seen.text.includes(p.text)) seen.text = `${seen.text}\n…\n${p.text}`;
      seen.score = Math.max(seen.score, p.score);
      numberOf.push(seen.n);
      continue;
    }
    const c: Citation = { n: byDoc.size + 1, title: bareTitle(p.title), path: p.path, headingPath: [...p.headingPath], text: p.text, score: p.score };
    if (p.source) c.source = p.source;
    if (p.published) c.published = p.published;
    if (p.docNo) c.docNo = p.docNo;
    byDoc.set(key, c);
    numberOf.push(c.n);
  }
  return { citations: [...byDoc.values()], numberOf };
}

/**
 * Rewrite [n] markers (n = passage index + 1) to citation numbers; a run of markers that now
 * names one document twice ("[1][2]" where both are one document) keeps it once.
 */
export function renumberMarkers(text: string, numberOf: number[]): string {
  return text.replace(/(?:\[\d+\])+/g, (run) => {
    const nums = [...run.matchAll(/\[(\d+)\]/g)].map((m) => numberOf[Number(m[1]) - 1] ?? Number(m[1]));
    return [...new Set(nums)].map((n) => `[${n}]`).join('');
  });
}

/** Path-like parts (`shared/sources/x.txt`) are a staff matter; the rest of `source` is the origin. */
function originOf(source: string | undefined): string | undefined {
  if (!source) return undefined;
  const parts = source
    .split(/[，,;；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !(/[\\/]/.test(s) && !/^https?:\/\//i.test(s)) && !/\.(?:txt|md|pdf|docx?|html?)$/i.test(s));
  return parts.length > 0 ? parts.join('，') : undefined;
}

/** The original source and date of a citation ("湖南日报报道，2024-05-01"); undefined when neither is known. */
export function citationOrigin(c: Pick<Citation, 'source' | 'published'>, lang: Lang = 'zh'): string | undefined {
  const parts = [originOf(c.source), c.published?.trim() || undefined].filter((s): s is string => Boolean(s));
  return parts.length > 0 ? parts.join(lang === 'zh' ? '，' : ', ') : undefined;
}

/**
 * One source line: `[1] 《title》 — source，date` for investors; staff also get the file and the
 * heading (`· knowledge/….md › 第一章`).
 */
export function formatCitation(c: Citation, audience: CitationAudience, lang: Lang = 'zh'): string {
  const origin = citationOrigin(c, lang);
  // A policy's 文号 (资测发〔2026〕3号) is how civil servants and investors find the original.
  const docNo = c.docNo && !c.title.includes(c.docNo) ? `（${c.docNo}）` : '';
  let line = `[${c.n}] ${bookTitle(c.title, lang)}${docNo}${origin ? ` — ${origin}` : ''}`;
  if (audience === 'staff') {
    const heading = c.headingPath.length > 0 ? ` › ${c.headingPath.join(' › ')}` : '';
    line += ` · ${c.path}${heading}`;
  }
  return line;
}

/** The source lines of a reply, in number order, each document once. */
export function formatCitations(citations: Citation[], audience: CitationAudience, lang: Lang = 'zh'): string[] {
  const seen = new Set<string>();
  return [...citations]
    .sort((a, b) => a.n - b.n)
    .filter((c) => {
      // Replies stored before citations were made per document may still list one twice.
      if (seen.has(c.path)) return false;
      seen.add(c.path);
      return true;
    })
    .map((c) => formatCitation(c, audience, lang));
}
