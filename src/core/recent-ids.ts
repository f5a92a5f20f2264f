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

/** Whether a platform's event id is seen for the first time (so the event is handled once). */
export interface SeenIds {
  /** Record `id`; true when it was already seen (a duplicate). */
  seenBefore(id: string): Promise<boolean>;
}

/** This process's memory of recent ids (one instance). */
export function memorySeenIds(capacity = 2000): SeenIds {
  const ids = new RecentIds(capacity);
  return { seenBefore: async (id) => ids.checkAndAdd(id) };
}

/** The part of the store's key-value ledger the shared marks need (first writer wins; age-based cleanup). */
export interface SeenLedger {
  setIfAbsent(namespace: string, key: string, value: unknown): Promise<boolean>;
  deleteOlderThan(namespace: string, ageMs: number): Promise<number>;
}

/**
 * Ids marked in the shared database: of two instances handling a retry of one event, only the
 * first to insert the mark goes on. Marks older than `keepMs` are deleted at most hourly (the TTL).
 */
export function ledgerSeenIds(ledger: SeenLedger, namespace: string, keepMs: number, now: () => number): SeenIds {
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    async seenBefore(id) {
      if (now() - lastPrune > 60 * 60_000) {
        lastPrune = now();
        await ledger.deleteOlderThan(namespace, keepMs);
      }
      return !(await ledger.setIfAbsent(namespace, id, 1));
    },
  };
}
