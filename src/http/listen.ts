/**
 * Runs the Hono app on a Node HTTP server, with raw routes handed the untouched request (Slack's
 * Bolt receiver must read the unparsed body to verify signatures), and a graceful close.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { isLoopback } from '../config.js';
import { CodedError } from '../core/errors.js';

/** Where and how to listen. */
export interface ListenOptions {
  port: number;
  host: string;
  /** Exact paths (query string ignored) served by raw Node listeners, e.g. '/slack/events'. */
  rawRoutes?: Record<string, RequestListener>;
  /** CONSOLE_TOKEN: listening on a non-loopback host without one is refused. */
  consoleToken?: string;
}

/** A running server. */
export interface RunningServer {
  server: Server;
  port: number;
  /** http://host:port */
  url: string;
  /** Stop accepting, let requests in flight finish until `deadlineMs`, then cut what is left. */
  close(deadlineMs?: number): Promise<void>;
}

/** Start the HTTP server; resolves once it listens. */
export async function startHttpServer(app: Hono, opts: ListenOptions): Promise<RunningServer> {
  if (!isLoopback(opts.host) && !opts.consoleToken) {
    throw new CodedError('config_invalid', `Refusing to listen on ${opts.host}: not loopback and no CONSOLE_TOKEN set`);
  }
  const honoListener = getRequestListener(app.fetch);
  const raw = opts.rawRoutes ?? {};
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const rawRoute = raw[path];
    if (rawRoute) {
      rawRoute(req, res);
      return;
    }
    void honoListener(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    port,
    url: `http://${hostForUrl}:${port}`,
    close(deadlineMs = 10_000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
        // A keep-alive connection turns idle when its last request ends; close it then, not at its timeout.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
