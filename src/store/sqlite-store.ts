/**
 * SQLite implementation of every store interface (conversations, leads, outbox, insights,
 * feedback, key-value). One file handle in WAL mode; leads, their history and the outbox commit
 * with synchronous=FULL, everything else with NORMAL (see `durable`). better-sqlite3 is
 * synchronous: each port method wraps synchronous statements (so each is atomic), and the composite
 * operations run theirs in one transaction. Statements are prepared once (`statements.ts`).
 */
import Database from 'better-sqlite3';
import { CodedError } from '../core/errors.js';
import type { Clock, FeedbackSink, InsightsReader, LeadEvent, StaffMember, StoredMessage } from '../core/ports.js';
import type { ChannelName, Intent, Lang, Outbound } from '../core/types.js';
import { contactKeys, parseStoredLead, type Lead } from '../core/lead.js';
import { dailyStats, knowledgeGaps, listConversations, messagesSince, parseOutbound, resolveConversationId } from './insights.js';
import { deletePerson, ERASURE_DESKS, eraseConversation, eraseConversationMessages, purgeLeadContacts, purgeMessages } from './erasure.js';
import { migrate } from './migrations.js';
import { prepared } from './statements.js';
import type {
  ConversationData,
  ConversationRecord,
  ConversationState,
  ConversationStore,
  DialogStore,
  ErasureReport,
  KeyValueLedger,
  LeadEventBuilder,
  LeadEventType,
  LeadHistoryEntry,
  LeadRecord,
  LeadStatus,
  LeadStore,
  MessageRecord,
  ReceivedMessage,
  MessageRole,
  Outbox,
  OutboxItem,
} from './types.js';

interface ConversationRow {
  id: string;
  channel: ChannelName;
  conversation_id: string;
  user_id: string;
  user_name: string | null;
  state: ConversationState;
  data: string;
  lang: Lang;
  created_at: number;
  updated_at: number;
}

interface LeadRow {
  id: string;
  conversation: string;
  status: LeadStatus;
  fields: string;
  owner_id: string | null;
  owner_name: string | null;
  outcome: string | null;
  created_at: number;
  updated_at: number;
  claimed_at: number | null;
  escalated_at: number | null;
  closed_at: number | null;
}

interface OutboxRow {
  id: number;
  desk: string;
  lead_id: string | null;
  event: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

/** The internal conversation id for a channel's conversation. */
export function conversationKey(channel: ChannelName, conversationId: string): string {
  return `${channel}:${conversationId}`;
}

function parseJson<T>(json: string | null | undefined, fallback: T): T {
  if (!json) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toLead(r: LeadRow): LeadRecord {
  const rec: LeadRecord = {
    id: r.id,
    conversation: r.conversation,
    status: r.status,
    fields: parseStoredLead(r.fields),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.owner_id) rec.owner = { id: r.owner_id, name: r.owner_name ?? r.owner_id };
  if (r.outcome !== null) rec.outcome = r.outcome;
  if (r.claimed_at !== null) rec.claimedAt = r.claimed_at;
  if (r.escalated_at !== null) rec.escalatedAt = r.escalated_at;
  if (r.closed_at !== null) rec.closedAt = r.closed_at;
  return rec;
}

function toOutboxItem(r: OutboxRow): OutboxItem {
  const item: OutboxItem = { id: r.id, desk: r.desk, event: JSON.parse(r.event) as LeadEvent, attempts: r.attempts, nextAttemptAt: r.next_attempt_at };
  if (r.lead_id !== null) item.leadId = r.lead_id;
  if (r.delivered_at !== null) item.deliveredAt = r.delivered_at;
  if (r.last_error !== null) item.lastError = r.last_error;
  return item;
}

/** Every store port over one SQLite database. */
export class SqliteStore implements DialogStore, InsightsReader, FeedbackSink, KeyValueLedger {
  readonly db: Database.Database;

  constructor(
    readonly path: string,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {
    try {
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('foreign_keys = ON');
      // Deleted rows are overwritten, not left in free pages: an erasure must leave no copy in the file.
      this.db.pragma('secure_delete = ON');
      migrate(this.db, undefined, () => this.clock.now());
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
    this.sql('PRAGMA synchronous = FULL').run();
    try {
      return this.tx(fn);
    } finally {
      this.sql('PRAGMA synchronous = NORMAL').run();
    }
  }

  /** The cached prepared statement for `sql`. */
  private sql(sql: string) {
    return prepared(this.db, sql);
  }

  // --- the async store ports, over the synchronous statements below

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    return this.getConversationSync(id);
  }

  async ensureConversation(c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang }): Promise<ConversationRecord> {
    return this.ensureConversationSync(c);
  }

  async receiveMessage(m: ReceivedMessage): Promise<{ conversation: ConversationRecord; seq: number | undefined }> {
    // One transaction (one commit) instead of an upsert, a language save, the insert and the touch.
    return this.tx(() => {
      const now = this.clock.now();
      const conversation = this.ensureConversationSync({ ...m, lang: m.lang ?? 'zh' }, m.lang);
      const seq = this.addMessageSync({ conversation: conversation.id, role: 'user', text: m.text, ...(m.platformId !== undefined ? { platformId: m.platformId } : {}) }, now);
      if (seq !== undefined) conversation.updatedAt = now;
      return { conversation, seq };
    });
  }

  async saveConversation(c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): Promise<void> {
    this.saveConversationSync(c);
  }

  async addMessage(
    m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string },
    save?: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>,
  ): Promise<number | undefined> {
    return this.tx(() => {
      if (save) this.saveConversationSync(save);
      return this.addMessageSync(m);
    });
  }

  async recentMessages(conversation: string, limit: number, opts: { outbound?: boolean } = {}): Promise<MessageRecord[]> {
    return this.recentMessagesSync(conversation, limit, opts.outbound ?? true);
  }

  async createLead(l: { id: string; conversation: string; fields: Lead }): Promise<LeadRecord> {
    return this.durable(() => this.createLeadSync(l));
  }

  async createLeadAndEnqueue(l: { id: string; conversation: string; fields: Lead }, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord> {
    return this.durable(() => {
      const lead = this.createLeadSync(l);
      this.addLeadEventSync({ leadId: lead.id, type: 'created' });
      this.enqueueSync(event(lead), desks);
      return lead;
    });
  }

  async updateLeadFields(id: string, fields: Lead): Promise<LeadRecord | undefined> {
    return this.durable(() => this.updateLeadFieldsSync(id, fields));
  }

  async getLead(id: string): Promise<LeadRecord | undefined> {
    return this.getLeadSync(id);
  }

  async listLeads(filter: { status?: LeadStatus; ownerId?: string; limit?: number } = {}): Promise<LeadRecord[]> {
    return this.listLeadsSync(filter);
  }

  async linkedLeadIds(id: string): Promise<string[]> {
    return this.linkedLeadIdsSync(id);
  }

  async leadIdsOfContact(fields: Lead): Promise<string[]> {
    const keys = contactKeys(fields);
    if (!keys.phone && !keys.wechat) return [];
    const rows = this.sql('SELECT id FROM leads WHERE (phone IS NOT NULL AND phone = ?) OR (wechat_id IS NOT NULL AND wechat_id = ?) ORDER BY created_at, id').all(
      keys.phone ?? null,
      keys.wechat ?? null,
    ) as { id: string }[];
    return rows.map((x) => x.id);
  }

  async countLeadsByStatus(): Promise<Record<LeadStatus, number>> {
    const counts: Record<LeadStatus, number> = { new: 0, claimed: 0, closed: 0 };
    for (const r of this.sql('SELECT status, COUNT(*) AS n FROM leads GROUP BY status').all() as { status: LeadStatus; n: number }[]) counts[r.status] = r.n;
    return counts;
  }

  async openLeadOf(conversation: string): Promise<LeadRecord | undefined> {
    return this.openLeadOfSync(conversation);
  }

  async leadsOfConversation(conversation: string): Promise<LeadRecord[]> {
    return this.leadsOfConversationSync(conversation);
  }

  async claimLead(id: string, by: StaffMember): Promise<{ claimed: boolean; lead: LeadRecord | undefined }> {
    return this.durable(() => this.claimLeadSync(id, by));
  }

  async claimLeadAndTakeOver(
    id: string,
    by: StaffMember,
    event: LeadEventBuilder,
    desks: string[],
  ): Promise<{ claimed: boolean; lead: LeadRecord | undefined; conversation?: ConversationRecord }> {
    return this.durable(() => {
      const r = this.claimLeadSync(id, by);
      if (!r.claimed || !r.lead) return r;
      const lead = r.lead;
      const c = this.getConversationSync(lead.conversation);
      if (c) this.saveConversationSync({ id: c.id, state: 'taken_over', data: { leadId: id }, lang: c.lang });
      this.addLeadEventSync({ leadId: id, type: 'claimed', actor: by });
      this.enqueueSync(event(lead), desks);
      const conversation = c && this.getConversationSync(c.id);
      return conversation ? { ...r, conversation } : r;
    });
  }

  async releaseLead(id: string): Promise<void> {
    this.durable(() => this.releaseLeadSync(id));
  }

  async closeLead(id: string, outcome: string): Promise<void> {
    this.durable(() => this.closeLeadSync(id, outcome));
  }

  async dueForEscalation(createdBefore: number): Promise<LeadRecord[]> {
    return this.dueForEscalationSync(createdBefore);
  }

  async markEscalated(id: string): Promise<boolean> {
    return this.durable(() => this.markEscalatedSync(id));
  }

  async escalateAndEnqueue(id: string, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord | undefined> {
    return this.durable(() => {
      if (!this.markEscalatedSync(id)) return undefined;
      const lead = this.getLeadSync(id);
      if (!lead) return undefined;
      this.addLeadEventSync({ leadId: id, type: 'escalated' });
      this.enqueueSync(event(lead), desks);
      return lead;
    });
  }

  async addLeadEvent(e: LeadHistoryEntry): Promise<void> {
    this.durable(() => this.addLeadEventSync(e));
  }

  async addLeadEventAndEnqueue(e: LeadHistoryEntry, event: LeadEvent, desks: string[]): Promise<void> {
    this.durable(() => {
      this.addLeadEventSync(e);
      this.enqueueSync(event, desks);
    });
  }

  async leadEvents(leadId: string): Promise<{ type: string; actorId?: string; actorName?: string; at: number; data?: unknown }[]> {
    return this.leadEventsSync(leadId);
  }

  async enqueue(event: LeadEvent, desks: string[]): Promise<number[]> {
    return this.durable(() => this.enqueueSync(event, desks));
  }

  async dueOutbox(now: number, limit?: number): Promise<OutboxItem[]> {
    return this.dueOutboxSync(now, limit);
  }

  // Delivery marks are durable too: a mark lost to a power cut would notify the desks twice.
  async markDelivered(id: number): Promise<void> {
    this.durable(() => this.markDeliveredSync(id));
  }

  async markFailed(id: number, error: string, nextAttemptAt: number): Promise<void> {
    this.durable(() => this.markFailedSync(id, error, nextAttemptAt));
  }

  async outboxItems(opts: { pendingOnly?: boolean } = {}): Promise<OutboxItem[]> {
    return this.outboxItemsSync(opts);
  }

  // --- conversations (synchronous statements)

  /** @internal Synchronous form, for erasure.ts and the composite operations. */
  getConversationSync(id: string): ConversationRecord | undefined {
    const r = this.sql('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined;
    return r && this.toConversation(r);
  }

  /** Upsert and read back in one statement; `switchLang` changes an existing conversation's language. */
  private ensureConversationSync(c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang }, switchLang?: Lang): ConversationRecord {
    const id = conversationKey(c.channel, c.conversationId);
    const now = this.clock.now();
    const row = this.sql(
      `INSERT INTO conversations (id, channel, conversation_id, user_id, user_name, state, data, lang, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'answering', '{}', ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, user_name = COALESCE(excluded.user_name, user_name), lang = COALESCE(?, lang)
       RETURNING *`,
    ).get(id, c.channel, c.conversationId, c.userId, c.userName ?? null, c.lang, now, now, switchLang ?? null) as ConversationRow;
    return this.toConversation(row);
  }

  private saveConversationSync(c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): void {
    this.sql('UPDATE conversations SET state = ?, data = ?, lang = ?, updated_at = ? WHERE id = ?').run(c.state, JSON.stringify(c.data), c.lang, this.clock.now(), c.id);
  }

  /** Insert the message and touch its conversation (callers run it in a transaction). */
  private addMessageSync(m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string }, now = this.clock.now()): number | undefined {
    // Sources are large and only useful at reply time; citations already carry the cited passages.
    const stored = m.outbound ? { ...m.outbound, sources: undefined, messageId: undefined } : undefined;
    const res = this.sql(
      `INSERT INTO messages (conversation, role, text, outbound, answered, intent, platform_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(
      m.conversation,
      m.role,
      m.text,
      stored ? JSON.stringify(stored) : null,
      m.outbound ? (m.outbound.answered ? 1 : 0) : null,
      m.outbound?.intent ?? null,
      m.platformId ?? null,
      now,
    );
    if (res.changes === 0) return undefined;
    this.sql('UPDATE conversations SET updated_at = ? WHERE id = ?').run(now, m.conversation);
    return Number(res.lastInsertRowid);
  }

  private recentMessagesSync(conversation: string, limit: number, withOutbound: boolean): MessageRecord[] {
    if (limit <= 0) return [];
    // A stored reply's outbound JSON carries its citations: kilobytes to read and parse per row.
    const columns = `seq, conversation, role, text, ${withOutbound ? 'outbound' : 'NULL AS outbound'}, answered, intent, created_at`;
    const rows = this.sql(`SELECT ${columns} FROM messages WHERE conversation = ? ORDER BY seq DESC LIMIT ?`).all(conversation, limit) as {
      seq: number;
      conversation: string;
      role: MessageRole;
      text: string;
      outbound: string | null;
      answered: number | null;
      intent: Intent | null;
      created_at: number;
    }[];
    return rows.reverse().map((r) => {
      const rec: MessageRecord = { seq: r.seq, conversation: r.conversation, role: r.role, text: r.text, at: r.created_at };
      const ob = parseOutbound(r.outbound);
      if (ob) rec.outbound = ob;
      if (r.answered !== null) rec.answered = r.answered === 1;
      if (r.intent !== null) rec.intent = r.intent;
      return rec;
    });
  }

  private toConversation(r: ConversationRow): ConversationRecord {
    const c: ConversationRecord = {
      id: r.id,
      channel: r.channel,
      conversationId: r.conversation_id,
      userId: r.user_id,
      state: r.state,
      data: parseJson<ConversationData>(r.data, {}),
      lang: r.lang,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
    if (r.user_name) c.userName = r.user_name;
    return c;
  }

  // --- leads

  private createLeadSync(l: { id: string; conversation: string; fields: Lead }): LeadRecord {
    const now = this.clock.now();
    const keys = contactKeys(l.fields);
    this.sql(
      `INSERT INTO leads (id, conversation, status, fields, phone, wechat_id, person_key, created_at, updated_at)
       VALUES (?, ?, 'new', ?, ?, ?, ?, ?, ?)`,
    ).run(l.id, l.conversation, JSON.stringify(l.fields), keys.phone ?? null, keys.wechat ?? null, personKey(keys), now, now);
    return this.getLeadSync(l.id)!;
  }

  /** @internal Synchronous form, for erasure.ts and the composite operations. */
  updateLeadFieldsSync(id: string, fields: Lead): LeadRecord | undefined {
    const keys = contactKeys(fields);
    this.sql('UPDATE leads SET fields = ?, phone = ?, wechat_id = ?, person_key = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(fields), keys.phone ?? null, keys.wechat ?? null, personKey(keys), this.clock.now(), id);
    return this.getLeadSync(id);
  }

  /** @internal Synchronous form, for erasure.ts and the composite operations. */
  getLeadSync(id: string): LeadRecord | undefined {
    const r = this.sql('SELECT * FROM leads WHERE id = ?').get(id) as LeadRow | undefined;
    return r && toLead(r);
  }

  private listLeadsSync(filter: { status?: LeadStatus; ownerId?: string; limit?: number } = {}): LeadRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.ownerId) {
      where.push('owner_id = ?');
      args.push(filter.ownerId);
    }
    const sql = `SELECT * FROM leads ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`;
    return (this.sql(sql).all(...args, filter.limit ?? 1000) as LeadRow[]).map(toLead);
  }

  /** @internal Synchronous form, for erasure.ts and the composite operations. */
  linkedLeadIdsSync(id: string): string[] {
    const r = this.sql('SELECT phone, wechat_id FROM leads WHERE id = ?').get(id) as { phone: string | null; wechat_id: string | null } | undefined;
    if (!r || (!r.phone && !r.wechat_id)) return [];
    const rows = this.sql('SELECT id FROM leads WHERE id != ? AND ((phone IS NOT NULL AND phone = ?) OR (wechat_id IS NOT NULL AND wechat_id = ?)) ORDER BY created_at, id').all(id, r.phone, r.wechat_id) as { id: string }[];
    return rows.map((x) => x.id);
  }

  private openLeadOfSync(conversation: string): LeadRecord | undefined {
    const r = this.sql("SELECT * FROM leads WHERE conversation = ? AND status != 'closed' ORDER BY created_at DESC, rowid DESC LIMIT 1").get(conversation) as LeadRow | undefined;
    return r && toLead(r);
  }

  private leadsOfConversationSync(conversation: string): LeadRecord[] {
    return (this.sql('SELECT * FROM leads WHERE conversation = ? ORDER BY created_at, rowid').all(conversation) as LeadRow[]).map(toLead);
  }

  private claimLeadSync(id: string, by: StaffMember): { claimed: boolean; lead: LeadRecord | undefined } {
    const now = this.clock.now();
    // Conditional update: of two simultaneous claims exactly one changes the row.
    const res = this.sql("UPDATE leads SET status = 'claimed', owner_id = ?, owner_name = ?, claimed_at = ?, updated_at = ? WHERE id = ? AND status = 'new'").run(by.id, by.name, now, now, id);
    return { claimed: res.changes === 1, lead: this.getLeadSync(id) };
  }

  private releaseLeadSync(id: string): void {
    this.sql("UPDATE leads SET status = 'new', owner_id = NULL, owner_name = NULL, claimed_at = NULL, updated_at = ? WHERE id = ? AND status = 'claimed'").run(this.clock.now(), id);
  }

  private closeLeadSync(id: string, outcome: string): void {
    const now = this.clock.now();
    this.sql("UPDATE leads SET status = 'closed', outcome = ?, closed_at = ?, updated_at = ? WHERE id = ? AND status != 'closed'").run(outcome, now, now, id);
  }

  private dueForEscalationSync(createdBefore: number): LeadRecord[] {
    return (this.sql("SELECT * FROM leads WHERE status = 'new' AND escalated_at IS NULL AND created_at <= ? ORDER BY created_at").all(createdBefore) as LeadRow[]).map(toLead);
  }

  private markEscalatedSync(id: string): boolean {
    const now = this.clock.now();
    return this.sql('UPDATE leads SET escalated_at = ?, updated_at = ? WHERE id = ? AND escalated_at IS NULL').run(now, now, id).changes === 1;
  }

  /** @internal Synchronous form, for erasure.ts and the composite operations. */
  addLeadEventSync(e: { leadId: string; type: LeadEventType; actor?: StaffMember; data?: unknown }): void {
    this.sql('INSERT INTO lead_events (lead_id, type, actor_id, actor_name, data, at) VALUES (?, ?, ?, ?, ?, ?)').run(e.leadId, e.type, e.actor?.id ?? null, e.actor?.name ?? null, e.data === undefined ? null : JSON.stringify(e.data), this.clock.now());
  }

  private leadEventsSync(leadId: string): { type: string; actorId?: string; actorName?: string; at: number; data?: unknown }[] {
    const rows = this.sql('SELECT type, actor_id, actor_name, data, at FROM lead_events WHERE lead_id = ? ORDER BY id').all(leadId) as {
      type: string;
      actor_id: string | null;
      actor_name: string | null;
      data: string | null;
      at: number;
    }[];
    return rows.map((r) => {
      const e: { type: string; actorId?: string; actorName?: string; at: number; data?: unknown } = { type: r.type, at: r.at };
      if (r.actor_id) e.actorId = r.actor_id;
      if (r.actor_name) e.actorName = r.actor_name;
      if (r.data) e.data = parseJson(r.data, undefined);
      return e;
    });
  }

  // --- outbox

  /** Callers run it inside `durable`, so the rows of all desks commit together. */
  /** Write one outbox row per desk for `event` (inside the caller's transaction). */
  enqueueSync(event: LeadEvent, desks: string[]): number[] {
    const now = this.clock.now();
    const stmt = this.sql('INSERT INTO outbox (desk, lead_id, event, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)');
    const json = JSON.stringify(event);
    return desks.map((d) => Number(stmt.run(d, event.lead.id, json, now, now).lastInsertRowid));
  }

  private dueOutboxSync(now: number, limit = 100): OutboxItem[] {
    return (this.sql('SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?').all(now, limit) as OutboxRow[]).map(toOutboxItem);
  }

  private markDeliveredSync(id: number): void {
    this.sql('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?').run(this.clock.now(), id);
  }

  private markFailedSync(id: number, error: string, nextAttemptAt: number): void {
    this.sql('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?').run(error.slice(0, 500), nextAttemptAt, id);
  }

  private outboxItemsSync(opts: { pendingOnly?: boolean } = {}): OutboxItem[] {
    const sql = `SELECT * FROM outbox ${opts.pendingOnly ? 'WHERE delivered_at IS NULL' : ''} ORDER BY id`;
    return (this.sql(sql).all() as OutboxRow[]).map(toOutboxItem);
  }

  // --- insights and feedback

  async messagesSince(conversationId: string, after: number, limit?: number): Promise<StoredMessage[]> {
    return messagesSince(this.db, conversationId, after, limit);
  }

  async conversations(opts: { limit?: number; offset?: number } = {}): Promise<{ id: string; channel: string; state: string; lastAt: number; messageCount: number }[]> {
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
    const seq = /^\d+$/.test(messageId) ? Number(messageId) : NaN;
    const within = scope.conversation === undefined ? undefined : (resolveConversationId(this.db, scope.conversation) ?? '\u0000none');
    const exists =
      Number.isSafeInteger(seq) &&
      (within === undefined
        ? this.sql("SELECT 1 FROM messages WHERE seq = ? AND role IN ('assistant','staff')").get(seq)
        : this.sql("SELECT 1 FROM messages WHERE seq = ? AND conversation = ? AND role IN ('assistant','staff')").get(seq, within));
    if (!exists) throw new CodedError('not_found', `no bot message ${messageId}`);
    this.sql('INSERT INTO votes (message_seq, voter, value, at) VALUES (?, ?, ?, ?) ON CONFLICT(message_seq, voter) DO UPDATE SET value = excluded.value, at = excluded.at').run(seq, by ?? '', value, this.clock.now());
  }

  // --- key-value

  async get<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
    const r = this.sql('SELECT value FROM kv WHERE namespace = ? AND key = ?').get(namespace, key) as { value: string } | undefined;
    return r ? parseJson<T | undefined>(r.value, undefined) : undefined;
  }

  async set(namespace: string, key: string, value: unknown): Promise<void> {
    this.sql('INSERT INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(namespace, key, JSON.stringify(value ?? null), this.clock.now());
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.sql('DELETE FROM kv WHERE namespace = ? AND key = ?').run(namespace, key);
  }

  /** Write only when the key is absent; true when this call wrote it (de-duplication across retries and instances). */
  async setIfAbsent(namespace: string, key: string, value: unknown): Promise<boolean> {
    return this.sql('INSERT INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(namespace, key) DO NOTHING').run(namespace, key, JSON.stringify(value ?? null), this.clock.now()).changes === 1;
  }

  /** Delete the entries of a namespace last written more than `ageMs` ago; returns how many. */
  async deleteOlderThan(namespace: string, ageMs: number): Promise<number> {
    return this.sql('DELETE FROM kv WHERE namespace = ? AND updated_at < ?').run(namespace, this.clock.now() - ageMs).changes;
  }

  async entries<T = unknown>(namespace: string): Promise<[string, T][]> {
    const rows = this.sql('SELECT key, value FROM kv WHERE namespace = ? ORDER BY key').all(namespace) as { key: string; value: string }[];
    return rows.map((r) => [r.key, parseJson<T>(r.value, undefined as T)]);
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
    return purgeMessages(this.db, this.clock.now() - ageMs);
  }

  /** Blank the messages of one conversation (erasure before any lead exists). Returns how many. */
  async eraseConversationMessages(conversation: string): Promise<number> {
    // Durable although it writes no lead: the person was told their data is gone.
    return this.durable(() => eraseConversationMessages(this.db, conversation));
  }

  /** Delete desk notifications delivered more than `ageMs` ago (their events carry personal data). Returns how many. */
  async pruneDeliveredOutbox(ageMs: number): Promise<number> {
    return this.durable(() => this.sql('DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?').run(this.clock.now() - ageMs).changes);
  }

  /** Retention for leads: erase the personal fields of leads created more than `ageMs` ago. Returns lead ids. */
  async purgeLeadContactsOlderThan(ageMs: number): Promise<string[]> {
    return this.durable(() => purgeLeadContacts(this, this.clock.now() - ageMs));
  }

  /**
   * A data-subject request: erase the personal data of the person behind `leadId` across all their
   * leads (same phone or WeChat id) and the messages of those conversations. Returns what was erased,
   * or undefined when the lead does not exist.
   */
  async deletePerson(leadId: string): Promise<ErasureReport | undefined> {
    const report = this.durable(() => deletePerson(this, leadId));
    if (report) this.checkpoint();
    return report;
  }

  /** A chat's own erasure request: what this conversation supplied, nothing linked through a shared phone. */
  async eraseConversation(conversation: string): Promise<ErasureReport> {
    const report = this.durable(() => eraseConversation(this, conversation));
    this.checkpoint();
    return report;
  }

  async registerDesks(names: string[]): Promise<void> {
    this.sql('INSERT INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(ERASURE_DESKS.namespace, ERASURE_DESKS.key, JSON.stringify(names), this.clock.now());
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

function personKey(keys: { phone?: string; wechat?: string }): string | null {
  if (keys.phone) return `p:${keys.phone}`;
  if (keys.wechat) return `w:${keys.wechat}`;
  return null;
}
