/**
 * Signals between instances over PostgreSQL's LISTEN/NOTIFY: one dedicated connection per
 * instance listens on the channel; `publish` is `pg_notify` on the store's pool. A signal reaches
 * this instance's own subscribers at once (marked local) and comes back through the channel, where
 * the origin id in the payload drops it. When the listening connection breaks it reconnects with
 * backoff; signals sent meanwhile are lost, which costs a long poll's timeout, never stored data.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { CodedError } from '../../core/errors.js';
import { SignalFanout } from '../../core/local-signals.js';
import type { Logger, Signals, SignalTopic } from '../../core/ports.js';

const TOPICS: ReadonlySet<string> = new Set<SignalTopic>(['message', 'feed', 'reindex']);
/** PostgreSQL refuses NOTIFY payloads from 8000 bytes on; leave room for the envelope. */
export const MAX_SIGNAL_BYTES = 7000;

/** The channel name for a schema (tests) or the database's default. */
function channelName(scope: string | undefined): string {
  return scope ? `zixing_signals_${scope}`.slice(0, 63) : 'zixing_signals';
}

/** Listen on `url` and publish through `publisher` (the store's pool). Resolves once listening. */
export async function openPgSignals(url: string, publisher: pg.Pool, opts: { scope?: string; logger?: Logger; reconnectMs?: number } = {}): Promise<Signals> {
  const origin = randomBytes(8).toString('hex');
  const channel = channelName(opts.scope);
  const fanout = new SignalFanout();
  const baseDelay = opts.reconnectMs ?? 500;
  let client: pg.Client | undefined;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== channel || !msg.payload) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(msg.payload);
    } catch {
      return;
    }
    if (!Array.isArray(parsed) || parsed.length !== 3) return;
    const [from, topic, payload] = parsed as unknown[];
    if (from === origin || typeof topic !== 'string' || !TOPICS.has(topic) || typeof payload !== 'string') return;
    fanout.emit(topic as SignalTopic, payload, false);
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', onNotification);
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (!closed) schedule();
    };
    c.on('error', (err) => {
      opts.logger?.warn('signal listener lost its connection; reconnecting', { error: err.message });
      lost();
    });
    c.on('end', lost);
    await c.connect();
    await c.query(`LISTEN "${channel}"`);
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    failures = 0;
  };

  const schedule = () => {
    const delay = Math.min(30_000, baseDelay * 2 ** Math.min(failures++, 6));
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((err: unknown) => {
        opts.logger?.warn('signal listener could not reconnect', { error: (err as Error).message });
        if (!closed) schedule();
      });
    }, delay);
    retry.unref?.();
  };

  await connect();
  return {
    async publish(topic, payload) {
      const text = JSON.stringify([origin, topic, payload]);
      if (Buffer.byteLength(text) > MAX_SIGNAL_BYTES) throw new CodedError('bad_request', `signal payload too large (${Buffer.byteLength(text)} bytes)`);
      fanout.emit(topic, payload, true);
      await publisher.query('SELECT pg_notify($1, $2)', [channel, text]);
    },
    subscribe: (topic, listener) => fanout.add(topic, listener),
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      if (c) await c.end().catch(() => {});
    },
  };
}
