/**
 * Wakes long-polling HTTP requests when something they wait for happens, so the web chat and the
 * console see staff replies and lead events within a round trip instead of a poll interval.
 */

/** A keyed set of waiters; `wake(key)` resolves everyone waiting on that key. */
export class WaitHub {
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;

  /** Resolve after `wake(key)`, `closeAll()` or `timeoutMs`, whichever comes first; true when woken. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.closed || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      const done = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const s = this.waiters.get(key);
        s?.delete(wake);
        if (s && s.size === 0) this.waiters.delete(key);
        resolve(woken);
      };
      const wake = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      set.add(wake);
    });
  }

  /** Wake everyone waiting on `key`. */
  wake(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    for (const w of [...set]) w();
  }

  /** Number of requests currently waiting (for shutdown and tests). */
  size(): number {
    let n = 0;
    for (const s of this.waiters.values()) n += s.size;
    return n;
  }

  /** Wake every waiter and refuse new waits: used at shutdown so long polls end at once. */
  closeAll(): void {
    this.closed = true;
    for (const set of [...this.waiters.values()]) for (const w of [...set]) w();
  }
}
