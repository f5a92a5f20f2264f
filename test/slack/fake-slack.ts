/**
 * A loopback fake of the Slack Web API (and of response_url endpoints) that records every call
 * and answers like Slack. Tests can queue scripted answers (e.g. a 429, then the default).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
}

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The WebClient JSON-encodes structured arguments (blocks, view) inside the form.
    if ((v.startsWith('[') || v.startsWith('{')) && k !== 'text') {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // keep as string
      }
    }
    out[k] = v;
  }
  return out;
}

/** The markdown a stream call carries (`markdown_text`, or `chunks` of type markdown_text). */
function chunkText(args: Record<string, unknown>): string {
  const chunks = Array.isArray(args.chunks) ? (args.chunks as { type?: string; text?: string }[]) : [];
  return (typeof args.markdown_text === 'string' ? args.markdown_text : '') + chunks.filter((c) => c.type === 'markdown_text').map((c) => c.text ?? '').join('');
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Bodies POSTed to response_url endpoints (`/respond/<id>`). */
  readonly responds: { id: string; body: Record<string, unknown> }[] = [];
  private readonly scripted = new Map<string, ScriptedReply[]>();
  /**
   * Refuse chat.startStream as a workspace without the AI-app feature does (the error name is
   * illustrative: any `ok: false` must send the adapter to its Block Kit path).
   */
  refuseStreaming = false;
  /** Streams started and not yet stopped, by ts. */
  private readonly streams = new Map<string, { channel: string; text: string }>();
  /** Final text of each stopped stream, by ts (what the reader ends up seeing). */
  readonly streamed = new Map<string, string>();
  private server?: Server;
  private tsCounter = 1000;
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  /** Answer the next calls of `method` with these replies, in order, before the default. */
  script(method: string, ...replies: ScriptedReply[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...replies]);
  }

  /** Answer every call of `method` with `reply` (until cleared). */
  always(method: string, reply: ScriptedReply): void {
    this.scripted.set(method, Array.from({ length: 1000 }, () => reply));
  }

  clearScripts(): void {
    this.scripted.clear();
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const raw = await text(req);
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname.startsWith('/respond/')) {
          this.responds.push({ id: url.pathname.slice('/respond/'.length), body: parseArgs(raw, req.headers['content-type']) });
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
          return;
        }
        const method = url.pathname.replace(/^\/api\//, '');
        const args = parseArgs(raw, req.headers['content-type']);
        const auth = req.headers.authorization;
        this.calls.push({ method, args, ...(auth ? { token: auth.replace(/^Bearer /, '') } : {}) });
        const queue = this.scripted.get(method);
        const next = queue?.shift();
        const reply = next ?? { status: 200, body: this.defaultReply(method, args) };
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private defaultReply(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'zixing' };
      case 'chat.postMessage': {
        const ts = `1700000000.${String(++this.tsCounter).padStart(6, '0')}`;
        return { ok: true, channel: args.channel, ts, message: { text: args.text, ts } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(++this.tsCounter).padStart(6, '0')}` };
      case 'users.info': {
        // Users whose id starts with UEN use Slack in English (asked for with include_locale).
        const locale = String(args.user).startsWith('UEN') ? 'en-US' : 'zh-CN';
        return { ok: true, user: { id: args.user, name: `name-${String(args.user)}`, real_name: `Real ${String(args.user)}`, ...(args.include_locale ? { locale } : {}), profile: { display_name: `Staff ${String(args.user)}` } } };
      }
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
        return args.channel_id && args.thread_ts ? { ok: true } : { ok: false, error: 'invalid_arguments' };
      case 'chat.startStream': {
        if (this.refuseStreaming) return { ok: false, error: 'feature_not_enabled' };
        if (!args.channel || !args.thread_ts) return { ok: false, error: 'invalid_arguments' };
        const ts = `1700000000.${String(++this.tsCounter).padStart(6, '0')}`;
        this.streams.set(ts, { channel: String(args.channel), text: chunkText(args) });
        return { ok: true, channel: args.channel, ts };
      }
      case 'chat.appendStream':
      case 'chat.stopStream': {
        const stream = this.streams.get(String(args.ts));
        if (!stream || stream.channel !== args.channel) return { ok: false, error: 'message_not_in_streaming_state' };
        stream.text += chunkText(args);
        if (method === 'chat.stopStream') {
          this.streams.delete(String(args.ts));
          this.streamed.set(String(args.ts), stream.text);
        }
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'views.publish':
      case 'views.open':
        return { ok: true, view: { id: 'V1' } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
