/**
 * Platforms re-deliver: Slack re-sends an event it saw no 200 for within 3 s (X-Slack-Retry-Num) or
 * twice with one event_id; some Wechaty puppets repeat a message after a reconnect. A bounded LRU
 * of recent ids makes each count once.
 */

/** A bounded set of recently seen keys, oldest forgotten first. */
export class RecentIds {
  private readonly seen = new Map<string, true>();

  constructor(private readonly capacity = 2000) {}

  /** Record `id`; returns true when it was already seen (a duplicate). */
  checkAndAdd(id: string): boolean {
    if (this.seen.has(id)) {
      // Refresh recency so a burst of retries keeps the id alive.
      this.seen.delete(id);
      this.seen.set(id, true);
      return true;
    }
    this.seen.set(id, true);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return false;
  }

  get size(): number {
    return this.seen.size;
  }
}
