/** In-memory fakes of the ports the HTTP app uses, for API tests without the real core. */
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Assistant, Channel, InsightsReader, LeadView, StaffActions, StaffMember, StoredMessage } from '../../src/core/ports.js';
import type { Inbound, Outbound } from '../../src/core/types.js';
import { ConsoleDesk } from '../../src/channels/web/console-desk.js';
import { WebDeliverer } from '../../src/channels/web/web-deliverer.js';
import type { HttpCore, IndexStatus } from '../../src/http/http-core.js';
import { instrumentAssistant } from '../../src/dialog/instrumented-assistant.js';
import { createMetrics } from '../../src/http/metrics.js';
import { createReingestJob } from '../../src/ingest/reingest-job.js';
import { createStaffDirectory } from '../../src/leads/staff-directory.js';
import { createStaffStore, openStore, type SqliteStore } from '../../src/store/index.js';

/** A fake core plus handles to inspect and drive it. */
export interface FakeCore extends HttpCore {
  clock: ManualClock;
  messages: StoredMessage[];
  leads: Map<string, LeadView>;
  votes: { messageId: string; value: number; by?: string }[];
  inbound: Inbound[];
  indexStatus: IndexStatus;
  channelList: Channel[];
  reingestRuns: number;
  /** Make the next assistant call throw this. */
  failNext?: Error;
  /** The in-memory SQLite store behind the staff accounts and sessions. */
  sqlite: SqliteStore;
  /** Store a staff message and deliver it (as the dialog core would). */
  staffSays(conversationId: string, name: string, text: string): Promise<void>;
}

/** Build a fake core with a deterministic clock and ids. */
export function fakeCore(): FakeCore {
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 8));
  const ids = sequentialIds('t');
  const messages: StoredMessage[] = [];
  let seq = 0;
  const store = (conversationId: string, role: StoredMessage['role'], text: string, outbound?: Outbound) => {
    const m: StoredMessage = { seq: ++seq, conversationId, role, text, at: clock.now(), ...(outbound ? { outbound } : {}) };
    messages.push(m);
    return m;
  };
  let botIds = 0;
  const core = {} as FakeCore;
  const inner: Assistant = {
    async handle(inbound, opts) {
      core.inbound.push(inbound);
      if (core.failNext) {
        const e = core.failNext;
        core.failNext = undefined;
        throw e;
      }
      store(inbound.conversationId, 'user', inbound.text);
      const text = `关于“${inbound.text}”：新落户企业可享受奖励[1]。`;
      for (const part of [text.slice(0, 5), text.slice(5)]) opts?.onDelta?.(part);
      const out: Outbound = {
        text,
        citations: [{ n: 1, title: '资兴市招商引资优惠政策', path: 'knowledge/policy/a.md', headingPath: ['第一章'], text: '新落户企业可享受奖励。', score: 0.9 }],
        actions: [{ id: 'handoff', label: '转人工', value: '转人工' }],
        answered: true,
        handoffOffered: false,
        intent: 'question',
        speaker: 'bot',
        messageId: `m-${++botIds}`,
      };
      store(inbound.conversationId, 'assistant', text, out);
      return [out];
    },
  };
  const leads = new Map<string, LeadView>();
  const staff: StaffActions = {
    async claim(id, by) {
      const l = leads.get(id);
      if (!l) return { ok: false, reason: 'not_found' };
      if (l.status === 'closed') return { ok: false, reason: 'closed' };
      if (l.owner && l.owner.id !== by.id && !(l.status === 'follow_up' && by.supervisor)) return { ok: false, reason: 'claimed_by_other', owner: l.owner };
      l.status = 'claimed';
      l.owner = by;
      return { ok: true, lead: l };
    },
    async reply(id, by, text) {
      const l = leads.get(id);
      if (!l) return { ok: false, reason: 'not_found' };
      if (l.owner?.id !== by.id) return { ok: false, reason: 'not_owner' };
      await core.staffSays(l.conversation.conversationId, by.name, text);
      return { ok: true };
    },
    async release(id, by) {
      const l = leads.get(id);
      if (!l) return { ok: false, reason: 'not_found' };
      if (l.owner?.id !== by.id) return { ok: false, reason: 'not_owner' };
      l.status = 'follow_up';
      return { ok: true };
    },
    async close(id, by: StaffMember, outcome) {
      const l = leads.get(id);
      if (!l) return { ok: false, reason: 'not_found' };
      if (l.owner && l.owner.id !== by.id && !by.supervisor) return { ok: false, reason: 'not_owner', owner: l.owner };
      l.status = 'closed';
      l.closedOutcome = outcome;
      l.closedBy = by;
      return { ok: true };
    },
    async assign(id, by, to) {
      const l = leads.get(id);
      if (!l) return { ok: false, reason: 'not_found' };
      if (l.status === 'closed') return { ok: false, reason: 'closed' };
      if (l.owner?.id !== by.id && !by.supervisor) return { ok: false, reason: 'not_owner' };
      if (l.status !== 'claimed') l.status = 'follow_up';
      l.owner = to;
      return { ok: true, lead: l };
    },
    async history() {
      return [];
    },
    async get(id) {
      return leads.get(id);
    },
    async list(filter) {
      return [...leads.values()].filter((l) => !filter?.status || l.status === filter.status);
    },
  };
  const insights: InsightsReader = {
    async messagesSince(conversationId, after, limit = 200) {
      return messages.filter((m) => m.conversationId === conversationId && m.seq > after).slice(0, limit);
    },
    async conversations() {
      const ids = [...new Set(messages.map((m) => m.conversationId))];
      return ids.map((id) => ({ id, channel: 'web', state: 'answering', lastAt: clock.now(), messageCount: messages.filter((m) => m.conversationId === id).length }));
    },
    async knowledgeGaps() {
      return [{ question: '土地价格是多少', count: 3, lastAt: clock.now(), reason: 'unanswered' as const }];
    },
    async dailyStats(days) {
      return Array.from({ length: days }, (_, i) => ({ day: new Date(clock.now() - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10), questions: 4 + i, answered: 3 + (i % 2) }));
    },
  };
  const kvMap = new Map<string, unknown>();
  const sqlite = openStore({ path: ':memory:' }, clock);
  const staffStore = createStaffStore(sqlite.db, clock);
  const metrics = createMetrics();
  const web = new WebDeliverer();
  const desk = new ConsoleDesk(clock);
  desk.subscribe((e) => metrics.recordLeadEvent(e));
  metrics.setLeadSource(staff);
  Object.assign(core, {
    messages,
    leads,
    votes: [],
    inbound: [],
    indexStatus: { documents: 3, chunks: 42, builtAt: clock.now(), embedder: 'local-hash-v2', errors: [] },
    channelList: [],
    reingestRuns: 0,
    assistant: instrumentAssistant(inner, metrics, clock),
    staff,
    sqlite,
    staffStore,
    directory: createStaffDirectory(staffStore),
    insights,
    feedback: {
      async vote(messageId: string, value: 1 | -1, by?: string) {
        core.votes.push({ messageId, value, by });
      },
    },
    kv: {
      async get(ns: string, k: string) {
        return kvMap.get(`${ns}/${k}`);
      },
      async set(ns: string, k: string, v: unknown) {
        kvMap.set(`${ns}/${k}`, v);
      },
      async delete(ns: string, k: string) {
        kvMap.delete(`${ns}/${k}`);
      },
      async entries() {
        return [];
      },
    },
    index: { status: () => core.indexStatus },
    reingest: createReingestJob(
      async () => {
        core.reingestRuns++;
        await new Promise((r) => setTimeout(r, 30));
        return { documents: 3 };
      },
      clock,
      silentLogger,
    ),
    web,
    desk,
    metrics,
    get channels() {
      return core.channelList;
    },
    clock,
    ids,
    logger: silentLogger,
    async staffSays(conversationId: string, name: string, text: string) {
      store(conversationId, 'staff', text, { text, citations: [], answered: false, handoffOffered: false, intent: 'handoff', speaker: 'staff', staffName: name });
      await web.deliver({ channel: 'web', conversationId }, { text, citations: [], answered: false, handoffOffered: false, intent: 'handoff', speaker: 'staff', staffName: name });
    },
  });
  return core;
}

/** A lead for the fake staff actions. */
export function addLead(core: FakeCore, id: string, conversationId: string, fields: LeadView['fields'] = { name: '张三', company: '某某科技', phone: '13800138000' }): LeadView {
  const lead: LeadView = {
    id,
    status: 'new',
    conversation: { channel: 'web', conversationId },
    fields,
    createdAt: core.clock.now(),
    recent: [],
    linkedLeadIds: [],
  };
  core.leads.set(id, lead);
  return lead;
}
