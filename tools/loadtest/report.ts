/** Turning a load report into a verdict against the targets and into readable text. */
import type { LoadReport } from './run-load.js';
import type { LatencySummary } from './stats.js';

/** What a run must reach (the embedded default's targets). */
export interface LoadTargets {
  minQuestionsPerSec: number;
  maxP99Ms: number;
  maxErrors: number;
  maxLateAcks: number;
}

/** ≥ 200 questions/s with p99 ≤ 200 ms, no errors, no Slack ack later than 3 s. */
export const DEFAULT_TARGETS: LoadTargets = { minQuestionsPerSec: 200, maxP99Ms: 200, maxErrors: 0, maxLateAcks: 0 };

/** One target and whether the run met it. */
export interface TargetCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Check a report against the targets. */
export function checkTargets(r: LoadReport, t: LoadTargets = DEFAULT_TARGETS): TargetCheck[] {
  const errors = r.web.errors + (r.slack?.errors ?? 0);
  const checks: TargetCheck[] = [
    { name: 'throughput', ok: r.web.throughput >= t.minQuestionsPerSec, detail: `${r.web.throughput.toFixed(1)} questions/s (target ≥ ${t.minQuestionsPerSec})` },
    { name: 'p99 latency', ok: r.web.latency.p99 <= t.maxP99Ms, detail: `${ms(r.web.latency.p99)} (target ≤ ${t.maxP99Ms} ms)` },
    { name: 'errors', ok: errors <= t.maxErrors, detail: `${errors} (target ≤ ${t.maxErrors})` },
  ];
  if (r.slack) checks.push({ name: 'slack acks > 3 s', ok: r.slack.lateAcks <= t.maxLateAcks, detail: `${r.slack.lateAcks} (target ≤ ${t.maxLateAcks})` });
  return checks;
}

/** A plain-text report for the terminal. */
export function formatReport(r: LoadReport, checks: TargetCheck[]): string {
  const lines: string[] = [];
  lines.push(`load test of ${r.url}: ${r.seconds.toFixed(1)} s measured, ${r.concurrency} web conversations in parallel${r.slackConcurrency ? `, ${r.slackConcurrency} Slack users` : ''}`);
  lines.push(`host: ${r.host.cpus} CPUs, load average ${r.host.loadBefore.toFixed(1)} before the run (client and server share them)`);
  if (r.distinctSources) lines.push('(each web conversation comes from its own loopback address, like distinct investors)');
  lines.push('');
  lines.push(`web  POST /api/chat   requests ${r.web.requests}  ok ${r.web.ok}  errors ${r.web.errors}${breakdown(r.web.statuses, r.web.failures)}`);
  lines.push(`                      throughput ${r.web.throughput.toFixed(1)} questions/s  conversations ${r.web.conversations}`);
  lines.push(`                      latency ${latency(r.web.latency)}`);
  lines.push(`                        first message ${latency(r.web.firstLatency)}`);
  lines.push(`                        follow-ups    ${latency(r.web.followUpLatency)}`);
  if (r.slack) {
    const s = r.slack;
    lines.push(`slack /slack/events   events ${s.events}  acked ${s.acked}  errors ${s.errors}${breakdown(s.statuses, s.failures)}  acks > 3 s: ${s.lateAcks}`);
    lines.push(`                      ack ${latency(s.ack)}`);
    if (s.reply) lines.push(`                      reply posted ${latency(s.reply)}  replies ${s.replies}  missing ${s.missingReplies}`);
  }
  lines.push('');
  for (const c of checks) lines.push(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  return lines.join('\n');
}

/** One SQLite instance beside two instances on PostgreSQL, side by side (figures only: everything shares this machine's cores). */
export function compareReports(one: LoadReport, two: LoadReport): string {
  const row = (name: string, r: LoadReport) =>
    `${name.padEnd(24)} ${r.web.throughput.toFixed(1).padStart(8)} q/s   p50 ${ms(r.web.latency.p50).padStart(9)}   p99 ${ms(r.web.latency.p99).padStart(9)}   errors ${r.web.errors + (r.slack?.errors ?? 0)}${r.slack ? `   slack ack p99 ${ms(r.slack.ack.p99)}` : ''}`;
  return [
    'side by side (the servers, PostgreSQL and the load generator share this machine: figures only)',
    row('1 instance, SQLite', one),
    row('2 instances, PostgreSQL', two),
  ].join('\n');
}

function latency(l: LatencySummary): string {
  return `p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  max ${ms(l.max)}  (n=${l.count})`;
}

function ms(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
}

function breakdown(statuses: Record<string, number>, failures: Record<string, number>): string {
  const parts = [...Object.entries(statuses).map(([k, v]) => `HTTP ${k}×${v}`), ...Object.entries(failures).map(([k, v]) => `${k}×${v}`)];
  return parts.length ? ` (${parts.join(', ')})` : '';
}
