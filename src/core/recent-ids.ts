/**
 * Platforms re-deliver: Slack re-sends an event it saw no 200 for within 3 s (X-Slack-Retry-Num) or
 * twice with one event_id; some Wechaty puppets repeat a message after a reconnect. A bounded LRU
 * of recent ids makes each count once.
 */
import { LRUCache } from 'lru-cache';

/** A bounded set of recently seen keys, least recently seen forgotten first. */
export class RecentIds {
  private readonly seen: LRUCache<string, true>;

  constructor(capacity = 2000) {
    this.seen = new LRUCache({ max: Math.max(1, capacity) });
  }

  /** Record `id`; returns true when it was already seen (a duplicate). */
  checkAndAdd(id: string): boolean {
    // `get` refreshes recency, so a burst of retries keeps the id alive.
    if (this.seen.get(id)) return true;
    this.seen.set(id, true);
    return false;
  }

  get size(): number {
    return this.seen.size;
  }
}
