/** Time and ids, injected so escalation and retention are testable without sleeping. */
import { randomUUID } from 'node:crypto';
import type { Clock, IdMaker } from './ports.js';

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private t = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(t: number): void {
    this.t = t;
  }
}

/** Random UUIDs. */
export const uuidIds: IdMaker = () => randomUUID();

/** Sequential ids with a prefix (tests). */
export function sequentialIds(prefix = 'id'): IdMaker {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
