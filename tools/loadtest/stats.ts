/**
 * Latency statistics for the load test: exact percentiles over recorded samples (a bounded run
 * records at most a few hundred thousand numbers, so no sketch is needed).
 */

/** Percentiles and extremes of a set of latencies, in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * The `p`-th percentile (0–100) of `samples` (any order; the input is not reordered) by the
 * nearest-rank method: the smallest value such that at least p % of the samples are at or below
 * it. NaN when there are no samples: "no measurement" must not read as 0 ms. The one percentile of
 * the tools (the load test and the bench).
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = isAscending(samples) ? samples : [...samples].sort((a, b) => a - b);
  const clamped = Math.min(100, Math.max(0, p));
  const rank = Math.max(1, Math.ceil((clamped / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function isAscending(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! > xs[i]!) return false;
  return true;
}

/** Summarise latencies (any order); all zeros when there are none. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const count = sorted.length;
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count,
    mean: count ? sum / count : 0,
    p50: count ? percentile(sorted, 50) : 0,
    p90: count ? percentile(sorted, 90) : 0,
    p99: count ? percentile(sorted, 99) : 0,
    max: count ? sorted[count - 1]! : 0,
  };
}

/** Collects latencies and outcome counts for one kind of request. */
export class Recorder {
  readonly latencies: number[] = [];
  ok = 0;
  /** Non-2xx answers, by status code. */
  readonly statuses = new Map<number, number>();
  /** Network failures, timeouts and unreadable bodies, by reason. */
  readonly failures = new Map<string, number>();

  /** A 2xx answer with a usable body. */
  success(ms: number): void {
    this.ok++;
    this.latencies.push(ms);
  }

  /** A non-2xx answer (latency still recorded: a fast error is still an answer time). */
  status(code: number, ms: number): void {
    this.statuses.set(code, (this.statuses.get(code) ?? 0) + 1);
    this.latencies.push(ms);
  }

  /** A request that got no usable answer. */
  failure(reason: string): void {
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  /** Requests sent and finished. */
  get total(): number {
    return this.ok + sum(this.statuses) + sum(this.failures);
  }

  /** Non-2xx answers plus network failures. */
  get errors(): number {
    return sum(this.statuses) + sum(this.failures);
  }
}

function sum<K>(m: Map<K, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
