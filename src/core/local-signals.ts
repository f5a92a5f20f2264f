/**
 * Signals and coordination within one process: the implementations for SQLite, where one
 * instance owns the database. Subscribers are called synchronously; one that throws does not
 * stop the others.
 */
import { KeyedLock } from './keyed-lock.js';
import type { Coordination, Signals, SignalTopic } from './ports.js';

/** A fan-out of topics to listeners, shared by the local and the PostgreSQL signals. */
export class SignalFanout {
  private readonly listeners = new Map<SignalTopic, Set<(payload: string, local: boolean) => void>>();

  /** Add a listener of `topic`; returns its removal. */
  add(topic: SignalTopic, listener: (payload: string, local: boolean) => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Call every listener of `topic`. */
  emit(topic: SignalTopic, payload: string, local: boolean): void {
    for (const l of [...(this.listeners.get(topic) ?? [])]) {
      try {
        l(payload, local);
      } catch {
        // A listener's failure is its own; the others still hear the signal.
      }
    }
  }
}

/** Signals within this process only. */
export function localSignals(): Signals {
  const fanout = new SignalFanout();
  return {
    async publish(topic, payload) {
      fanout.emit(topic, payload, true);
    },
    subscribe: (topic, listener) => fanout.add(topic, listener),
    async close() {},
  };
}

/** Coordination within this process: a per-key lock, and jobs skipped while the same job runs. */
export function localCoordination(lock: KeyedLock = new KeyedLock()): Coordination {
  const running = new Set<string>();
  return {
    serial: (key, fn) => lock.run(key, fn),
    async exclusive(name, fn) {
      if (running.has(name)) return false;
      running.add(name);
      try {
        await fn();
        return true;
      } finally {
        running.delete(name);
      }
    },
  };
}
