/**
 * Chinese-aware splitter: headings → paragraphs → sentences, packed into chunks of at most
 * `size` characters, with `overlap` characters of whole sentences carried into the next chunk of
 * the same section. Each chunk keeps its heading path so it can be indexed self-describing.
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

/** Split a document body into chunks of at most `size` characters, each with its heading path. */
export function splitDocument(text: string, opts: SplitOptions): Chunk[] {
  const out: Chunk[] = [];
  for (const section of sections(text, opts.title)) {
    for (const body of packSection(section, opts.size, Math.min(opts.overlap, opts.size - 1))) {
      out.push({ headingPath: section.headingPath, text: body, ordinal: out.length });
    }
  }
  return out;
}

/** The text that is embedded and indexed: title and heading path first, so a chunk describes itself. */
export function indexedText(title: string, headingPath: string[], body: string): string {
  const head = [title, ...headingPath].filter(Boolean).join(' > ');
  return head ? `${head}\n${body}` : body;
}
