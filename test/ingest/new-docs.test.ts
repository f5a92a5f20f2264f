/** Ingest of the fixture policy files as a knowledge editor drops them: PDF, DOCX, TXT, a scan, a radical-laden PDF. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/ingest/loaders.js';
import { isIndexStale } from '../../src/ingest/stale.js';
import { runIngest, type IngestSummary } from '../../src/ingest/run-ingest.js';
import { loadIndex, type StoredChunk } from '../../src/retrieval/index-store.js';
import { openKnowledgeBase } from '../../src/retrieval/index.js';
import { NEW_DOCS, NEW_DOCS_EDGE, NEW_DOCS_MANIFEST, tempKb } from './helpers.js';

const manifest = JSON.parse(readFileSync(NEW_DOCS_MANIFEST, 'utf8')) as { name: string; format: string; title: string; docno: string | null }[];
// Kangxi radicals, the radical supplement and compatibility ideographs.
const LOOKALIKES = /[\u2e80-\u2fdf\uf900-\ufaff]/u;

describe('PDF text layer with Kangxi radicals', () => {
  it('is stored with the unified ideographs, so articles, amounts and dates read normally', async () => {
    const file = join(NEW_DOCS_EDGE, 'kangxi-radicals.pdf');
    // The fixture really carries the look-alikes: the test would pass vacuously otherwise.
    const raw = (await (await import('unpdf')).extractText(new Uint8Array(readFileSync(file)), { mergePages: true })).text;
    expect(raw).toMatch(LOOKALIKES);
    const doc = await loadDocument('knowledge/kangxi.pdf', readFileSync(file));
    expect(doc.body).not.toMatch(LOOKALIKES);
    expect(doc.body).toContain('第一条 专项资金支持企业入驻园区，最高补助伍拾万元，申报截止时间为10月31日。');
    expect(doc.body).toContain('市长办公室和有关部门见证评审过程，不少于六个工作日公示。');
    expect(doc).toMatchObject({ title: '（测试文件）资兴市测试康熙部首样张', docNo: '资测样〔2026〕1号' });
  });
});

describe('ingesting the fixture documents', () => {
  let t: ReturnType<typeof tempKb>;
  let summary: IngestSummary;
  let chunks: StoredChunk[];
  const of = (name: string) => chunks.filter((c) => c.path.includes(name));

  beforeAll(async () => {
    t = tempKb();
    cpSync(NEW_DOCS, join(t.kb, 'new'), { recursive: true });
    cpSync(join(NEW_DOCS_EDGE, 'scanned.pdf'), join(t.kb, 'new', 'scanned-notice.pdf'));
    summary = await runIngest(t.config);
    chunks = loadIndex(t.config.DATA_DIR, { embedder: 'local-hash-v2', dimension: 256, m: t.config.HNSW_M, efConstruction: t.config.HNSW_EF_CONSTRUCTION, efSearch: t.config.HNSW_EF_SEARCH }).chunks;
  }, 60_000);
  afterAll(() => t.cleanup());

  it('ingests every document and reports the scan by path as needing OCR', () => {
    expect(summary.documents).toBe(4 + manifest.length);
    expect(summary.errors).toEqual([{ path: 'knowledge/new/scanned-notice.pdf', reason: expect.stringMatching(/^needs OCR/) }]);
    expect(of('scanned-notice')).toEqual([]);
    for (const d of manifest) expect(of(d.name).length, d.name).toBeGreaterThan(0);
  });

  it('uses each document’s own title and 文号, not its file name', () => {
    for (const d of manifest) {
      const docChunks = of(d.name);
      expect(new Set(docChunks.map((c) => c.title)), d.name).toEqual(new Set([d.title]));
      expect(new Set(docChunks.map((c) => c.docNo)), d.name).toEqual(new Set([d.docno ?? undefined]));
    }
  });

  it('keeps a DOCX table row whole and quotable, with the header row in the same chunk', () => {
    const row = 'B类（骨干人才） | 硕士研究生学历或副高级职称 | 约90平方米 | 每平方米每月十五元 | 前两年减半收取';
    const holder = of('test-talent-apartment.docx').filter((c) => c.text.split('\n').includes(row));
    expect(holder).toHaveLength(1);
    expect(holder[0]!.text).toContain('人才类别 | 认定条件 | 配租户型 | 租金标准 | 租金减免');
  });

  it('keeps a PDF table row whole, including cells that wrapped in print', () => {
    const text = of('test-special-fund.pdf').map((c) => c.text).join('\n').split('\n');
    expect(text).toContain('支持类别 | 补助标准 | 单项最高补助 | 申报条件');
    expect(text).toContain('技术改造项目 | 按设备投资额的百分之十给予补助 | 伍拾万元 | 当年完成设备投资不低于300万元');
    expect(text).toContain('新产品研发项目 | 按研发投入的15%给予补助 | 叁拾万元 | 研发投入不低于100万元且取得新产品鉴定');
    const rent = of('test-factory-rent-subsidy.pdf').map((c) => c.text).join('\n').split('\n');
    expect(rent).toContain('一般工业企业 | 全额补贴 | 补贴租金的百分之五十 | 补贴租金的百分之三十 | 30万元');
  });

  it('keeps an article whole, with its items, under its chapter heading', () => {
    const fund = of('test-special-fund.pdf');
    const art4 = fund.filter((c) => c.text.includes('第四条'));
    expect(art4).toHaveLength(1);
    expect(art4[0]!.headingPath).toEqual(['第二章 支持对象和标准']);
    expect(art4[0]!.text).toBe(
      ['第四条 申请专项资金的企业应当同时具备下列条件：', '（一）在资兴市登记注册并依法纳税满一年以上；', '（二）上一年度主营业务收入不低于500万元；', '（三）近三年内未发生重大安全生产、环境污染事故，无严重失信记录；', '（四）财务管理制度健全，会计核算规范。'].join('\n'),
    );
    // A wrapped PDF line is joined back: the article is one sentence run, not two lines.
    const art10 = fund.find((c) => c.text.startsWith('第十条'))!;
    expect(art10.text).toBe('第十条 企业以虚报、冒领、重复申报等手段骗取专项资金的，全额追回已拨付资金，三年内取消其申报专项资金的资格，并依法依规处理。');
    expect(art10.headingPath).toEqual(['第四章 监督管理']);
  });

  it('carries the 文号 to retrieved passages', async () => {
    const kb = await openKnowledgeBase(t.config);
    const r = await kb.retrieve('企业发展专项资金技术改造项目补助标准');
    expect(r.passages[0]).toMatchObject({ path: 'knowledge/new/test-special-fund.pdf', title: '（测试文件）资兴市测试企业发展专项资金管理办法（试行）', docNo: '资测发〔2026〕3号' });
  });

  it('re-reads every file of an index made by an older ingest version', async () => {
    const metaFile = join(t.config.DATA_DIR, 'index', 'meta.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, unknown>;
    expect(isIndexStale(t.config)).toBe(false);
    delete meta.ingest;
    writeFileSync(metaFile, JSON.stringify(meta));
    expect(isIndexStale(t.config)).toBe(true);
    const again = await runIngest(t.config);
    expect(again.embedded).toBe(again.chunks);
    expect(isIndexStale(t.config)).toBe(false);
  }, 60_000);
});
