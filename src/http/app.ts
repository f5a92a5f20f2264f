/**
 * The HTTP app: the investor chat page, the staff console, their JSON APIs, /healthz and
 * /metrics. A plain Hono app, so tests drive it with `app.request()` and no network.
 */
import { Hono } from 'hono';
import type { Config } from '../config.js';
import { createConsoleAuth } from './console-auth.js';
import { chatRoutes } from '../channels/web/chat-routes.js';
import { consoleRoutes } from './console-routes.js';
import { healthReport } from './health.js';
import type { HttpCore } from './http-core.js';
import { errorResponse, httpError } from './http-errors.js';
import { apiHeaders, frameAncestors, pageHeaders } from './security-headers.js';
import { loadStaticFiles, type StaticFile } from './static-files.js';

/** Options for tests: another static folder. */
export interface HttpAppOptions {
  staticDir?: string;
}

/** Build the Hono app over the core's handles. */
export function createHttpApp(core: HttpCore, config: Config, opts: HttpAppOptions = {}): Hono {
  const app = new Hono();
  const log = core.logger.child({ component: 'http' });
  const files = loadStaticFiles(opts.staticDir);
  const auth = createConsoleAuth({ token: config.CONSOLE_TOKEN, clock: core.clock, store: core.staffStore, directory: core.directory, sessionHours: config.CONSOLE_SESSION_HOURS, ...(core.loginThrottles ? { throttles: core.loginThrottles } : {}) });
  const chatFraming = frameAncestors(config.EMBED_ORIGINS);

  // A page's handler: its headers are built once, each request only wraps the bytes loaded at start.
  const page = (name: string, framing: string) => {
    const f = files.get(name);
    if (!f) return () => throwMissing();
    const headers = { 'Content-Type': f.type, ...pageHeaders(framing) };
    return () => new Response(f.body, { headers });
  };
  const asset = (f: StaticFile) => new Response(f.body, { headers: { 'Content-Type': f.type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' } });

  app.use('/api/*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(apiHeaders)) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
  });

  app.get('/', page('index.html', chatFraming));
  app.get('/console', page('console.html', "'none'"));
  app.get('/embed.js', () => asset(files.get('embed.js') ?? throwMissing()));
  app.get('/favicon.ico', () => asset(files.get('favicon.svg') ?? throwMissing()));
  app.get('/static/:name', (c) => {
    const f = files.get(c.req.param('name'));
    if (!f || c.req.param('name').endsWith('.html')) throw httpError('not_found', 'No such file');
    return asset(f);
  });

  app.route('/api/console', consoleRoutes(core, config, auth));
  app.route('/api', chatRoutes(core, config));

  app.get('/healthz', async (c) => {
    const { status, body } = await healthReport(core);
    return c.json(body, status, apiHeaders);
  });

  app.get('/metrics', async (c) => {
    const text = await core.metrics.registry.metrics();
    return c.body(text, 200, { 'Content-Type': core.metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => errorResponse(c, err, log));
  return app;
}

function throwMissing(): never {
  throw httpError('not_found', 'No such file');
}
