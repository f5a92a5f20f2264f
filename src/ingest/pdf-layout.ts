/**
 * A PDF's text layer back into lines, paragraphs and table rows. PDF.js gives positioned runs of
 * text in content order (for browser and word-processor output: reading order, cell by cell);
 * joined naively, a table becomes one cell per line and a wrapped cell ("单项最高补" / "助")
 * splits a word. Here runs are grouped into cells by position — a run to the right in the same
 * band is the next cell, one below at the same left edge continues the cell — so each table row
 * comes out whole. Lines that wrapped at the right margin are joined back into paragraphs, and
 * headers and footers repeated on every page are dropped. A PDF with no text at all is a scan
 * and is refused with "needs OCR": ingesting it would index an empty document.
 */
import { CodedError } from '../core/errors.js';
import { normalizeDisplay } from '../text/normalize.js';
import { MARKER, type Block } from './structure.js';

/** A positioned run of text from PDF.js. */
interface Run {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

interface Cell {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  lines: Run[];
}

/** A visual line of one cell, or a row of several cells, with its page. */
type Row = { page: number; cells: Cell[] };

interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
}

/** Join two pieces of text: CJK needs no space, Latin words do. */
function glue(a: string, b: string): string {
  if (!a) return b;
  return /[\x21-\x7e]$/.test(a) && /^[\x21-\x7e]/.test(b) ? `${a} ${b}` : a + b;
}

/** Runs of one page: items on one baseline with no wide gap merged; white-space items are gaps. */
function pageRuns(items: TextItemLike[]): Run[] {
  const runs: Run[] = [];
  let cur: Run | undefined;
  for (const it of items) {
    // Matched against markers (第一条) and stored: unify look-alike radicals first (⼀ → 一).
    const str = normalizeDisplay(it.str ?? '');
    const t = it.transform;
    if (!t || !str) continue;
    const size = Math.hypot(t[2] ?? 0, t[3] ?? 0) || Math.abs(t[3] ?? 0) || 10;
    const x0 = t[4] ?? 0;
    const y = t[5] ?? 0;
    const x1 = x0 + (it.width ?? 0);
    if (!str.trim()) continue; // a gap: the next run's position tells how wide it was
    if (cur && Math.abs(y - cur.y) < 0.3 * size && x0 >= cur.x1 - 0.5 * size && x0 - cur.x1 < 1.6 * size) {
      // An ideographic space (第一条　为规范…) stays a space; abutting runs are one word.
      cur.text = x0 - cur.x1 > 0.4 * size ? `${cur.text} ${str.trim()}` : glue(cur.text, str);
      cur.x1 = Math.max(cur.x1, x1);
      continue;
    }
    cur = { text: str, x0, x1, y, size };
    runs.push(cur);
  }
  return runs;
}

/** Group a page's runs into rows of cells. */
function pageRows(runs: Run[], page: number): Row[] {
  const rows: Row[] = [];
  let row: Cell[] = [];
  const flush = () => {
    if (row.length) rows.push({ page, cells: row });
    row = [];
  };
  for (const r of runs) {
    const c = row[row.length - 1];
    if (c) {
      const top = Math.max(...row.map((x) => x.top));
      const bottom = Math.min(...row.map((x) => x.bottom));
      const below = c.bottom - r.y;
      // One line lower, at the same left edge or within the cell's width (centred header cells):
      // the cell (or paragraph) continues.
      const under = Math.abs(r.x0 - c.x0) < r.size || (r.x0 >= c.x0 - r.size && r.x1 <= c.x1 + r.size);
      if (under && below > 0.5 * r.size && below < 2.2 * r.size) {
        c.lines.push(r);
        c.bottom = r.y;
        c.x1 = Math.max(c.x1, r.x1);
        continue;
      }
      // To the right of the last cell, within the row's band: the next cell of a table row.
      if (r.x0 > c.x1 + 0.8 * r.size && r.y <= top + 2.5 * r.size && r.y >= bottom - 2.5 * r.size) {
        row.push({ x0: r.x0, x1: r.x1, top: r.y, bottom: r.y, lines: [r] });
        continue;
      }
      flush();
    }
    row = [{ x0: r.x0, x1: r.x1, top: r.y, bottom: r.y, lines: [r] }];
  }
  flush();
  return rows;
}

/** Text with its digits masked: "第 3 页" and "第 4 页" are the same footer. */
const shape = (s: string) => s.replace(/\d+/g, '#').replace(/\s+/g, '');
const PAGE_NUMBER = /^(?:[-—–]?\s*\d+\s*[-—–]?|\d+\s*\/\s*\d+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|page\s*\d+(?:\s*(?:of|\/)\s*\d+)?)$/i;

/** Drop page numbers and lines repeated at the top or bottom of most pages (running headers, print footers). */
function dropFurniture(rows: Row[], pages: number): Row[] {
  const byPage = new Map<number, Row[]>();
  for (const r of rows) byPage.set(r.page, [...(byPage.get(r.page) ?? []), r]);
  const edgeCounts = new Map<string, number>();
  const edges = new Set<Row>();
  for (const list of byPage.values()) {
    const edge = [...list.slice(0, 2), ...list.slice(-2)];
    for (const r of new Set(edge)) {
      edges.add(r);
      const k = shape(rowText(r));
      edgeCounts.set(k, (edgeCounts.get(k) ?? 0) + 1);
    }
  }
  const repeated = (r: Row) => pages >= 2 && (edgeCounts.get(shape(rowText(r))) ?? 0) >= Math.max(2, Math.ceil(pages * 0.6));
  return rows.filter((r) => !(edges.has(r) && (PAGE_NUMBER.test(rowText(r).trim()) || repeated(r))));
}

const cellText = (c: Cell) => c.lines.reduce((s, l) => glue(s, l.text), '');
const rowText = (r: Row) => r.cells.map(cellText).join('　');

/**
 * Rows into blocks: runs of two or more multi-cell rows are tables; lines of single-cell rows are
 * joined where the line above ran to the right margin and the next does not open a new unit.
 */
function toBlocks(rows: Row[]): Block[] {
  const right = Math.max(0, ...rows.flatMap((r) => r.cells.flatMap((c) => c.lines.map((l) => l.x1))));
  const blocks: Block[] = [];
  let table: string[][] = [];
  let para: Run | undefined;
  const flushPara = () => {
    if (para) blocks.push({ kind: 'text', text: para.text, size: para.size });
    para = undefined;
  };
  const flushTable = () => {
    if (table.length >= 2) blocks.push({ kind: 'table', rows: table });
    else for (const cells of table) blocks.push({ kind: 'text', text: cells.join('　') });
    table = [];
  };
  for (const r of rows) {
    if (r.cells.length >= 2) {
      flushPara();
      table.push(r.cells.map(cellText));
      continue;
    }
    flushTable();
    for (const l of r.cells[0]!.lines) {
      // A wrapped line ran to the right margin, and its continuation starts at the paragraph's
      // left edge or left of it (under a first-line indent); a right-aligned signature does not.
      const wrapped = para && para.x1 >= right - 2 * para.size && l.x0 <= para.x0 + para.size;
      if (para && wrapped && Math.abs(l.size - para.size) < 0.5 && !MARKER.test(l.text.trim())) {
        para = { ...para, text: glue(para.text, l.text), x1: l.x1 };
      } else {
        flushPara();
        para = { ...l };
      }
    }
  }
  flushPara();
  flushTable();
  return blocks;
}

/** A PDF's text as blocks; a PDF without any text (a scan) fails with "needs OCR". */
export async function pdfBlocks(buf: Buffer): Promise<Block[]> {
  let rows: Row[] = [];
  let pages = 0;
  try {
    // Loaded on demand: PDF.js costs seconds of start-up that Markdown-only runs need not pay.
    const { getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(buf));
    pages = pdf.numPages;
    for (let n = 1; n <= pages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      rows = rows.concat(pageRows(pageRuns(content.items as TextItemLike[]), n));
      page.cleanup();
    }
    await pdf.destroy();
  } catch (err) {
    throw new CodedError('ingest_file_failed', `unreadable PDF: ${(err as Error).message ?? String(err)}`, { cause: err });
  }
  if (!rows.some((r) => r.cells.some((c) => c.lines.some((l) => /[\p{L}\p{N}]/u.test(l.text))))) {
    throw new CodedError('ingest_file_failed', `needs OCR: no text layer in ${pages} page${pages === 1 ? '' : 's'} (a scanned image?); OCR it or add a text version`);
  }
  return toBlocks(dropFurniture(rows, pages));
}
