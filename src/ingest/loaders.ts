/**
 * Loaders turn a file of any supported type into Markdown-ish text plus metadata. Every failure
 * (corrupt PDF, a scan with no text layer, empty, binary) becomes a CodedError('ingest_file_failed')
 * naming the reason. Plain lines (PDF, TXT) and HTML alike go through structure.ts, which finds
 * headings, tables, the title and the 文号.
 */
import { basename, extname } from 'node:path';
import * as cheerio from 'cheerio';
import matter from 'gray-matter';
import { CodedError } from '../core/errors.js';
import { detectLang, normalizeDisplay } from '../text/index.js';
import { frontMatterSchema } from './front-matter.js';
import { pdfBlocks } from './pdf-layout.js';
import { structureBlocks, textBlocks, type Block, type Structured } from './structure.js';
import type { Lang } from '../core/types.js';

/** A loaded document before splitting. */
export interface LoadedDocument {
  /** The document's own title (front matter, <title>/H1, its first line), else the file name. */
  title: string;
  /** The 文号 the document states (资测发〔2026〕3号), or front matter `docNo`. */
  docNo?: string;
  /** Markdown-ish body: ATX headings, blank-line separated paragraphs. */
  body: string;
  kind?: string;
  source?: string;
  published: string | null;
  tags: string[];
  lang: Lang;
  /** Front matter `questions:` (Markdown only; other files carry theirs in a sidecar, see questions.ts). */
  questions: string[];
}

/** File extensions the loaders understand. */
export const SUPPORTED_EXTENSIONS: ReadonlySet<string> = new Set(['.md', '.markdown', '.txt', '.html', '.htm', '.pdf', '.docx']);

const fail = (reason: string, cause?: unknown) => new CodedError('ingest_file_failed', reason, { cause });

/** Decode UTF-8 strictly and refuse binary content (NULs or many control characters). */
export function decodeText(buf: Buffer): string {
  if (buf.length === 0) throw fail('empty file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch (err) {
    throw fail('not valid UTF-8 text (binary or another encoding)', err);
  }
  const sample = text.slice(0, 8192);
  // eslint-disable-next-line no-control-regex -- detecting control characters is the point
  const control = (sample.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g) ?? []).length;
  if (sample.includes('\u0000') || control > sample.length * 0.01) throw fail('looks like binary data, not text');
  return text.replace(/^\ufeff/, '');
}

/** HTML into blocks: headings, paragraphs and list items as lines, each table as rows of cells. */
function htmlBlocks(html: string): { title?: string; blocks: Block[] } {
  const $ = cheerio.load(html);
  $('script, style, noscript, nav, header > nav, footer, iframe, svg').remove();
  const title = $('title').first().text().trim() || undefined;
  const blocks: Block[] = [];
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  $('body')
    .find('h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, table')
    .each((_, el) => {
      const tag = (el as { tagName?: string }).tagName?.toLowerCase() ?? 'p';
      // A table is emitted whole, as rows; nothing inside it is a paragraph of its own.
      if ($(el).parents('table').length > 0) return;
      if (tag === 'table') {
        const caption = clean($(el).children('caption').text());
        if (caption) blocks.push({ kind: 'text', text: caption });
        const rows = $(el)
          .find('tr')
          .toArray()
          .filter((tr) => $(tr).parents('table').first()[0] === el)
          .map((tr) => $(tr).children('td, th').toArray().map((td) => clean($(td).text())))
          .filter((cells) => cells.some(Boolean));
        if (rows.length) blocks.push({ kind: 'table', rows });
        return;
      }
      // Only leaf-ish blocks: a <li> containing <p> is emitted through its paragraphs.
      if ($(el).find('p, li, h1, h2, h3, h4, h5, h6').length > 0) return;
      const text = clean($(el).text());
      if (!text) return;
      const level = /^h([1-6])$/.exec(tag)?.[1];
      blocks.push(level ? { kind: 'text', text, level: Number(level) } : { kind: 'text', text });
    });
  if (blocks.length === 0) {
    const text = $('body').text().replace(/[ \t]+/g, ' ').trim();
    if (text) blocks.push({ kind: 'text', text });
  }
  return { title, blocks };
}

/** Turn HTML into Markdown-ish text (headings, paragraphs, table rows), with its title and 文号. */
export function htmlToText(html: string): Structured {
  const { title, blocks } = htmlBlocks(html);
  const s = structureBlocks(blocks);
  return { ...s, title: title ?? s.title };
}

/** Markdown-ish text from a PDF, with the title and 文号 it states; a scan fails with "needs OCR". */
async function pdfToText(buf: Buffer): Promise<Structured> {
  return structureBlocks(await pdfBlocks(buf));
}

/** Markdown-ish text from a DOCX, via HTML so headings and tables survive. */
async function docxToText(buf: Buffer): Promise<Structured> {
  let html: string;
  try {
    const mammoth = (await import('mammoth')).default;
    html = (await mammoth.convertToHtml({ buffer: buf })).value;
  } catch (err) {
    throw fail(`unreadable DOCX: ${(err as Error).message ?? String(err)}`, err);
  }
  return htmlToText(`<body>${html}</body>`);
}

/** Load one file's bytes into a document; `path` is used for the extension and fallback title. */
export async function loadDocument(path: string, buf: Buffer): Promise<LoadedDocument> {
  const ext = extname(path).toLowerCase();
  const fileTitle = basename(path, extname(path));
  let title: string | undefined;
  let docNo: string | undefined;
  let body: string;
  let meta: Partial<Omit<LoadedDocument, 'title' | 'body'>> = {};
  if (ext === '.md' || ext === '.markdown') {
    const text = decodeText(buf);
    let parsed: matter.GrayMatterFile<string>;
    try {
      // gray-matter caches by content; an empty options object turns the cache off.
      parsed = matter(text, {});
    } catch (err) {
      throw fail(`front matter is not valid YAML: ${(err as Error).message}`, err);
    }
    const fm = frontMatterSchema.safeParse(parsed.data ?? {});
    if (!fm.success) throw fail(`front matter: ${fm.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    title = fm.data.title;
    docNo = fm.data.docNo;
    meta = { kind: fm.data.kind, source: fm.data.source, published: fm.data.published, tags: fm.data.tags, lang: fm.data.lang, questions: fm.data.questions };
    body = parsed.content;
  } else if (ext === '.txt' || ext === '.html' || ext === '.htm' || ext === '.pdf' || ext === '.docx') {
    let s: Structured;
    if (ext === '.txt') s = structureBlocks(textBlocks(normalizeDisplay(decodeText(buf))));
    else if (ext === '.html' || ext === '.htm') s = htmlToText(normalizeDisplay(decodeText(buf)));
    else if (buf.length === 0) throw fail('empty file');
    else s = ext === '.pdf' ? await pdfToText(buf) : await docxToText(buf);
    title = s.title && s.title.length <= 80 ? s.title : undefined;
    docNo = s.docNo;
    body = s.body;
  } else {
    throw fail(`unsupported file type ${ext || '(none)'}`);
  }
  // The stored and shown form: PDF text layers and DOCX runs carry look-alike code points (⾦ for 金).
  body = normalizeDisplay(body);
  if (!body.replace(/[#\s]/g, '')) throw fail('no text content');
  const finalTitle = normalizeDisplay(title ?? fileTitle);
  return {
    title: finalTitle,
    docNo: docNo ? normalizeDisplay(docNo) : undefined,
    body,
    kind: meta.kind,
    source: meta.source,
    published: meta.published ?? null,
    tags: meta.tags ?? [],
    questions: meta.questions ?? [],
    lang: meta.lang ?? detectLang(`${finalTitle}\n${body.slice(0, 2000)}`),
  };
}
