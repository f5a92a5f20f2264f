/**
 * Loaders turn a file of any supported type into Markdown-ish text plus metadata. Every failure
 * (corrupt PDF, empty, binary) becomes a CodedError('ingest_file_failed') naming the reason.
 */
import { basename, extname } from 'node:path';
import * as cheerio from 'cheerio';
import matter from 'gray-matter';
import { CodedError } from '../core/errors.js';
import { detectLang } from '../text/index.js';
import { frontMatterSchema } from './front-matter.js';
import type { Lang } from '../core/types.js';

/** A loaded document before splitting. */
export interface LoadedDocument {
  title: string;
  /** Markdown-ish body: ATX headings, blank-line separated paragraphs. */
  body: string;
  kind?: string;
  source?: string;
  published: string | null;
  tags: string[];
  lang: Lang;
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

/** Turn HTML into Markdown-ish text, keeping headings and paragraphs. */
export function htmlToText(html: string): { title?: string; body: string } {
  const $ = cheerio.load(html);
  $('script, style, noscript, nav, header > nav, footer, iframe, svg').remove();
  const title = $('title').first().text().trim() || $('h1').first().text().trim() || undefined;
  const blocks: string[] = [];
  $('body')
    .find('h1, h2, h3, h4, h5, h6, p, li, td, th, pre, blockquote')
    .each((_, el) => {
      // Only leaf-ish blocks: a <li> containing <p> is emitted through its paragraphs.
      if ($(el).find('p, li, h1, h2, h3, h4, h5, h6').length > 0) return;
      const text = $(el).text().replace(/\s+/g, ' ').trim();
      if (!text) return;
      const tag = (el as { tagName?: string }).tagName?.toLowerCase() ?? 'p';
      const level = /^h([1-6])$/.exec(tag)?.[1];
      blocks.push(level ? `${'#'.repeat(Number(level))} ${text}` : text);
    });
  if (blocks.length === 0) {
    const text = $('body').text().replace(/[ \t]+/g, ' ').trim();
    if (text) blocks.push(text);
  }
  return { title, body: blocks.join('\n\n') };
}

/** Plain text from a PDF (pages joined); fails on corrupt files. */
async function pdfToText(buf: Buffer): Promise<string> {
  try {
    // Loaded on demand: PDF.js costs seconds of start-up that Markdown-only runs need not pay.
    const { extractText } = await import('unpdf');
    const { text } = await extractText(new Uint8Array(buf), { mergePages: true });
    return text;
  } catch (err) {
    throw fail(`unreadable PDF: ${(err as Error).message ?? String(err)}`, err);
  }
}

/** Markdown-ish text from a DOCX, via HTML so headings survive. */
async function docxToText(buf: Buffer): Promise<{ title?: string; body: string }> {
  try {
    const mammoth = (await import('mammoth')).default;
    const { value } = await mammoth.convertToHtml({ buffer: buf });
    return htmlToText(`<body>${value}</body>`);
  } catch (err) {
    throw fail(`unreadable DOCX: ${(err as Error).message ?? String(err)}`, err);
  }
}

/** Load one file's bytes into a document; `path` is used for the extension and fallback title. */
export async function loadDocument(path: string, buf: Buffer): Promise<LoadedDocument> {
  const ext = extname(path).toLowerCase();
  const fileTitle = basename(path, extname(path));
  let title: string | undefined;
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
    meta = { kind: fm.data.kind, source: fm.data.source, published: fm.data.published, tags: fm.data.tags, lang: fm.data.lang };
    body = parsed.content;
  } else if (ext === '.txt') {
    body = decodeText(buf);
  } else if (ext === '.html' || ext === '.htm') {
    const h = htmlToText(decodeText(buf));
    title = h.title;
    body = h.body;
  } else if (ext === '.pdf') {
    if (buf.length === 0) throw fail('empty file');
    body = await pdfToText(buf);
  } else if (ext === '.docx') {
    if (buf.length === 0) throw fail('empty file');
    const d = await docxToText(buf);
    title = d.title && d.title.length <= 80 ? d.title : undefined;
    body = d.body;
  } else {
    throw fail(`unsupported file type ${ext || '(none)'}`);
  }
  if (!body.replace(/[#\s]/g, '')) throw fail('no text content');
  const finalTitle = title ?? fileTitle;
  return {
    title: finalTitle,
    body,
    kind: meta.kind,
    source: meta.source,
    published: meta.published ?? null,
    tags: meta.tags ?? [],
    lang: meta.lang ?? detectLang(`${finalTitle}\n${body.slice(0, 2000)}`),
  };
}
