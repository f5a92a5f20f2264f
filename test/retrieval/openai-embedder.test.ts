import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { OpenAIEmbedder } from '../../src/retrieval/openai-embedder.js';
import { EmbedderEmbeddings } from '../../src/retrieval/langchain-embeddings.js';

/** A fake OpenAI-compatible /v1/embeddings: vectors derived from the text so they differ. */
interface Fake {
  url: string;
  requests: { input: string[]; model: string; dimensions?: number }[];
  /** Queue of canned replies used before the normal behaviour: a status code or 'malformed'. */
  script: (number | 'malformed')[];
  server: Server;
}

function vectorFor(text: string, dim = 4): number[] {
  const v = Array.from({ length: dim }, (_, i) => [...text].reduce((s, c, j) => s + ((c.codePointAt(0)! * (i + 1) + j) % 17), 0));
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

async function startFake(): Promise<Fake> {
  const fake: Fake = { url: '', requests: [], script: [], server: undefined as unknown as Server };
  fake.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/embeddings' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { input: string | string[]; model: string; dimensions?: number };
      const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
      fake.requests.push({ input, model: parsed.model, dimensions: parsed.dimensions });
      const next = fake.script.shift();
      if (next === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [ {"index": 0, "embedding": [0.1, ');
        return;
      }
      if (typeof next === 'number') {
        res.writeHead(next, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'boom', type: 'server_error' } }));
        return;
      }
      // Reply out of order: clients must sort by index.
      const data = input.map((t, index) => ({ object: 'embedding', index, embedding: vectorFor(t) })).reverse();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v1`;
  return fake;
}

let fake: Fake | undefined;
afterEach(async () => {
  if (fake) {
    const closed = new Promise((r) => fake!.server.close(r));
    // Keep-alive sockets (and the one a timed-out request left behind) would hold close() for seconds.
    fake.server.closeAllConnections();
    await closed;
  }
  fake = undefined;
});

const make = (f: Fake, extra: Partial<ConstructorParameters<typeof OpenAIEmbedder>[0]> = {}) =>
  new OpenAIEmbedder({ baseURL: f.url, apiKey: 'sk-test-key', model: 'bge-m3', timeoutMs: 5000, batchSize: 3, retryDelayMs: 5, ...extra });

describe('OpenAIEmbedder against a loopback OpenAI-compatible server', () => {
  it('batches inputs, keeps order and learns the dimension', async () => {
    fake = await startFake();
    const e = make(fake);
    const texts = ['资兴', '鹏博士', '算力中心', '助保贷', '招商大使', '一对一', '联络站'];
    const vs = await e.embedDocuments(texts);
    expect(fake.requests.map((r) => r.input.length)).toEqual([3, 3, 1]);
    expect(vs).toEqual(texts.map((t) => vectorFor(t)));
    expect(e.dimension).toBe(4);
    expect(e.id).toBe('openai:bge-m3');
    expect(fake.requests[0]!.model).toBe('bge-m3');
  });

  it('retries documents after a 500 and then succeeds', async () => {
    fake = await startFake();
    fake.script.push(500, 429);
    const [v] = await make(fake).embedDocuments(['减税降费']);
    expect(v).toEqual(vectorFor('减税降费'));
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up after the retry budget with a coded error', async () => {
    fake = await startFake();
    fake.script.push(503, 503, 503);
    await expect(make(fake, { maxRetries: 2 }).embedDocuments(['x'])).rejects.toMatchObject({ code: 'embedding_failed', message: expect.stringMatching(/503/) });
  });

  it('does not retry a query by default (the retriever falls back to BM25 instead)', async () => {
    fake = await startFake();
    fake.script.push(500);
    await expect(make(fake).embedQuery('x')).rejects.toMatchObject({ code: 'embedding_failed' });
    expect(fake.requests).toHaveLength(1);
    // The next query goes through.
    expect(await make(fake).embedQuery('资兴')).toEqual(vectorFor('资兴'));
  });

  it('opens a circuit after repeated query failures and tries again after the cool-down', async () => {
    fake = await startFake();
    const clock = new ManualClock();
    const e = make(fake, { clock, queryFailureThreshold: 2, queryCoolDownMs: 10_000 });
    fake.script.push(503, 503, 503);
    for (let i = 0; i < 4; i++) await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'embedding_failed' });
    // Two failures reached the endpoint; the other two were refused by the open circuit.
    expect(fake.requests).toHaveLength(2);
    clock.advance(10_000);
    // Half-open: one trial call, which fails (third scripted 503) and re-opens the circuit.
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'embedding_failed' });
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'embedding_failed' });
    expect(fake.requests).toHaveLength(3);
    clock.advance(10_000);
    expect(await e.embedQuery('资兴')).toEqual(vectorFor('资兴'));
    expect(await e.embedQuery('佛山')).toEqual(vectorFor('佛山'));
    expect(fake.requests).toHaveLength(5);
  });

  it('gives a query a short timeout of its own while documents keep the long one', async () => {
    fake = await startFake();
    const e = make(fake, { queryTimeoutMs: 100, timeoutMs: 5000 });
    const slow = fake.server.listeners('request')[0] as (...a: unknown[]) => void;
    fake.server.removeAllListeners('request');
    fake.server.on('request', (...a: unknown[]) => setTimeout(() => slow(...a), 300));
    await expect(e.embedQuery('x')).rejects.toMatchObject({ code: 'embedding_failed' });
    expect(await e.embedDocuments(['资兴'])).toEqual([vectorFor('资兴')]);
  });

  it('turns malformed JSON into a clear error', async () => {
    fake = await startFake();
    fake.script.push('malformed');
    await expect(make(fake).embedQuery('x')).rejects.toMatchObject({ code: 'embedding_failed', message: expect.stringMatching(/malformed JSON/) });
  });

  it('sends requested dimensions and works through the LangChain adapter', async () => {
    fake = await startFake();
    const lc = new EmbedderEmbeddings(make(fake, { dimensions: 4 }));
    const [a, b] = await lc.embedDocuments(['资兴', '佛山']);
    expect(a).not.toEqual(b);
    expect(await lc.embedQuery('资兴')).toEqual(a);
    expect(fake.requests[0]!.dimensions).toBe(4);
  });
});
