/**
 * Chinese-aware splitter: headings → paragraphs → sentences, packed into chunks of at most
 * `size` characters, with `overlap` characters of whole sentences carried into the next chunk of
 * the same section. Each chunk keeps its heading path so it can be indexed self-describing.
 *
 * Policy documents answer in units larger than a paragraph: an article (第五条 with its list
 * items and table), or a lead-in ending in "：" with the list or table it introduces. Such a unit
 * becomes a chunk of its own, kept whole up to `WHOLE_FACTOR` × `size`, so the clause that
 * answers is retrieved and quoted entire. Tables (`cell | cell` lines) are split only between
 * rows, each piece repeating the header row, so every row stays quotable with its column names.
 */

/** One piece of a document ready to embed and index. */
export interface Chunk {
  /** Headings above the chunk, outermost first (an H1 equal to the title is left out). */
  headingPath: string[];
  /** The chunk body as shown to users. */
  text: string;
  /** Position in the document, from 0. */
  ordinal: number;
}

/** Options of `splitDocument`. */
export interface SplitOptions {
  size: number;
  overlap: number;
  /** Document title; a leading heading equal to it is not repeated in heading paths. */
  title?: string;
}

interface Section {
  headingPath: string[];
  paragraphs: string[];
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
// Sentence ends: Chinese and ASCII terminators (NFKC may have folded ！？；), and closing quotes after them.
const SENTENCE = /[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』)）]*|\n|$)/g;

/** Split Markdown-ish text into sections by ATX headings and paragraphs by blank lines. */
export function sections(text: string, title?: string): Section[] {
  const out: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: Section = { headingPath: [], paragraphs: [] };
  let para: string[] = [];
  const flushPara = () => {
    const p = para.join('\n').trim();
    if (p) current.paragraphs.push(p);
    para = [];
  };
  const flushSection = () => {
    flushPara();
    if (current.paragraphs.length) out.push(current);
  };
  let inFence = false;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = inFence ? null : HEADING.exec(line);
    if (m) {
      flushSection();
      const level = m[1]!.length;
      const heading = m[2]!.trim();
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, text: heading });
      const path = stack.map((h) => h.text);
      if (title && path[0] === title.trim()) path.shift();
      current = { headingPath: path, paragraphs: [] };
    } else if (line.trim() === '') {
      flushPara();
    } else {
      para.push(line.trim());
    }
  }
  flushSection();
  return out;
}

/** Split a paragraph into sentences, terminators kept; never returns empty strings. */
export function sentences(paragraph: string): string[] {
  const out: string[] = [];
  for (const m of paragraph.matchAll(SENTENCE)) {
    const s = m[0].trim();
    if (s) out.push(s);
  }
  return out;
}

/** Cut a string longer than `size` into pieces of at most `size` characters. */
function hardCut(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** Join two units: Chinese needs no space, Latin text does. */
function join(a: string, b: string, paragraphBreak: boolean): string {
  if (!a) return b;
  if (paragraphBreak) return `${a}\n${b}`;
  return /[\x21-\x7e]$/.test(a) && /^[\x21-\x7e]/.test(b) ? `${a} ${b}` : a + b;
}

/** Pack one section's paragraphs into bounded chunks with sentence-level overlap. */
function packSection(section: Section, size: number, overlap: number): string[] {
  // Units are whole paragraphs where they fit, else sentences, else hard cuts.
  const units: { text: string; newPara: boolean }[] = [];
  for (const p of section.paragraphs) {
    if (p.length <= size) {
      units.push({ text: p, newPara: true });
      continue;
    }
    let first = true;
    for (const s of sentences(p)) {
      for (const piece of s.length <= size ? [s] : hardCut(s, size)) {
        units.push({ text: piece, newPara: first });
        first = false;
      }
    }
  }
  const chunks: string[] = [];
  let cur = '';
  let curUnits: string[] = [];
  for (const u of units) {
    const candidate = join(cur, u.text, u.newPara);
    if (cur && candidate.length > size) {
      chunks.push(cur);
      // Carry the last whole sentences (up to `overlap` characters) so a fact cut at the border survives.
      let carried = '';
      if (overlap > 0) {
        const tail = sentences(curUnits.join('\n'));
        for (let i = tail.length - 1; i >= 0; i--) {
          const next = join(tail[i]!, carried, false);
          if (next.length > overlap) break;
          carried = next;
        }
        if (!carried && overlap > 0) carried = cur.slice(-overlap);
      }
      cur = carried && join(carried, u.text, false).length <= size ? join(carried, u.text, false) : u.text;
      curUnits = [cur];
    } else {
      cur = candidate;
      curUnits.push(u.text);
    }
  }
  if (cur) chunks.push(cur);
  return chunks;
}

/** A unit kept whole may be this many times the chunk size before it is split. */
export const WHOLE_FACTOR = 3;

const ARTICLE = /^第[一二三四五六七八九十百零〇\d]+条/;
const LIST_ITEM = /^(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[．.、]|[①-⑳])/;
/** A paragraph whose every line is a table row (`cell | cell`). */
const isTable = (p: string) => p.split('\n').every((l) => l.includes(' | '));
const isLeadIn = (p: string) => /[：:]$/.test(p);
/** A short line with no sentence punctuation right before a table: its caption. */
const isCaption = (p: string, next: string | undefined) => next !== undefined && isTable(next) && p.length <= 40 && !/[。；;，,]/.test(p);

/** Paragraphs of a section grouped into units: articles, lead-ins with their lists and tables, or single paragraphs. */
function units(paragraphs: string[]): { paragraphs: string[]; whole: boolean }[] {
  const out: { paragraphs: string[]; whole: boolean }[] = [];
  let open: { paragraphs: string[]; whole: boolean; article: boolean } | undefined;
  paragraphs.forEach((p, i) => {
    const next = paragraphs[i + 1];
    if (ARTICLE.test(p)) {
      open = { paragraphs: [p], whole: true, article: true };
      out.push(open);
      return;
    }
    // Inside an article everything up to the next article belongs to it; after a lead-in, only
    // its list items, tables and captions do.
    if (open && (open.article || LIST_ITEM.test(p) || isTable(p) || isCaption(p, next))) {
      open.paragraphs.push(p);
      return;
    }
    open = isLeadIn(p) || isCaption(p, next) ? { paragraphs: [p], whole: true, article: false } : undefined;
    out.push(open ?? { paragraphs: [p], whole: false });
  });
  return out;
}

/** Split a table paragraph between rows; each piece starts with the header row. */
function splitTable(table: string, size: number): string[] {
  const [header = '', ...rows] = table.split('\n');
  const pieces: string[] = [];
  let cur = header;
  for (const r of rows) {
    if (cur !== header && cur.length + 1 + r.length > size) {
      pieces.push(cur);
      cur = header;
    }
    cur = `${cur}\n${r}`;
  }
  pieces.push(cur);
  return pieces;
}

/** Split a document body into chunks of at most `size` characters, each with its heading path. */
export function splitDocument(text: string, opts: SplitOptions): Chunk[] {
  const out: Chunk[] = [];
  const overlap = Math.min(opts.overlap, opts.size - 1);
  const push = (headingPath: string[], bodies: string[]) => {
    for (const body of bodies) out.push({ headingPath, text: body, ordinal: out.length });
  };
  for (const section of sections(text, opts.title)) {
    let loose: string[] = [];
    const flush = () => {
      if (loose.length) push(section.headingPath, packSection({ headingPath: section.headingPath, paragraphs: loose }, opts.size, overlap));
      loose = [];
    };
    for (const u of units(section.paragraphs)) {
      const joined = u.paragraphs.join('\n');
      if (!u.whole) {
        loose.push(...u.paragraphs);
        continue;
      }
      flush();
      if (joined.length <= opts.size * WHOLE_FACTOR) {
        push(section.headingPath, [joined]);
        continue;
      }
      // Too long to keep whole: packed like loose text, under a heading naming the article, with
      // tables cut between rows.
      const label = ARTICLE.exec(u.paragraphs[0]!)?.[0];
      const path = label ? [...section.headingPath, label] : section.headingPath;
      const paras = u.paragraphs.flatMap((p) => (isTable(p) && p.length > opts.size ? splitTable(p, opts.size) : [p]));
      push(path, packSection({ headingPath: path, paragraphs: paras }, opts.size, overlap));
    }
    flush();
  }
  return out;
}
