/**
 * /healthz: the index is loaded, the store takes a write, and each channel's state. 200 when the
 * server can answer, 503 when it cannot (no index, store failing, a channel in error).
 */
import type { HttpCore } from './http-core.js';

/** The health report and its HTTP status. */
export async function healthReport(core: HttpCore): Promise<{ status: 200 | 503; body: Record<string, unknown> }> {
  let index: Record<string, unknown>;
  let indexOk = false;
  try {
    const s = core.index.status();
    indexOk = s.chunks > 0;
    index = { loaded: indexOk, documents: s.documents, chunks: s.chunks, builtAt: s.builtAt, embedder: s.embedder, errors: s.errors.length };
  } catch (err) {
    index = { loaded: false, error: err instanceof Error ? err.message : String(err) };
  }
  let storeOk = false;
  let storeError: string | undefined;
  try {
    const at = core.clock.now();
    await core.kv.set('health', 'probe', at);
    storeOk = (await core.kv.get<number>('health', 'probe')) === at;
  } catch (err) {
    storeError = err instanceof Error ? err.message : String(err);
  }
  const channels = core.channels.map((ch) => {
    try {
      return { name: ch.name, ...ch.status() };
    } catch (err) {
      return { name: ch.name, state: 'error' as const, detail: err instanceof Error ? err.message : String(err) };
    }
  });
  const channelError = channels.some((c) => c.state === 'error');
  const ok = indexOk && storeOk && !channelError;
  const degraded = channels.some((c) => c.state === 'degraded' || c.state === 'starting');
  return {
    status: ok ? 200 : 503,
    body: {
      status: ok ? (degraded ? 'degraded' : 'ok') : 'unavailable',
      index,
      store: { writable: storeOk, ...(storeError ? { error: storeError } : {}) },
      channels,
      reingest: core.reingest.state().running ? 'running' : 'idle',
    },
  };
}
