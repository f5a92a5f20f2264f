/** A minimal keep-alive HTTP client for the load test: less overhead than fetch, exact timings. */
import { Agent, request } from 'node:http';

/** What came back: status and body text. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** A keep-alive agent sized for `sockets` concurrent requests. */
export function loadAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: Math.max(1, sockets), maxFreeSockets: Math.max(1, sockets) });
}

/** Send one HTTP request; rejects on network failure or after `timeoutMs`. */
export function httpRequest(
  url: string,
  opts: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number; agent?: Agent; localAddress?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = request(
      { hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'), headers, agent: opts.agent, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/**
 * The n-th loopback source address (127.1.0.1, 127.1.0.2, …), so each simulated investor arrives
 * from an address of its own, as real ones do, and per-address throttles see them apart.
 */
export function loopbackSource(n: number): string {
  const i = Math.max(0, Math.floor(n));
  const c = 1 + (i % 254);
  const b = Math.floor(i / 254) % 256;
  const a = 1 + (Math.floor(i / (254 * 256)) % 254);
  return `127.${a}.${b}.${c}`;
}

/** Whether this machine routes the whole 127/8 block to loopback (Linux does; macOS does not by default). */
export async function loopbackAliasesWork(): Promise<boolean> {
  const { createServer, connect } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer((s) => s.destroy());
    srv.once('error', () => resolve(false));
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      const sock = connect({ host: '127.0.0.1', port, localAddress: loopbackSource(0) });
      const done = (ok: boolean) => {
        sock.destroy();
        srv.close();
        resolve(ok);
      };
      sock.once('connect', () => done(true));
      sock.once('error', () => done(false));
    });
  });
}
