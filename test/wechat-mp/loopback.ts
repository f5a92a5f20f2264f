/**
 * A loopback JSON API server for the WeChat and WeCom fakes: every call is recorded with its path,
 * query and parsed body, and answered by the fake's handler.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

/** One recorded API call. */
export interface ApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

/** Start a server on 127.0.0.1:0 answering with `handle(call)` as JSON. */
export async function startJsonServer(handle: (call: ApiCall) => unknown, calls: ApiCall[]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = await text(req);
      const call: ApiCall = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
      calls.push(call);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(handle(call)));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
