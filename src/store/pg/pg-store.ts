/**
 * The PostgreSQL store: the same store ports as `SqliteStore` (`../types.ts`, and the insights,
 * feedback and key-value ports of `core/ports.ts`) over per-table async functions in this folder,
 * for several instances sharing one database. Each composite operation runs in one transaction on
 * one pooled client (`inTransaction`): a lead and its outbox rows commit together, and of two
 * instances claiming one lead exactly one wins (a conditional UPDATE). Open it with `PgStore.open`,
 * which applies the migrations under an advisory lock.
 */
import type pg from 'pg';
import { CodedError } from '../../core/errors.js';
import type { Lead } from '../../core/lead.js';
import type { Clock, FeedbackSink, InsightsReader, LeadEvent, StaffMember, StoredMessage } from '../../core/ports.js';
import type { ChannelName, Lang, Outbound } from '../../core/types.js';
import { ERASURE_DESKS } from '../erasure.js';
import type { AssignResult } from '../lead-assign.js';
import type { LeadEventRow } from '../lead-events.js';
import type {
  ConversationRecord,
  DialogStore,
  ErasureReport,
  KeyValueLedger,
  LeadEventBuilder,
  LeadHistoryEntry,
  LeadRecord,
  LeadStatus,
  MessageRecord,
  MessageRole,
  OutboxItem,
  ReceivedMessage,
  RecordUpdater,
} from '../types.js';
import * as conversations from './conversations.js';
import { inTransaction, openPool, type PgDb } from './db.js';
import * as erasure from './erasure.js';
import * as insights from './insights.js';
import type { ConversationSummary } from '../insights.js';
import * as kv from './kv.js';
import { assignLead } from './lead-assign.js';
import { addLeadEvent, leadEvents } from './lead-events.js';
import * as leads from './leads.js';
import * as messages from './messages.js';
import { migratePg } from './migrations.js';
import * as outbox from './outbox.js';

/** How to open a PostgreSQL store. */
export interface PgStoreOptions {
  clock?: Clock;
  /** Most connections of this instance's pool. */
  max?: number;
  /** Work in this schema (created when missing): tests give each case its own. */
  schema?: string;
}

/** Every dialog-store port over one PostgreSQL database. */
export class PgStore implements DialogStore, InsightsReader, FeedbackSink, KeyValueLedger, RecordUpdater {
  /** Statements outside a transaction run on any pooled connection. */
  private readonly d: PgDb;
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {
    this.d = { c: pool, now: () => this.clock.now() };
  }

  /** Connect, create the schema when asked, and migrate (once across instances: advisory lock). */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const clock = opts.clock ?? { now: () => Date.now() };
    const pool = openPool(url, { ...(opts.max !== undefined ? { max: opts.max } : {}), ...(opts.schema !== undefined ? { schema: opts.schema } : {}) });
    // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    try {
      await migratePg(pool, undefined, () => clock.now(), opts.schema);
    } catch (err) {
      await pool.end().catch(() => {});
      throw new CodedError('store_failed', `cannot open the PostgreSQL database: ${(err as Error).message}`, { cause: err });
    }
    return new PgStore(pool, clock);
  }

  private tx<T>(fn: (d: PgDb) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, () => this.clock.now(), fn);
  }

  // --- conversations and messages

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    return conversations.getConversation(this.d, id);
  }

  async ensureConversation(c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang }): Promise<ConversationRecord> {
    return conversations.ensureConversation(this.d, c);
  }

  async receiveMessage(m: ReceivedMessage): Promise<{ conversation: ConversationRecord; seq: number | undefined }> {
    return this.tx(async (d) => {
      const now = this.clock.now();
      const conversation = await conversations.ensureConversation(d, { ...m, lang: m.lang ?? 'zh' }, m.lang);
      const seq = await messages.addMessage(d, { conversation: conversation.id, role: 'user', text: m.text, ...(m.platformId !== undefined ? { platformId: m.platformId } : {}) }, now);
      if (seq !== undefined) conversation.updatedAt = now;
      return { conversation, seq };
    });
  }

  async saveConversation(c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): Promise<void> {
    await conversations.saveConversation(this.d, c);
  }

  async addMessage(
    m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string },
    save?: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>,
  ): Promise<number | undefined> {
    if (!save) return messages.addMessage(this.d, m);
    return this.tx(async (d) => {
      await conversations.saveConversation(d, save);
      return messages.addMessage(d, m);
    });
  }

  async recentMessages(conversation: string, limit: number, opts: { outbound?: boolean } = {}): Promise<MessageRecord[]> {
    return messages.recentMessages(this.d, conversation, limit, opts.outbound ?? true);
  }

  // --- leads, their history and the outbox

  async createLead(l: { id: string; conversation: string; fields: Lead }): Promise<LeadRecord> {
    return leads.createLead(this.d, l);
  }

  async createLeadAndEnqueue(l: { id: string; conversation: string; fields: Lead }, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord> {
    return this.tx(async (d) => {
      const lead = await leads.createLead(d, l);
      await addLeadEvent(d, { leadId: lead.id, type: 'created' });
      await outbox.enqueue(d, event(lead), desks);
      return lead;
    });
  }

  async updateLeadFields(id: string, fields: Lead): Promise<LeadRecord | undefined> {
    return leads.updateLeadFields(this.d, id, fields);
  }

  async getLead(id: string): Promise<LeadRecord | undefined> {
    return leads.getLead(this.d, id);
  }

  async listLeads(filter: { status?: LeadStatus; ownerId?: string; limit?: number } = {}): Promise<LeadRecord[]> {
    return leads.listLeads(this.d, filter);
  }

  async linkedLeadIds(id: string): Promise<string[]> {
    return leads.linkedLeadIds(this.d, id);
  }

  async leadIdsOfContact(fields: Lead): Promise<string[]> {
    return leads.leadIdsOfContact(this.d, fields);
  }

  async countLeadsByStatus(): Promise<Record<LeadStatus, number>> {
    return leads.countLeadsByStatus(this.d);
  }

  async openLeadOf(conversation: string): Promise<LeadRecord | undefined> {
    return leads.openLeadOf(this.d, conversation);
  }

  async leadsOfConversation(conversation: string): Promise<LeadRecord[]> {
    return leads.leadsOfConversation(this.d, conversation);
  }

  async claimLead(id: string, by: StaffMember): Promise<{ claimed: boolean; lead: LeadRecord | undefined }> {
    return leads.claimLead(this.d, id, by);
  }

  async claimLeadAndTakeOver(
    id: string,
    by: StaffMember,
    event: LeadEventBuilder,
    desks: string[],
  ): Promise<{ claimed: boolean; lead: LeadRecord | undefined; conversation?: ConversationRecord }> {
    return this.tx(async (d) => {
      const r = await leads.claimLead(d, id, by);
      if (!r.claimed || !r.lead) return r;
      const lead = r.lead;
      const c = await conversations.getConversation(d, lead.conversation);
      if (c) await conversations.saveConversation(d, { id: c.id, state: 'taken_over', data: { leadId: id }, lang: c.lang });
      await addLeadEvent(d, { leadId: id, type: 'claimed', actor: by });
      await outbox.enqueue(d, event(lead), desks);
      const conversation = c && (await conversations.getConversation(d, c.id));
      return conversation ? { ...r, conversation } : r;
    });
  }

  async assignLeadAndEnqueue(id: string, to: StaffMember, by: StaffMember, event: LeadEventBuilder, desks: string[]): Promise<AssignResult> {
    return this.tx((d) => assignLead(d, id, to, by, event, desks));
  }

  async releaseLead(id: string): Promise<void> {
    await leads.releaseLead(this.d, id);
  }

  async closeLead(id: string, outcome: string, by?: StaffMember): Promise<void> {
    await leads.closeLead(this.d, id, outcome, by);
  }

  async dueForEscalation(createdBefore: number): Promise<LeadRecord[]> {
    return leads.dueForEscalation(this.d, createdBefore);
  }

  async markEscalated(id: string): Promise<boolean> {
    return (await leads.markEscalated(this.d, id)) !== undefined;
  }

  async escalateAndEnqueue(id: string, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord | undefined> {
    return this.tx(async (d) => {
      const lead = await leads.markEscalated(d, id);
      if (!lead) return undefined;
      await addLeadEvent(d, { leadId: id, type: 'escalated' });
      await outbox.enqueue(d, event(lead), desks);
      return lead;
    });
  }

  async addLeadEvent(e: LeadHistoryEntry): Promise<void> {
    await addLeadEvent(this.d, e);
  }

  async addLeadEventAndEnqueue(e: LeadHistoryEntry, event: LeadEvent, desks: string[]): Promise<void> {
    await this.tx(async (d) => {
      await addLeadEvent(d, e);
      await outbox.enqueue(d, event, desks);
    });
  }

  async leadEvents(leadId: string): Promise<LeadEventRow[]> {
    return leadEvents(this.d, leadId);
  }

  async enqueue(event: LeadEvent, desks: string[]): Promise<number[]> {
    return outbox.enqueue(this.d, event, desks);
  }

  async dueOutbox(now: number, limit?: number): Promise<OutboxItem[]> {
    return outbox.dueOutbox(this.d, now, limit);
  }

  async claimDueOutbox(now: number, leaseMs: number, limit?: number): Promise<OutboxItem[]> {
    return this.tx((d) => outbox.claimDue(d, now, leaseMs, limit));
  }

  async markDelivered(id: number): Promise<void> {
    await outbox.markDelivered(this.d, id);
  }

  async markFailed(id: number, error: string, nextAttemptAt: number): Promise<void> {
    await outbox.markFailed(this.d, id, error, nextAttemptAt);
  }

  async outboxItems(opts: { pendingOnly?: boolean } = {}): Promise<OutboxItem[]> {
    return outbox.outboxItems(this.d, opts);
  }

  // --- insights and feedback

  async messagesSince(conversationId: string, after: number, limit?: number): Promise<StoredMessage[]> {
    return insights.messagesSince(this.d, conversationId, after, limit);
  }

  async conversations(opts: { limit?: number; offset?: number } = {}): Promise<ConversationSummary[]> {
    return insights.listConversations(this.d, opts.limit, opts.offset);
  }

  async knowledgeGaps(opts: { sinceMs?: number; limit?: number } = {}): Promise<{ question: string; count: number; lastAt: number; reason: 'unanswered' | 'downvoted' }[]> {
    return insights.knowledgeGaps(this.d, opts.sinceMs ?? 0, opts.limit ?? 50);
  }

  async dailyStats(days: number): Promise<{ day: string; questions: number; answered: number }[]> {
    return insights.dailyStats(this.d, this.clock.now(), days);
  }

  async vote(messageId: string, value: 1 | -1, by?: string, scope: { conversation?: string } = {}): Promise<void> {
    await insights.vote(this.d, messageId, value, by, scope.conversation);
  }

  // --- key-value

  async get<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
    return kv.kvGet<T>(this.d, namespace, key);
  }

  async set(namespace: string, key: string, value: unknown): Promise<void> {
    await kv.kvSet(this.d, namespace, key, value);
  }

  async delete(namespace: string, key: string): Promise<void> {
    await kv.kvDelete(this.d, namespace, key);
  }

  async setIfAbsent(namespace: string, key: string, value: unknown): Promise<boolean> {
    return kv.kvSetIfAbsent(this.d, namespace, key, value);
  }

  async deleteOlderThan(namespace: string, ageMs: number): Promise<number> {
    return kv.kvDeleteBefore(this.d, namespace, this.clock.now() - ageMs);
  }

  async entries<T = unknown>(namespace: string): Promise<[string, T][]> {
    return kv.kvEntries<T>(this.d, namespace);
  }

  async updateRecord<T>(namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    return this.tx((d) => kv.kvUpdate(d, namespace, key, fn));
  }

  // --- maintenance and data-subject requests

  async purgeMessagesOlderThan(ageMs: number): Promise<number> {
    return messages.purgeMessages(this.d, this.clock.now() - ageMs);
  }

  async eraseConversationMessages(conversation: string): Promise<number> {
    return this.tx((d) => erasure.eraseConversationMessages(d, conversation));
  }

  async pruneDeliveredOutbox(ageMs: number): Promise<number> {
    return outbox.pruneDelivered(this.d, this.clock.now() - ageMs);
  }

  async purgeLeadContactsOlderThan(ageMs: number): Promise<string[]> {
    return this.tx((d) => erasure.purgeLeadContacts(d, this.clock.now() - ageMs));
  }

  async deletePerson(leadId: string): Promise<ErasureReport | undefined> {
    return this.tx((d) => erasure.deletePerson(d, leadId));
  }

  async eraseConversation(conversation: string): Promise<ErasureReport> {
    return this.tx((d) => erasure.eraseConversation(d, conversation));
  }

  async registerDesks(names: string[]): Promise<void> {
    await kv.kvSet(this.d, ERASURE_DESKS.namespace, ERASURE_DESKS.key, names);
  }

  /**
   * Run `fn` only when no other instance is running the job `name` (a session advisory lock on
   * a dedicated connection, held while `fn` runs); returns false without running it otherwise.
   * For periodic work that must run on one instance at a time (escalation, retention).
   */
  async exclusive(name: string, fn: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      const got = (await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('zixing:job:' || $1)) AS ok", [name])).rows[0]?.ok === true;
      if (!got) return false;
      try {
        await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext('zixing:job:' || $1))", [name]).catch((err: unknown) => {
          failed = err as Error;
        });
      }
      return true;
    } finally {
      client.release(failed);
    }
  }

  /** Close the pool (waits for queries in flight). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
