/**
 * Policy documents that arrive as plain lines (a PDF's text layer, a TXT file) carry their
 * structure in the words: the title on the first line, the 文号 (资测发〔2026〕3号) under it,
 * 第一章 / 一、 headings, 第X条 articles, tables as rows of cells. This turns such lines into the
 * Markdown-ish body the splitter reads (ATX headings, blank-line paragraphs, table rows as
 * `cell | cell` lines), and finds the title and 文号 so citations can name the document itself.
 */

/** A line of text or a table, in reading order. */
export type Block =
  /** `level`: an explicit heading (HTML h1–h6, DOCX heading styles); `size`: the PDF type size. */
  | { kind: 'text'; text: string; size?: number; level?: number }
  | { kind: 'table'; rows: string[][] };

/** What a document says about itself. */
export interface Structured {
  title?: string;
  docNo?: string;
  body: string;
}

/** A 文号: issuing-body abbreviation, year in 〔〕 (or look-alike brackets), serial, 号. */
export const DOC_NO = /[\p{Script=Han}]{1,12}[〔［\[【（(]\s*(?:19|20)\d{2}\s*[〕］\]】）)]\s*第?\s*\d{1,4}\s*号/u;

const CHAPTER = /^第[一二三四五六七八九十百零〇\d]+[章编]\s*\S/;
const SECTION = /^第[一二三四五六七八九十百零〇\d]+节\s*\S/;
const ENUM_HEADING = /^[一二三四五六七八九十]+[、．.]\s*\S/;
/** Line openings that start a new unit (never glued to the line above). */
export const MARKER = /^(?:第[一二三四五六七八九十百零〇\d]+[章节条编]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[．.、]|[①-⑳]|【)/;

/** True for a short line that reads as a heading, not a sentence. */
function headingLevel(line: string): number | undefined {
  const short = line.length <= 40 && !/[。；;，,：:]$/.test(line) && !/[。；]/.test(line);
  if (!short) return undefined;
  if (CHAPTER.test(line)) return 2;
  if (SECTION.test(line)) return 3;
  if (ENUM_HEADING.test(line)) return 2;
  return undefined;
}

/** One table row as a line; empty cells stay visible so columns keep their place. */
export function tableRow(cells: string[]): string {
  return cells.map((c) => c.replace(/\s+/g, ' ').trim() || '—').join(' | ');
}

/** The line as a title candidate: short, no sentence punctuation at its end. */
function titleLike(line: string): boolean {
  return line.length >= 4 && line.length <= 80 && !/[。；;，,：:]$/.test(line) && !DOC_NO.test(line) && !MARKER.test(line);
}

/**
 * Find title and 文号 among the first blocks and render the rest. The title is the first line,
 * or the lines set in a larger type than the body when sizes are known (a wrapped PDF title).
 */
export function structureBlocks(blocks: Block[]): Structured {
  const texts = blocks.filter((b): b is Extract<Block, { kind: 'text' }> => b.kind === 'text' && b.text.trim() !== '');
  let title: string | undefined;
  const used = new Set<Block>();
  const first = texts[0];
  if (first && (first.level === 1 || (first.level === undefined && titleLike(first.text.trim())))) {
    title = first.text.trim();
    used.add(first);
    const sizes = texts.map((t) => t.size ?? 0).filter((s) => s > 0).sort((a, b) => a - b);
    const body = sizes[Math.floor(sizes.length / 2)] ?? 0;
    // A title wrapped onto a second line is set in the same large type.
    const second = texts[1];
    if (first.size && body && first.size > body * 1.15 && second?.size && Math.abs(second.size - first.size) < 0.5 && titleLike(second.text.trim())) {
      title += second.text.trim();
      used.add(second);
    }
  }
  let docNo: string | undefined;
  for (const t of texts.slice(0, 8)) {
    const m = DOC_NO.exec(t.text);
    // Only a line that is (nearly) just the number: 依据资发〔2020〕1号 in an article is a reference.
    if (m && t.text.trim().length <= m[0].length + 4) {
      docNo = m[0].replace(/\s+/g, '');
      break;
    }
  }
  const out: string[] = [];
  if (title) out.push(`# ${title}`);
  for (const b of blocks) {
    if (used.has(b)) continue;
    if (b.kind === 'table') {
      if (b.rows.length) out.push(b.rows.map(tableRow).join('\n'));
      continue;
    }
    const line = b.text.replace(/^[\s\u3000]+/, '').replace(/\s+$/, '');
    if (!line) continue;
    const level = b.level ?? headingLevel(line);
    out.push(level ? `${'#'.repeat(level)} ${line}` : line);
  }
  return { title, docNo, body: out.join('\n\n') };
}

/**
 * Blocks of a plain-text file: one paragraph per line (Chinese documents indent instead of
 * leaving blank lines); runs of two or more tab-separated lines are tables.
 */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let rows: string[][] = [];
  const flush = () => {
    if (rows.length >= 2) blocks.push({ kind: 'table', rows });
    else for (const r of rows) blocks.push({ kind: 'text', text: r.join('　') });
    rows = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.includes('\t') && line.split('\t').filter((c) => c.trim()).length >= 2) {
      rows.push(line.split('\t').map((c) => c.trim()));
      continue;
    }
    flush();
    if (line.trim()) blocks.push({ kind: 'text', text: line });
  }
  flush();
  return blocks;
}
