/**
 * The SQLite store: a thin async facade over synchronous functions per table (`conversations.ts`,
 * `messages.ts`, `leads.ts`, `lead-events.ts`, `outbox.ts`, `kv.ts`, `insights.ts`, `erasure.ts`)
 * that implements the store ports of `types.ts`. It owns the one file handle (WAL mode) and decides
 * the transactions: leads, their history and the outbox commit with synchronous=FULL, everything
 * else with NORMAL (see `durable`); the composite operations run their statements in one
 * transaction. A PostgreSQL store would implement the same ports over its own table functions.
 */
import Database from 'better-sqlite3';
import { CodedError } from '../core/errors.js';
import type { Lead } from '../core/lead.js';
import type { Clock, FeedbackSink, InsightsReader, LeadEvent, StaffMember, StoredMessage } from '../core/ports.js';
import type { ChannelName, Lang, Outbound } from '../core/types.js';
import * as conversations from './conversations.js';
import { deletePerson, ERASURE_DESKS, eraseConversation, eraseConversationMessages, purgeLeadContacts } from './erasure.js';
import { dailyStats, knowledgeGaps, listConversations, messagesSince, vote, type ConversationSummary } from './insights.js';
import { kvDelete, kvDeleteBefore, kvEntries, kvGet, kvSet, kvSetIfAbsent } from './kv.js';
import { assignLead, type AssignResult } from './lead-assign.js';
import { addLeadEvent, leadEvents, type LeadEventRow } from './lead-events.js';
import * as leads from './leads.js';
import * as messages from './messages.js';
import { migrate } from './migrations.js';
import * as outbox from './outbox.js';
import { prepared, type Db } from './statements.js';
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
} from './types.js';

export { conversationKey } from './conversations.js';

/** Every store port over one SQLite database. */
export class SqliteStore implements DialogStore, InsightsReader, FeedbackSink, KeyValueLedger {
  readonly db: Database.Database;
  /** The database and clock every table function runs against. */
  private readonly d: Db;

  constructor(
    readonly path: string,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {
    try {
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      prepared(this.db, 'PRAGMA synchronous = NORMAL').run();
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('foreign_keys = ON');
      // Deleted rows are overwritten, not left in free pages: an erasure must leave no copy in the file.
      this.db.pragma('secure_delete = ON');
      migrate(this.db, undefined, () => this.clock.now());
      this.d = { db: this.db, now: () => this.clock.now() };
    } catch (err) {
      throw new CodedError('store_failed', `cannot open the database at ${path}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Run `fn` in one transaction (a savepoint when nested); `fn` is synchronous, as better-sqlite3 is. */
  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Run `fn` in one transaction committed with synchronous=FULL: every write of a lead, a lead's
   * history or the outbox goes through here. The connection otherwise runs at NORMAL, where a WAL
   * commit survives a process crash (the frames are in the OS cache) but a power cut or OS crash
   * may roll back the last commits. That is acceptable for chat messages, conversation state, votes
   * and kv, and it spares each of a question's commits an fsync (milliseconds on this disk). A lead
   * is a promise to an investor ("submitted, staff will contact you"), so its commit waits for the
   * WAL fsync; that fsync covers the whole WAL up to this commit, so the conversation and messages
   * the lead refers to, committed earlier at NORMAL, become durable with it. SQLite keeps the level
   * per connection and refuses to change it inside a transaction, hence set before BEGIN and reset
   * after COMMIT; when already inside a transaction, the outer one decides.
   */
  private durable<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.tx(fn);
    prepared(this.db, 'PRAGMA synchronous = FULL').run();
    try {
      return this.tx(fn);
    } finally {
      prepared(this.db, 'PRAGMA synchronous = NORMAL').run();
    }
  }

  // --- conversations and messages

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    return conversations.getConversation(this.d, id);
  }

  async ensureConversation(c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang }): Promise<ConversationRecord> {
    return conversations.ensureConversation(this.d, c);
  }

  async receiveMessage(m: ReceivedMessage): Promise<{ conversation: ConversationRecord; seq: number | undefined }> {
    // One transaction (one commit) instead of an upsert, a language save, the insert and the touch.
    return this.tx(() => {
      const now = this.clock.now();
      const conversation = conversations.ensureConversation(this.d, { ...m, lang: m.lang ?? 'zh' }, m.lang);
      const seq = messages.addMessage(this.d, { conversation: conversation.id, role: 'user', text: m.text, ...(m.platformId !== undefined ? { platformId: m.platformId } : {}) }, now);
      if (seq !== undefined) conversation.updatedAt = now;
      return { conversation, seq };
    });
  }

  async saveConversation(c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): Promise<void> {
    conversations.saveConversation(this.d, c);
  }

  async addMessage(
    m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string },
    save?: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>,
  ): Promise<number | undefined> {
    return this.tx(() => {
      if (save) conversations.saveConversation(this.d, save);
      return messages.addMessage(this.d, m);
    });
  }

  async recentMessages(conversation: string, limit: number, opts: { outbound?: boolean } = {}): Promise<MessageRecord[]> {
    return messages.recentMessages(this.d, conversation, limit, opts.outbound ?? true);
  }

  // --- leads, their history and the outbox (durable)

  async createLead(l: { id: string; conversation: string; fields: Lead }): Promise<LeadRecord> {
    return this.durable(() => leads.createLead(this.d, l));
  }

  async createLeadAndEnqueue(l: { id: string; conversation: string; fields: Lead }, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord> {
    return this.durable(() => {
      const lead = leads.createLead(this.d, l);
      addLeadEvent(this.d, { leadId: lead.id, type: 'created' });
      outbox.enqueue(this.d, event(lead), desks);
      return lead;
    });
  }

  async updateLeadFields(id: string, fields: Lead): Promise<LeadRecord | undefined> {
    return this.durable(() => leads.updateLeadFields(this.d, id, fields));
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
    return this.durable(() => leads.claimLead(this.d, id, by));
  }

  async claimLeadAndTakeOver(
    id: string,
    by: StaffMember,
    event: LeadEventBuilder,
    desks: string[],
  ): Promise<{ claimed: boolean; lead: LeadRecord | undefined; conversation?: ConversationRecord }> {
    return this.durable(() => {
      const r = leads.claimLead(this.d, id, by);
      if (!r.claimed || !r.lead) return r;
      const lead = r.lead;
      const c = conversations.getConversation(this.d, lead.conversation);
      if (c) conversations.saveConversation(this.d, { id: c.id, state: 'taken_over', data: { leadId: id }, lang: c.lang });
      addLeadEvent(this.d, { leadId: id, type: 'claimed', actor: by });
      outbox.enqueue(this.d, event(lead), desks);
      const conversation = c && conversations.getConversation(this.d, c.id);
      return conversation ? { ...r, conversation } : r;
    });
  }

  async assignLeadAndEnqueue(id: string, to: StaffMember, by: StaffMember, event: LeadEventBuilder, desks: string[]): Promise<AssignResult> {
    return this.durable(() => assignLead(this.d, id, to, by, event, desks));
  }

  async releaseLead(id: string): Promise<void> {
    this.durable(() => leads.releaseLead(this.d, id));
  }

  async closeLead(id: string, outcome: string, by?: StaffMember): Promise<void> {
    this.durable(() => leads.closeLead(this.d, id, outcome, by));
  }

  async dueForEscalation(createdBefore: number): Promise<LeadRecord[]> {
    return leads.dueForEscalation(this.d, createdBefore);
  }

  async markEscalated(id: string): Promise<boolean> {
    return this.durable(() => leads.markEscalated(this.d, id));
  }

  async escalateAndEnqueue(id: string, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord | undefined> {
    return this.durable(() => {
      if (!leads.markEscalated(this.d, id)) return undefined;
      const lead = leads.getLead(this.d, id);
      if (!lead) return undefined;
      addLeadEvent(this.d, { leadId: id, type: 'escalated' });
      outbox.enqueue(this.d, event(lead), desks);
      return lead;
    });
  }

  async addLeadEvent(e: LeadHistoryEntry): Promise<void> {
    this.durable(() => addLeadEvent(this.d, e));
  }

  async addLeadEventAndEnqueue(e: LeadHistoryEntry, event: LeadEvent, desks: string[]): Promise<void> {
    this.durable(() => {
      addLeadEvent(this.d, e);
      outbox.enqueue(this.d, event, desks);
    });
  }

  async leadEvents(leadId: string): Promise<LeadEventRow[]> {
    return leadEvents(this.d, leadId);
  }

  async enqueue(event: LeadEvent, desks: string[]): Promise<number[]> {
    return this.durable(() => outbox.enqueue(this.d, event, desks));
  }

  async dueOutbox(now: number, limit?: number): Promise<OutboxItem[]> {
    return outbox.dueOutbox(this.d, now, limit);
  }

  async claimDueOutbox(now: number, leaseMs: number, limit?: number): Promise<OutboxItem[]> {
    return this.durable(() => outbox.claimDue(this.d, now, leaseMs, limit));
  }

  // Delivery marks are durable too: a mark lost to a power cut would notify the desks twice.
  async markDelivered(id: number): Promise<void> {
    this.durable(() => outbox.markDelivered(this.d, id));
  }

  async markFailed(id: number, error: string, nextAttemptAt: number): Promise<void> {
    this.durable(() => outbox.markFailed(this.d, id, error, nextAttemptAt));
  }

  async outboxItems(opts: { pendingOnly?: boolean } = {}): Promise<OutboxItem[]> {
    return outbox.outboxItems(this.d, opts);
  }

  // --- insights and feedback

  async messagesSince(conversationId: string, after: number, limit?: number): Promise<StoredMessage[]> {
    return messagesSince(this.db, conversationId, after, limit);
  }

  async conversations(opts: { limit?: number; offset?: number } = {}): Promise<ConversationSummary[]> {
    return listConversations(this.db, opts.limit, opts.offset);
  }

  async knowledgeGaps(opts: { sinceMs?: number; limit?: number } = {}): Promise<{ question: string; count: number; lastAt: number; reason: 'unanswered' | 'downvoted' }[]> {
    return knowledgeGaps(this.db, opts.sinceMs ?? 0, opts.limit ?? 50);
  }

  async dailyStats(days: number): Promise<{ day: string; questions: number; answered: number }[]> {
    return dailyStats(this.db, this.clock.now(), days);
  }

  /** Record a vote on a stored bot message (`messageId` is the message's seq); one vote per voter, within `scope.conversation` when given. */
  async vote(messageId: string, value: 1 | -1, by?: string, scope: { conversation?: string } = {}): Promise<void> {
    vote(this.d, messageId, value, by, scope.conversation);
  }

  // --- key-value

  async get<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
    return kvGet<T>(this.d, namespace, key);
  }

  async set(namespace: string, key: string, value: unknown): Promise<void> {
    kvSet(this.d, namespace, key, value);
  }

  async delete(namespace: string, key: string): Promise<void> {
    kvDelete(this.d, namespace, key);
  }

  /** Write only when the key is absent; true when this call wrote it (de-duplication across retries and instances). */
  async setIfAbsent(namespace: string, key: string, value: unknown): Promise<boolean> {
    return kvSetIfAbsent(this.d, namespace, key, value);
  }

  /** Delete the entries of a namespace last written more than `ageMs` ago; returns how many. */
  async deleteOlderThan(namespace: string, ageMs: number): Promise<number> {
    return kvDeleteBefore(this.d, namespace, this.clock.now() - ageMs);
  }

  async entries<T = unknown>(namespace: string): Promise<[string, T][]> {
    return kvEntries<T>(this.d, namespace);
  }

  // --- maintenance and data-subject requests

  /** Online, consistent copy of the database to `destPath` (safe while the server runs). */
  async backup(destPath: string): Promise<void> {
    try {
      await this.db.backup(destPath);
    } catch (err) {
      throw new CodedError('store_failed', `backup to ${destPath} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Retention: blank the text of messages older than `ageMs` (counts and answered flags stay). Returns how many. */
  async purgeMessagesOlderThan(ageMs: number): Promise<number> {
    return messages.purgeMessages(this.d, this.clock.now() - ageMs);
  }

  /** Blank the messages of one conversation (erasure before any lead exists). Returns how many. */
  async eraseConversationMessages(conversation: string): Promise<number> {
    // Durable although it writes no lead: the person was told their data is gone.
    return this.durable(() => eraseConversationMessages(this.d, conversation));
  }

  /** Delete desk notifications delivered more than `ageMs` ago (their events carry personal data). Returns how many. */
  async pruneDeliveredOutbox(ageMs: number): Promise<number> {
    return this.durable(() => outbox.pruneDelivered(this.d, this.clock.now() - ageMs));
  }

  /** Retention for leads: erase the personal fields of leads created more than `ageMs` ago. Returns lead ids. */
  async purgeLeadContactsOlderThan(ageMs: number): Promise<string[]> {
    return this.durable(() => purgeLeadContacts(this.d, this.clock.now() - ageMs));
  }

  /**
   * A data-subject request: erase the personal data of the person behind `leadId` across all their
   * leads (same phone or WeChat id) and the messages of those conversations. Returns what was erased,
   * or undefined when the lead does not exist.
   */
  async deletePerson(leadId: string): Promise<ErasureReport | undefined> {
    const report = this.durable(() => deletePerson(this.d, leadId));
    if (report) this.checkpoint();
    return report;
  }

  /** A chat's own erasure request: what this conversation supplied, nothing linked through a shared phone. */
  async eraseConversation(conversation: string): Promise<ErasureReport> {
    const report = this.durable(() => eraseConversation(this.d, conversation));
    this.checkpoint();
    return report;
  }

  async registerDesks(names: string[]): Promise<void> {
    kvSet(this.d, ERASURE_DESKS.namespace, ERASURE_DESKS.key, names);
  }

  /** Copy the WAL into the database file and truncate it, so erased rows leave no copy in the WAL. */
  private checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Close the database (checkpoints the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
