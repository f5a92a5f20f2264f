/** Small recording fakes of the core's ports, for the Slack adapter tests. */
import type { Assistant, FeedbackSink, KeyValueStore, LeadEvent, LeadView, StaffActions, StaffDesk, StaffMember } from '../../src/core/ports.js';
import type { Inbound, Outbound } from '../../src/core/types.js';

export class FakeAssistant implements Assistant {
  readonly inbounds: Inbound[] = [];
  reply: (inbound: Inbound) => Outbound[] = (inbound) => [
    {
      text: `资兴市对新引进的制造业项目给予设备投资补贴 [1]。 (re: ${inbound.text})`,
      citations: [{ n: 1, title: '资兴市招商引资优惠政策', path: 'knowledge/policy/incentives.md', headingPath: ['设备补贴'], text: '给予设备投资补贴', score: 0.9 }],
      answered: true,
      handoffOffered: false,
      intent: 'question',
      speaker: 'bot',
      messageId: `msg-${this.inbounds.length}`,
    },
  ];
  async handle(inbound: Inbound): Promise<Outbound[]> {
    this.inbounds.push(inbound);
    return this.reply(inbound);
  }
}

export class FakeFeedback implements FeedbackSink {
  readonly votes: { messageId: string; value: 1 | -1; by?: string }[] = [];
  async vote(messageId: string, value: 1 | -1, by?: string): Promise<void> {
    this.votes.push({ messageId, value, ...(by ? { by } : {}) });
  }
}

export class MemoryKv implements KeyValueStore {
  readonly data = new Map<string, Map<string, unknown>>();
  async get<T = unknown>(ns: string, key: string): Promise<T | undefined> {
    return this.data.get(ns)?.get(key) as T | undefined;
  }
  async set(ns: string, key: string, value: unknown): Promise<void> {
    if (!this.data.has(ns)) this.data.set(ns, new Map());
    this.data.get(ns)!.set(key, structuredClone(value));
  }
  async delete(ns: string, key: string): Promise<void> {
    this.data.get(ns)?.delete(key);
  }
  async entries<T = unknown>(ns: string): Promise<[string, T][]> {
    return [...(this.data.get(ns) ?? new Map<string, unknown>()).entries()] as [string, T][];
  }
}

/** A lead as the core would show it. */
export function sampleLead(id = 'L1', over: Partial<LeadView> = {}): LeadView {
  return {
    id,
    status: 'new',
    conversation: { channel: 'web', conversationId: 'web-session-1' },
    // The flattened record the core hands desks (`flattenLead`).
    fields: {
      company: '深圳某新材料公司',
      contactName: '张先生',
      phone: '13800138000',
      industry: '新材料',
      investment: '两个亿左右',
      investmentWan: 20000,
      investmentCurrency: 'CNY',
      landOrSpace: '八十亩',
      landValue: 80,
      landUnit: 'mu',
      description: '新建电池材料厂房',
    },
    createdAt: Date.UTC(2026, 0, 1),
    recent: [
      { role: 'user', text: '我们想在资兴建厂，有什么补贴？', at: Date.UTC(2026, 0, 1) },
      { role: 'assistant', text: '可以为您联系招商专员。', at: Date.UTC(2026, 0, 1) },
    ],
    linkedLeadIds: [],
    ...over,
  };
}

/**
 * In-memory StaffActions with the core's rules (one owner; only the owner replies), recording
 * calls. Like the core, each change is announced to the desk once it is bound.
 */
export class FakeStaff implements StaffActions {
  readonly leads = new Map<string, LeadView>();
  readonly calls: { op: string; leadId?: string; by?: StaffMember; text?: string; outcome?: string }[] = [];
  desk?: StaffDesk;
  add(lead: LeadView): void {
    this.leads.set(lead.id, lead);
  }
  private async announce(event: LeadEvent): Promise<void> {
    await this.desk?.notify(event);
  }
  async claim(leadId: string, by: StaffMember) {
    this.calls.push({ op: 'claim', leadId, by });
    const lead = this.leads.get(leadId);
    if (!lead) return { ok: false as const, reason: 'not_found' as const };
    if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
    if (lead.owner && lead.owner.id !== by.id) return { ok: false as const, reason: 'claimed_by_other' as const, owner: lead.owner };
    const next: LeadView = { ...lead, status: 'claimed', owner: by };
    this.leads.set(leadId, next);
    await this.announce({ type: 'claimed', lead: next, by });
    return { ok: true as const, lead: next };
  }
  async reply(leadId: string, by: StaffMember, text: string) {
    this.calls.push({ op: 'reply', leadId, by, text });
    const lead = this.leads.get(leadId);
    if (!lead) return { ok: false as const, reason: 'not_found' as const };
    if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
    if (lead.owner?.id !== by.id) return { ok: false as const, reason: 'not_owner' as const };
    return { ok: true as const };
  }
  async release(leadId: string, by: StaffMember) {
    this.calls.push({ op: 'release', leadId, by });
    const lead = this.leads.get(leadId);
    if (!lead) return { ok: false as const, reason: 'not_found' as const };
    if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
    if (lead.owner?.id !== by.id) return { ok: false as const, reason: 'not_owner' as const };
    const { owner: _owner, ...rest } = lead;
    const next: LeadView = { ...rest, status: 'new' };
    this.leads.set(leadId, next);
    await this.announce({ type: 'released', lead: next, by });
    return { ok: true as const };
  }
  async close(leadId: string, by: StaffMember, outcome: string) {
    this.calls.push({ op: 'close', leadId, by, outcome });
    const lead = this.leads.get(leadId);
    if (!lead) return { ok: false as const, reason: 'not_found' as const };
    if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
    const next: LeadView = { ...lead, status: 'closed', closedOutcome: outcome };
    this.leads.set(leadId, next);
    await this.announce({ type: 'closed', lead: next, by, outcome });
    return { ok: true as const };
  }
  async assign(leadId: string, by: StaffMember, to: StaffMember) {
    this.calls.push({ op: 'assign', leadId, by });
    const lead = this.leads.get(leadId);
    if (!lead) return { ok: false as const, reason: 'not_found' as const };
    if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
    if (lead.owner?.id !== by.id && !by.supervisor) return { ok: false as const, reason: 'not_owner' as const };
    const next: LeadView = { ...lead, status: lead.status === 'claimed' ? 'claimed' : 'follow_up', owner: to };
    this.leads.set(leadId, next);
    await this.announce({ type: 'assigned', lead: next, by, to });
    return { ok: true as const, lead: next };
  }
  async history() {
    return [];
  }
  async get(leadId: string) {
    return this.leads.get(leadId);
  }
  async list(filter: { status?: LeadView['status']; ownerId?: string } = {}) {
    return [...this.leads.values()].filter((l) => (!filter.status || l.status === filter.status) && (!filter.ownerId || l.owner?.id === filter.ownerId));
  }
}
