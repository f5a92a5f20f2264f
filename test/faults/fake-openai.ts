/**
 * A loopback fake of an OpenAI-compatible server (`/v1/chat/completions`, `/v1/embeddings`) whose
 * behaviour a test switches at run time: healthy, down (HTTP 500), slow, or answering garbage.
 * The real `openai` SDK talks to it; every request is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

/** How the fake answers chat or embeddings requests. */
export type FakeMode = 'ok' | 'http500' | 'non_json' | 'wrong_shape' | 'slow' | 'empty' | 'stall';

/** A chat request as received. */
export interface ChatCall {
  messages: { role: string; content: string }[];
  stream: boolean;
}

/** Writes the text of a healthy chat reply from the request. */
export type ChatResponder = (call: ChatCall) => string;

const DIM = 96;

/** Deterministic, text-dependent unit vector: character unigrams and bigrams hashed into `DIM` buckets. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(DIM).fill(0);
  const chars = [...text.toLowerCase().replace(/\s+/g, '')];
  const grams = [...chars, ...chars.slice(1).map((c, i) => chars[i]! + c)];
  for (const g of grams) {
    // FNV-1a over the code points: cheap, and different texts get different vectors.
    let h = 0x811c9dc5;
    for (const ch of g) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
    v[h % DIM]! += h & 0x10000 ? 1 : -1;
  }
  const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0)) || 1;
  return v.map((x) => x / norm);
}

/** The fake server. `chatMode` / `embedMode` may be changed between requests. */
export class FakeOpenAI {
  chatMode: FakeMode = 'ok';
  embedMode: FakeMode = 'ok';
  /** How long a 'slow' answer is held back (the server closes held connections on stop). */
  slowMs = 10_000;
  respond: ChatResponder = () => '资兴形成了大数据、电子信息等优势产业。[1]';
  readonly chatCalls: ChatCall[] = [];
  readonly embedCalls: string[][] = [];
  private server?: Server;
  private readonly held = new Set<NodeJS.Timeout>();
  port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const t of this.held) clearTimeout(t);
    this.held.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await text(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // recorded as empty
    }
    if (path.endsWith('/chat/completions')) {
      const call: ChatCall = { messages: (body.messages as ChatCall['messages']) ?? [], stream: body.stream === true };
      this.chatCalls.push(call);
      return this.answer(res, this.chatMode, () => this.chatBody(call));
    }
    if (path.endsWith('/embeddings')) {
      const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input ?? '')];
      this.embedCalls.push(input);
      return this.answer(res, this.embedMode, () => ({
        object: 'list',
        model: body.model,
        data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      }));
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'not found' } }));
  }

  private answer(res: ServerResponse, mode: FakeMode, healthy: () => unknown): void {
    switch (mode) {
      case 'ok': {
        const b = healthy();
        if (typeof b === 'string') {
          // A streamed chat reply (server-sent events), as the real API sends it.
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(b);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(b));
        return;
      }
      case 'http500':
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
        return;
      case 'non_json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html><body>502 Bad Gateway from some proxy</body></html>');
        return;
      case 'wrong_shape':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: 'ok', data: 'not-a-list', choices: 'nope' }));
        return;
      case 'empty':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }], data: [] }));
        return;
      case 'stall': {
        // A stream that starts, sends one delta and then goes silent (held until stop()).
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'fake', choices: [{ index: 0, delta: { role: 'assistant', content: '资兴工业用地' }, finish_reason: null }] })}\n\n`);
        return;
      }
      case 'slow': {
        // Headers are not even sent: the client's own deadline must end the wait.
        const t = setTimeout(() => {
          this.held.delete(t);
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(healthy()));
        }, this.slowMs);
        this.held.add(t);
        return;
      }
    }
  }

  private chatBody(call: ChatCall): unknown {
    const text = this.respond(call);
    if (!call.stream) {
      return { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'fake', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] };
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'fake', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    return chunk({ role: 'assistant', content: text }, null) + chunk({}, 'stop') + 'data: [DONE]\n\n';
  }
}

/** A loopback port nothing listens on (bound, then closed): connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
