/**
 * Reading a bureau's FAQ spreadsheet (.xlsx through exceljs, or .csv): find the header row (问题 /
 * 答案 / 相似问题 / 来源 / 标签, or English), read every row below it, and report by spreadsheet row
 * number what cannot become a Q&A document (no question, no answer, a duplicate question, an
 * over-long cell). Nothing is written here: callers preview, then write or store the documents.
 */
import { extname } from 'node:path';
import { CodedError } from '../core/errors.js';
import { qaDocumentRel, renderQaDocument, type QaItem } from './qa-document.js';
import { both } from '../core/texts/both.js';

/** One row that becomes a Q&A document. */
export interface FaqRow extends QaItem {
  /** Spreadsheet row number (1-based, as the spreadsheet program shows it). */
  row: number;
  /** The document: path relative to the knowledge folder, and its Markdown. */
  doc: { rel: string; text: string };
}

/** What an import found: the good rows and, by row, why the others were refused. */
export interface FaqImport {
  rows: FaqRow[];
  errors: { row: number; reason: string }[];
}

/** A question the knowledge base already indexes, and the document it belongs to. */
export interface ExistingQuestion {
  question: string;
  path: string;
}

type Column = 'question' | 'answer' | 'similar' | 'source' | 'tags';

const HEADERS: Record<Column, string[]> = {
  question: ['问题', '常见问题', 'question', 'questions', 'q'],
  answer: ['答案', '回答', '答复', 'answer', 'answers', 'a'],
  similar: ['相似问题', '相似问法', '类似问题', 'similar', 'similarquestions', 'similar questions', 'alternatives'],
  source: ['来源', '出处', 'source'],
  tags: ['标签', '分类', 'tags', 'tag', 'category'],
};

/** Longest cell accepted, by column (characters). */
export const CELL_LIMITS: Record<Column, number> = { question: 200, answer: 4000, similar: 1000, source: 200, tags: 200 };
/** Rows scanned for the header (a title row, merged or not, may sit above it). */
const HEADER_SEARCH = 10;

const headerKey = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s*：:（(）)]/g, '');
const questionKey = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[?？!！。.,，]+$/u, '');

/** Split a 相似问题 / 标签 cell on ；; newlines (and commas for tags). */
function splitList(cell: string, commas: boolean): string[] {
  return cell
    .split(commas ? /[；;\n\r,，、]+/ : /[；;\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parse already-read rows (cells as text, index 0 = row 1). */
export function parseFaqRows(grid: string[][], opts: { source: string; today: string; existing?: Iterable<ExistingQuestion> }): FaqImport {
  let headerAt = -1;
  let columns: Partial<Record<Column, number>> = {};
  for (let r = 0; r < Math.min(grid.length, HEADER_SEARCH) && headerAt < 0; r++) {
    const found: Partial<Record<Column, number>> = {};
    (grid[r] ?? []).forEach((cell, c) => {
      const k = headerKey(cell);
      for (const col of Object.keys(HEADERS) as Column[]) if (found[col] === undefined && HEADERS[col].some((h) => headerKey(h) === k)) found[col] = c;
    });
    if (found.question !== undefined && found.answer !== undefined) {
      headerAt = r;
      columns = found;
    }
  }
  if (headerAt < 0) throw new CodedError('bad_request', both((t) => t.console.noHeader));
  const seen = new Map<string, number>();
  // Questions already indexed, except those of the very document a row would (re)write.
  const indexed = new Map<string, string>();
  for (const e of opts.existing ?? []) indexed.set(questionKey(e.question), e.path);
  const rows: FaqRow[] = [];
  const errors: { row: number; reason: string }[] = [];
  for (let r = headerAt + 1; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    const get = (col: Column) => (columns[col] === undefined ? '' : (cells[columns[col]!] ?? '').trim());
    const row = r + 1;
    if (!cells.some((c) => c.trim())) continue;
    const values = { question: get('question'), answer: get('answer'), similar: get('similar'), source: get('source'), tags: get('tags') };
    const long = (Object.keys(values) as Column[]).find((c) => values[c].length > CELL_LIMITS[c]);
    const question = values.question.replace(/\s+/g, ' ');
    let reason: string | undefined;
    if (!question) reason = both((t) => t.console.rowQuestionEmpty);
    else if (!values.answer) reason = both((t) => t.console.rowAnswerEmpty);
    else if (long) reason = both((t) => t.console.cellTooLong(long, values[long].length, CELL_LIMITS[long]));
    const similar = splitList(values.similar, false).filter((s) => s.length <= CELL_LIMITS.question);
    const rel = qaDocumentRel(question);
    if (!reason) {
      const dup = [question, ...similar].map((q) => seen.get(questionKey(q))).find((n) => n !== undefined);
      const there = [question, ...similar].map((q) => indexed.get(questionKey(q))).find((p) => p !== undefined && !p.endsWith(`/${rel}`));
      if (dup !== undefined) reason = both((t) => t.console.duplicateRow(dup));
      else if (there) reason = both((t) => t.console.alreadyIndexed(there));
    }
    if (reason) {
      errors.push({ row, reason });
      continue;
    }
    for (const q of [question, ...similar]) seen.set(questionKey(q), row);
    const item: QaItem = { question, answer: values.answer, similar, source: values.source || opts.source, tags: splitList(values.tags, true), published: opts.today };
    rows.push({ ...item, row, doc: { rel, text: renderQaDocument(item) } });
  }
  return { rows, errors };
}

/** The text of an exceljs cell value (rich text, formulas, hyperlinks, dates, numbers). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
  }
  return '';
}

/** Rows of the first worksheet of an .xlsx file, as text. */
async function xlsxGrid(buf: Buffer): Promise<string[][]> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err) {
    throw new CodedError('bad_request', both((t) => t.console.badXlsx((err as Error).message)), { cause: err });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new CodedError('bad_request', both((t) => t.console.noSheet));
  const grid: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      // A merged cell's covered parts repeat the master's value in exceljs: keep it in the master only.
      cells[c - 1] = cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value);
    });
    grid[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(grid, (r) => r ?? []);
}

/** Rows of a CSV file (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
export function csvGrid(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\ufeff/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** Read an FAQ file (.xlsx or .csv) into Q&A documents and row errors. */
export async function importFaq(name: string, buf: Buffer, opts: { today: string; existing?: Iterable<ExistingQuestion> }): Promise<FaqImport> {
  const ext = extname(name).toLowerCase();
  let grid: string[][];
  if (ext === '.xlsx') grid = await xlsxGrid(buf);
  else if (ext === '.csv') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch (err) {
      throw new CodedError('bad_request', both((t) => t.console.csvNotUtf8), { cause: err });
    }
    grid = csvGrid(text);
  } else throw new CodedError('bad_request', both((t) => t.console.unsupportedFile(ext)));
  return parseFaqRows(grid, { source: `FAQ 导入：${name.split(/[\\/]/).pop()}（${opts.today}）`, today: opts.today, ...(opts.existing ? { existing: opts.existing } : {}) });
}
