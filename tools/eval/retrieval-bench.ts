/**
 * Benchmark sections for `npm run bench`: ingest throughput, query latency, index size and peak
 * RSS on the sample knowledge base and on a synthetic corpus, with MiniSearch (same jieba
 * tokeniser) and exact brute-force cosine as baselines. Each section returns printable rows.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import type { Config } from '../../src/config.js';
import { ingestShards, runIngest } from '../../src/ingest/run-ingest.js';
import { scanKnowledge } from '../../src/ingest/scan.js';
import { indexedText } from '../../src/retrieval/indexed-text.js';
import { splitDocument } from '../../src/ingest/splitter.js';
import { loadIndex } from '../../src/retrieval/index-store.js';
import { configuredEmbedder } from '../../src/retrieval/create-embedder.js';
import { hnswlib } from '../../src/retrieval/hnswlib.js';
import { LocalHashEmbedder } from '../../src/retrieval/local-hash-embedder.js';
import { openKnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import { tokenize } from '../../src/text/index.js';
import { factRank, type EvalCase } from './retrieval-metrics.js';
import { seededRandom } from '../../src/core/random.js';
import { perturb, pieces } from './retrieval-synthetic.js';
import type { QuerySet } from './query-latency.js';
import { percentile } from '../loadtest/stats.js';

/** One printed table. */
export interface BenchSection {
  title: string;
  rows: [string, string][];
}

/** Total bytes of the files under `dir`. */
export function dirBytes(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const st = statSync(join(dir, name));
    n += st.isDirectory() ? dirBytes(join(dir, name)) : st.size;
  }
  return n;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Run `f`, returning its result with wall and CPU seconds (CPU time is robust to a busy machine). */
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** Peak resident set size of this process so far. */
export function peakRss(): string {
  return mb(process.resourceUsage().maxRSS * 1024);
}

function miniSearchOver(docs: { id: number; text: string }[]): MiniSearch<{ id: number; text: string }> {
  const m = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], tokenize: (s) => tokenize(s), processTerm: (t) => t });
  m.addAll(docs);
  return m;
}

/** Exact top-k by cosine over unit vectors stored flat. */
function exactTopK(flat: Float32Array, dim: number, q: number[], k: number): number[] {
  const n = flat.length / dim;
  const best: { i: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) s += flat[o + j]! * q[j]!;
    if (best.length < k || s > best[best.length - 1]!.s) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => b.i);
}

/**
 * Hybrid query latency samples (ms) measured in a fresh child process (scripts/query-latency.ts)
 * that opens `cfg`'s index as `npm start` does and serves one warm-up pass first: what the server
 * sees, without the heap of an in-process ingest. Blocks until the child is done; throws with
 * its stderr if it fails.
 */
export function childQueryLatency(cfg: Config, sets: QuerySet[], passes = 3): { name: string; samples: number[] }[] {
  if (sets.length === 0) return [];
  const script = fileURLToPath(new URL('../../scripts/query-latency.ts', import.meta.url));
  // Under `tsx` the loader flags are in execArgv; elsewhere (vitest, plain node) add tsx's loader,
  // resolved from this file so the child does not depend on the working directory.
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  const loader = hasTsx ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const r = spawnSync(process.execPath, [...process.execArgv, ...loader, script], {
    input: JSON.stringify({ sets, passes }),
    env: {
      ...process.env,
      DATA_DIR: cfg.DATA_DIR,
      KNOWLEDGE_DIR: cfg.KNOWLEDGE_DIR,
      EMBEDDINGS_PROVIDER: cfg.EMBEDDINGS_PROVIDER,
      LOCAL_EMBEDDING_DIM: String(cfg.LOCAL_EMBEDDING_DIM),
      HNSW_M: String(cfg.HNSW_M),
      HNSW_EF_CONSTRUCTION: String(cfg.HNSW_EF_CONSTRUCTION),
      HNSW_EF_SEARCH: String(cfg.HNSW_EF_SEARCH),
      LOG_LEVEL: 'silent',
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`query latency child failed to run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`query latency child exited with ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  // The result is the last line; anything a dependency printed before it is ignored.
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { name: string; samples: number[] }[];
  } catch {
    throw new Error(`query latency child printed no result: ${r.stdout.slice(-500)}${r.stderr.trim()}`);
  }
}

/**
 * Sample knowledge base: ingest, latency, size, and recall@5 of hybrid vs MiniSearch vs exact
 * cosine on each set of cases (the dev set, and held-out paraphrases). Latency runs over the
 * first set's questions.
 */
export async function sampleSection(config: Config, sets: { name: string; cases: EvalCase[] }[]): Promise<BenchSection> {
  const root = mkdtempSync(join(tmpdir(), 'zx-bench-'));
  try {
    const cfg: Config = { ...config, DATA_DIR: root };
    const ing = await timed(() => runIngest(cfg, { full: true }));
    const s = ing.value;
    const kb = await openKnowledgeBase(cfg);
    const lat: number[] = [];
    // Per-query CPU time is the figure to compare across runs: wall time moves with machine load.
    const cpu: number[] = [];
    for (let rep = 0; rep < 20; rep++) {
      for (const c of sets[0]?.cases ?? []) {
        const c0 = process.cpuUsage();
        const t = performance.now();
        await kb.retrieve(c.question, { k: 5 });
        lat.push(performance.now() - t);
        const u = process.cpuUsage(c0);
        cpu.push((u.user + u.system) / 1000);
      }
    }
    // Baselines over the same chunks.
    const data = loadIndex(root, { ...configuredEmbedder(cfg), m: cfg.HNSW_M, efConstruction: cfg.HNSW_EF_CONSTRUCTION, efSearch: cfg.HNSW_EF_SEARCH });
    const docs = data.chunks.map((c) => ({ id: c.label, text: indexedText(c.title, c.headingPath, c.text), body: c.text }));
    const ms0 = miniSearchOver(docs);
    const byLabel = new Map(docs.map((d) => [d.id, d]));
    const embedder = new LocalHashEmbedder(cfg.LOCAL_EMBEDDING_DIM, data.embedderState);
    const dim = cfg.LOCAL_EMBEDDING_DIM;
    const flat = new Float32Array(docs.length * dim);
    docs.forEach((d, i) => flat.set(data.vectors.vector(d.id), i * dim));
    const recallRows: [string, string][] = [];
    for (const set of sets) {
      const facts = set.cases.filter((c) => c.expect.facts?.length && !c.history?.length);
      if (facts.length === 0) continue;
      let hybridHits = 0;
      let miniHits = 0;
      let exactHits = 0;
      for (const c of facts) {
        const r = await kb.retrieve(c.question, { k: 5 });
        if (factRank(c.expect.facts!, r.passages).rank) hybridHits++;
        const m = ms0.search(c.question).slice(0, 5).map((h) => ({ text: byLabel.get(h.id as number)!.body }));
        if (factRank(c.expect.facts!, m).rank) miniHits++;
        const e = exactTopK(flat, dim, embedder.embed(c.question), 5).map((i) => ({ text: docs[i]!.body }));
        if (factRank(c.expect.facts!, e).rank) exactHits++;
      }
      const f = (n: number) => (n / facts.length).toFixed(3);
      recallRows.push([`recall@5, ${set.name} (${facts.length} fact cases): hybrid / MiniSearch / exact cosine`, `${f(hybridHits)} / ${f(miniHits)} / ${f(exactHits)}`]);
    }
    return {
      title: `sample knowledge base (${s.documents} files, ${s.chunks} chunks)`,
      rows: [
        ['ingest (full, local embedder), wall', `${ing.wall.toFixed(2)} s = ${(s.chunks / ing.wall).toFixed(0)} chunks/s`],
        ['ingest, CPU time', `${ing.cpu.toFixed(2)} s = ${(s.chunks / ing.cpu).toFixed(0)} chunks/CPU-s`],
        ['index size on disk', mb(dirBytes(join(root, 'index')))],
        ['hybrid query p50 / p99', `${ms(percentile(lat, 50))} / ${ms(percentile(lat, 99))}`],
        ['hybrid query CPU p50 / mean', `${ms(percentile(cpu, 50))} / ${ms(cpu.reduce((a, b) => a + b, 0) / (cpu.length || 1))}`],
        ...recallRows,
        ['  (MiniSearch: same jieba tokeniser; exact cosine: local embedder vectors only)', ''],
        ['peak RSS so far', peakRss()],
      ],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Synthetic corpus of `size` chunks: real sample chunks with ~1/3 of their words replaced by
 * words from the sample's vocabulary, so the corpus keeps topical structure at scale.
 */
export async function syntheticSection(config: Config, size: number, log: (s: string) => void = () => {}, questions: string[] = [], keep = false): Promise<BenchSection> {
  const root = mkdtempSync(join(tmpdir(), 'zx-bench-syn-'));
  if (keep) log(`synthetic: corpus and index kept in ${root}`);
  try {
    const seeds = scanKnowledge(config.KNOWLEDGE_DIR).flatMap((f) =>
      splitDocument(readFileSync(f.file, 'utf8').replace(/^---[\s\S]*?---/, ''), { size: config.CHUNK_SIZE, overlap: 0 }).map((c) => c.text),
    );
    const segs = seeds.map(pieces);
    const vocab = segs.flat().filter((w) => /[\u4e00-\u9fffA-Za-z]/.test(w));
    const rnd = seededRandom(7);
    const kdir = join(root, 'knowledge');
    mkdirSync(kdir, { recursive: true });
    const perFile = 200;
    const queries: string[] = [];
    for (let f = 0, made = 0; made < size; f++) {
      const n = Math.min(perFile, size - made);
      const parts = [`---\ntitle: 合成文档${f}\n---\n`];
      for (let i = 0; i < n; i++) {
        const base = segs[Math.floor(rnd() * segs.length)]!;
        const text = perturb(base, vocab, rnd).slice(0, config.CHUNK_SIZE - 10);
        parts.push(`## 节${i}\n\n${text}\n`);
        if (queries.length < 200 && rnd() < 0.01) queries.push(text.slice(0, 24));
      }
      made += n;
      writeFileSync(join(kdir, `syn-${String(f).padStart(5, '0')}.md`), parts.join('\n'));
    }
    const cfg: Config = { ...config, KNOWLEDGE_DIR: kdir, DATA_DIR: join(root, 'data') };
    log(`synthetic: ingesting ${size} chunks…`);
    const ing = await timed(() => runIngest(cfg, { full: true }));
    const s = ing.value;
    const rssAfterIngest = peakRss();
    log('synthetic: querying (fresh process)…');
    const latencySets = [
      { name: 'queries', queries },
      { name: 'questions', queries: questions },
    ].filter((q) => q.queries.length > 0);
    const measured = childQueryLatency(cfg, latencySets);
    const samples = (name: string) => measured.find((m) => m.name === name)?.samples ?? [];
    const lat = samples('queries');
    const qlat = samples('questions');
    // HNSW vs exact recall@10 on the stored vectors.
    const data = loadIndex(cfg.DATA_DIR, { ...configuredEmbedder(cfg), m: cfg.HNSW_M, efConstruction: cfg.HNSW_EF_CONSTRUCTION, efSearch: cfg.HNSW_EF_SEARCH });
    const dim = cfg.LOCAL_EMBEDDING_DIM;
    const flat = new Float32Array(data.chunks.length * dim);
    for (const c of data.chunks) flat.set(data.vectors.vector(c.label), c.label * dim);
    const embedder = new LocalHashEmbedder(dim, data.embedderState);
    // Two query sets: chunk prefixes (their neighbours are near-duplicate copies of one seed
    // chunk, the hard case) and the evaluation questions (what investors actually ask).
    const querySets = [
      { name: 'chunk-prefix queries', vectors: queries.slice(0, 100).map((q) => embedder.embed(q)) },
      { name: `${questions.length} eval questions`, vectors: questions.map((q) => embedder.embed(q)) },
    ].filter((q) => q.vectors.length > 0);
    const exactLat: number[] = [];
    const exact = querySets.map((set) =>
      set.vectors.map((qv) => {
        const t = performance.now();
        const top = exactTopK(flat, dim, qv, 10);
        exactLat.push(performance.now() - t);
        return top;
      }),
    );
    const annRows: [string, string][] = [];
    // The configured ef with lower and higher settings beside it, to show the recall/latency curve.
    const efs = [...new Set([cfg.HNSW_EF_SEARCH / 4, cfg.HNSW_EF_SEARCH / 2, cfg.HNSW_EF_SEARCH, cfg.HNSW_EF_SEARCH * 2].map((e) => Math.max(10, Math.round(e))))];
    for (const ef of efs) {
      data.vectors.setEf(ef);
      querySets.forEach((set, si) => {
        let hit = 0;
        let total = 0;
        const annLat: number[] = [];
        set.vectors.forEach((qv, i) => {
          const t = performance.now();
          const approx = new Set(data.vectors.search(qv, 10).map((h) => h.label));
          annLat.push(performance.now() - t);
          for (const e of exact[si]![i]!) {
            total++;
            if (approx.has(e)) hit++;
          }
        });
        annRows.push([`HNSW ef=${ef}, ${set.name}: recall@10 vs exact, search p50`, `${(hit / Math.max(1, total)).toFixed(3)}, ${ms(percentile(annLat, 50))}`]);
      });
    }
    data.vectors.setEf(cfg.HNSW_EF_SEARCH);
    log('synthetic: MiniSearch…');
    const t0 = performance.now();
    const mini = miniSearchOver(data.chunks.map((c) => ({ id: c.label, text: indexedText(c.title, c.headingPath, c.text) })));
    const miniBuild = (performance.now() - t0) / 1000;
    if (queries.length) mini.search(queries[0]!); // warm-up, as the hybrid queries get
    const miniLat: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      mini.search(q).slice(0, 5);
      miniLat.push(performance.now() - t);
    }
    return {
      title: `synthetic corpus (${s.chunks} chunks, dim ${dim}, M ${cfg.HNSW_M}, efConstruction ${cfg.HNSW_EF_CONSTRUCTION}, ef ${cfg.HNSW_EF_SEARCH}, ${data.vectors.shardCount} shard(s) built on ${ingestShards(cfg, s.chunks) > 1 ? 'worker threads' : 'the main thread'}, hnswlib ${hnswlib().variant} build)`,
      rows: [
        ['ingest (full, local embedder), wall', `${ing.wall.toFixed(1)} s = ${(s.chunks / ing.wall).toFixed(0)} chunks/s`],
        ['ingest, CPU time', `${ing.cpu.toFixed(1)} s = ${(s.chunks / ing.cpu).toFixed(0)} chunks/CPU-s`],
        ['index size on disk', mb(dirBytes(join(cfg.DATA_DIR, 'index')))],
        ['peak RSS after ingest', rssAfterIngest],
        [`hybrid query p50 / p99 (${queries.length} chunk-prefix queries, fresh process, warmed)`, `${ms(percentile(lat, 50))} / ${ms(percentile(lat, 99))}`],
        ...(questions.length ? [[`hybrid query p50 / p99 (${questions.length} eval questions, fresh process, warmed)`, `${ms(percentile(qlat, 50))} / ${ms(percentile(qlat, 99))}`] as [string, string]] : []),
        ...annRows,
        ['exact brute-force cosine p50 (k=10)', ms(percentile(exactLat, 50))],
        ['MiniSearch build (same tokeniser)', `${miniBuild.toFixed(1)} s = ${(s.chunks / miniBuild).toFixed(0)} chunks/s`],
        ['MiniSearch query p50 / p99', `${ms(percentile(miniLat, 50))} / ${ms(percentile(miniLat, 99))}`],
        ['peak RSS', peakRss()],
      ],
    };
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}
