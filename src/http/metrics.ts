/**
 * Prometheus metrics with the app's own Registry (no global state, so tests can build many apps):
 * questions, answers and answer rate, reply latency, leads by state, escalations.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LeadEvent, LeadView, StaffActions } from '../core/ports.js';
import type { ReplyRecorder } from '../dialog/instrumented-assistant.js';

/** Leads per status, counted by the store (`() => store.countLeadsByStatus()`). */
export type LeadCounts = () => Promise<Record<LeadView['status'], number>>;

/** The counters the server updates and /metrics renders. */
export interface AppMetrics extends ReplyRecorder {
  registry: Registry;
  /** Count lead events (escalations, new leads). */
  recordLeadEvent(event: LeadEvent): void;
  /**
   * Where the leads-by-state gauge reads from (set once the dialog core exists). Prefer a
   * `LeadCounts` query: `StaffActions` builds every lead's full view on each scrape just to count.
   */
  setLeadSource(source: LeadCounts | StaffActions): void;
}

/** Build the metrics; `defaults` adds process metrics (off in tests to keep output small). */
export function createMetrics(opts: { defaults?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry, prefix: 'zx_' });
  let countLeads: LeadCounts | undefined;
  let questions = 0;
  let answered = 0;

  const questionsTotal = new Counter({ name: 'zx_questions_total', help: 'Questions asked (replies with intent "question")', labelNames: ['channel'], registers: [registry] });
  const answeredTotal = new Counter({ name: 'zx_answered_total', help: 'Questions answered from the knowledge base', labelNames: ['channel'], registers: [registry] });
  new Gauge({
    name: 'zx_answer_rate',
    help: 'Answered questions / questions since start (0 before the first question)',
    registers: [registry],
    collect() {
      this.set(questions === 0 ? 0 : answered / questions);
    },
  });
  const latency = new Histogram({
    name: 'zx_reply_latency_seconds',
    help: 'Time from an inbound message to its replies',
    labelNames: ['channel'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const escalations = new Counter({ name: 'zx_escalations_total', help: 'Leads escalated because nobody claimed them in time', registers: [registry] });
  const leadsCreated = new Counter({ name: 'zx_leads_created_total', help: 'Leads created', registers: [registry] });
  new Gauge({
    name: 'zx_leads',
    help: 'Leads by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      if (!countLeads) return;
      for (const [state, n] of Object.entries(await countLeads())) this.set({ state }, n);
    },
  });

  return {
    registry,
    recordReplies(channel, replies, seconds) {
      latency.observe({ channel }, seconds);
      for (const r of replies) {
        if (r.intent !== 'question' || r.speaker !== 'bot') continue;
        questions++;
        questionsTotal.inc({ channel });
        if (r.answered) {
          answered++;
          answeredTotal.inc({ channel });
        }
      }
    },
    recordLeadEvent(event) {
      if (event.type === 'escalated') escalations.inc();
      if (event.type === 'created') leadsCreated.inc();
    },
    setLeadSource(source) {
      countLeads = typeof source === 'function' ? source : () => countViews(source);
    },
  };
}

/** Count leads by listing their views (the slow path, for callers that only have `StaffActions`). */
async function countViews(staff: StaffActions): Promise<Record<LeadView['status'], number>> {
  const counts = { new: 0, claimed: 0, follow_up: 0, closed: 0 };
  for (const l of await staff.list()) counts[l.status]++;
  return counts;
}
