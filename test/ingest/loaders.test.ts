import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../src/core/errors.js';
import { loadDocument } from '../../src/ingest/loaders.js';

async function makePdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage();
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 700 - i * 20, size: 12, font }));
  return Buffer.from(await pdf.save());
}

describe('loaders', () => {
  it('reads Markdown front matter and falls back to the file name for a missing title', async () => {
    const withTitle = await loadDocument('knowledge/a.md', Buffer.from('---\ntitle: 标题\nkind: policy\npublished: 2024-05-01\ntags: [甲, 乙]\n---\n\n# 标题\n\n正文内容。'));
    expect(withTitle).toMatchObject({ title: '标题', kind: 'policy', published: '2024-05-01', tags: ['甲', '乙'], lang: 'zh' });
    const noTitle = await loadDocument('knowledge/zone-notes.md', Buffer.from('正文内容，没有前言。'));
    expect(noTitle.title).toBe('zone-notes');
    expect(noTitle.published).toBeNull();
  });

  it('rejects malformed front matter with a reason', async () => {
    await expect(loadDocument('k/bad.md', Buffer.from('---\nlang: fr\n---\n正文'))).rejects.toThrow(/front matter/);
  });

  it('extracts text from a generated PDF', async () => {
    const doc = await loadDocument('k/report.pdf', await makePdf(['Zixing computing centre', 'Total investment 3 billion yuan']));
    expect(doc.body).toContain('Total investment 3 billion yuan');
    // The document's own first line names it; the file name is only the fallback.
    expect(doc.title).toBe('Zixing computing centre');
    expect(doc.lang).toBe('en');
  });

  it('extracts headings and paragraphs from a generated DOCX', async () => {
    const d = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: '资兴政策', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: '减税降费', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ text: '资兴帮助经济实体减税降费3.82亿元。' }),
          ],
        },
      ],
    });
    const doc = await loadDocument('k/policy.docx', await Packer.toBuffer(d));
    expect(doc.body).toContain('## 减税降费');
    expect(doc.body).toContain('资兴帮助经济实体减税降费3.82亿元。');
  });

  it('turns HTML into headings and paragraphs, dropping scripts', async () => {
    const html = '<html><head><title>资兴招商</title><script>alert(1)</script></head><body><h1>资兴招商</h1><h2>服务</h2><p>“一对一”服务。</p><ul><li>一条龙</li></ul></body></html>';
    const doc = await loadDocument('k/page.html', Buffer.from(html));
    expect(doc.title).toBe('资兴招商');
    expect(doc.body).toBe('# 资兴招商\n\n## 服务\n\n“一对一”服务。\n\n一条龙');
  });

  it('reports corrupt PDFs, empty files and binary junk with coded errors', async () => {
    const corrupt = loadDocument('k/x.pdf', Buffer.from('%PDF-1.7\nthis is not really a pdf'));
    await expect(corrupt).rejects.toBeInstanceOf(CodedError);
    await expect(corrupt).rejects.toThrow(/PDF/);
    await expect(loadDocument('k/e.txt', Buffer.alloc(0))).rejects.toThrow(/empty/);
    await expect(loadDocument('k/j.txt', Buffer.from([0, 1, 2, 255, 254, 0, 7, 8]))).rejects.toThrow(/UTF-8|binary/);
    await expect(loadDocument('k/blank.md', Buffer.from('---\ntitle: x\n---\n\n   \n'))).rejects.toThrow(/no text/);
  });
});
