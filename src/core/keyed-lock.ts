/**
 * Serialises async work per key: the dialog's per-conversation lock, the WeChat adapter's order of
 * one conversation's messages, Slack's per-channel pacing. In `core/` so every layer can use the
 * one implementation; a key's entry is dropped as soon as its last task settles.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Run `fn` after every earlier `run` with the same key has settled (whether it resolved or rejected). */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** True while tasks of `key` are queued or running. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
