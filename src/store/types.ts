/**
 * Store interfaces the dialog and the staff tools code against. Every method returns a Promise so
 * an asynchronous database client (PostgreSQL's `pg`) can implement them; SqliteStore wraps
 * better-sqlite3's synchronous calls.
 *
 * There is no generic `transaction(fn)`: a callback that awaits cannot run inside one SQLite
 * transaction, and it would tie callers to a connection. Changes that must commit together are
 * composite operations instead (`receiveMessage`, `createLeadAndEnqueue`, `claimLeadAndTakeOver`,
 * `assignLeadAndEnqueue`, `escalateAndEnqueue`, `addLeadEventAndEnqueue`, `deletePerson`), each one
 * transaction.
 *
 * How a PostgreSQL store would implement them: take a client from the pool, `BEGIN`, run the
 * statements, `COMMIT` (`ROLLBACK` on any error), release the client. Conditional updates stay
 * single statements (`UPDATE leads SET ... WHERE id = $1 AND status = 'new' RETURNING *`), so of
 * two racing callers exactly one gets a row back, and only that one goes on to write the
 * conversation, the history entry and the outbox rows in the same transaction. The
 * `LeadEventBuilder` is called with the row `RETURNING` gave back, between those statements; it
 * is pure and synchronous by contract, so it never holds the transaction open on I/O.
 */
import type { KeyValueStore, LeadEvent, StaffMember } from '../core/ports.js';
import type { ChannelName, Intent, Lang, Outbound } from '../core/types.js';
import type { Lead, LeadField } from '../core/lead.js';

/** Where a conversation stands. */
export type ConversationState = 'answering' | 'collecting' | 'waiting' | 'taken_over' | 'closed';

/** A half-filled lead and where capture stands, persisted with the conversation. */
export interface CaptureDraft {
  fields: Lead;
  /** Fields the last prompt asked for. */
  asked: LeadField[];
  skipped: LeadField[];
  stage: 'collect' | 'confirm';
  /** The privacy notice was shown before contact details were asked for. */
  privacyShown: boolean;
  /** Capture updates this open lead instead of creating another. */
  updatesLeadId?: string;
  /** The investor asked a question mid-capture: capture waits, reminded once, until a field or "继续登记". */
  paused?: boolean;
}

/** Per-conversation state beyond its name. */
export interface ConversationData {
  draft?: CaptureDraft;
  /** The open lead of this conversation (waiting / taken over). */
  leadId?: string;
  /** When the user asked to delete their data; "确认删除" within a few minutes carries it out. */
  eraseRequestedAt?: number;
}

/** A conversation as stored: where it lives, its state and the data that state needs. */
export interface ConversationRecord {
  /** Internal id: `${channel}:${conversationId}`. */
  id: string;
  channel: ChannelName;
  conversationId: string;
  userId: string;
  userName?: string;
  state: ConversationState;
  data: ConversationData;
  lang: Lang;
  createdAt: number;
  updatedAt: number;
}

export type MessageRole = 'user' | 'assistant' | 'staff' | 'system';

/** A stored message of a conversation. */
export interface MessageRecord {
  seq: number;
  conversation: string;
  role: MessageRole;
  text: string;
  outbound?: Outbound;
  answered?: boolean;
  intent?: Intent;
  at: number;
}

/** An inbound message as the store records it. */
export interface ReceivedMessage {
  channel: ChannelName;
  conversationId: string;
  userId: string;
  userName?: string;
  lang?: Lang;
  text: string;
  platformId?: string;
}

/** Conversations and their messages. */
export interface ConversationStore {
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  /** Create the conversation when new (else record the latest sender, e.g. the asker in a group); returns it. */
  ensureConversation(c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang }): Promise<ConversationRecord>;
  saveConversation(c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): Promise<void>;
  /**
   * An investor's message arrives, in one transaction: create the conversation when new (else
   * record the latest sender), switch it to `lang` when the message shows a language (a new
   * conversation without one starts in Chinese), and store the message. Returns the conversation as
   * stored and the message's seq, undefined when `platformId` was already stored (a re-delivery).
   */
  receiveMessage(m: ReceivedMessage): Promise<{ conversation: ConversationRecord; seq: number | undefined }>;
  /**
   * Store a message; returns its seq, or undefined when `platformId` was already stored (a duplicate).
   * With `save`, the conversation's state is saved in the same transaction (a reply and the state
   * it leaves the conversation in commit together).
   */
  addMessage(
    m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string },
    save?: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>,
  ): Promise<number | undefined>;
  /** The last `limit` messages, oldest first; `outbound: false` leaves out the stored replies' outbound (cheaper). */
  recentMessages(conversation: string, limit: number, opts?: { outbound?: boolean }): Promise<MessageRecord[]>;
}

/** 新线索 new, 已认领 claimed, 待跟进 follow_up (released, owner kept), 已关闭 closed. */
export type LeadStatus = 'new' | 'claimed' | 'follow_up' | 'closed';

/** A stored lead with its owner and lifecycle timestamps. */
export interface LeadRecord {
  id: string;
  conversation: string;
  status: LeadStatus;
  fields: Lead;
  owner?: StaffMember;
  outcome?: string;
  createdAt: number;
  updatedAt: number;
  claimedAt?: number;
  escalatedAt?: number;
  closedAt?: number;
  /** Who closed the lead. */
  closedBy?: StaffMember;
}

/** Entries of a lead's history (`lead_events`). */
export type LeadEventType = 'created' | 'updated' | 'notified' | 'claimed' | 'assigned' | 'replied' | 'released' | 'escalated' | 'closed' | 'erased';

/** What `deletePerson` erased, for the data-subject answer. */
export interface ErasureReport {
  leadIds: string[];
  conversations: string[];
  fieldsErased: LeadField[];
  messagesErased: number;
  outboxErased: number;
}

/** An entry of a lead's history. */
export interface LeadHistoryEntry {
  leadId: string;
  type: LeadEventType;
  actor?: StaffMember;
  data?: unknown;
}

/**
 * Builds the desk event from the lead as the composite operation wrote it. Called inside the
 * store's transaction, so it must be pure and synchronous: no store calls, no I/O.
 */
export type LeadEventBuilder = (lead: LeadRecord) => LeadEvent;

/** Leads and their history. */
export interface LeadStore {
  createLead(l: { id: string; conversation: string; fields: Lead }): Promise<LeadRecord>;
  /**
   * Create a lead with its 'created' history entry and one outbox row per desk, atomically: a
   * crash cannot leave a lead no desk hears of.
   */
  createLeadAndEnqueue(l: { id: string; conversation: string; fields: Lead }, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord>;
  updateLeadFields(id: string, fields: Lead): Promise<LeadRecord | undefined>;
  getLead(id: string): Promise<LeadRecord | undefined>;
  listLeads(filter?: { status?: LeadStatus; ownerId?: string; limit?: number }): Promise<LeadRecord[]>;
  /** How many leads are in each status (metrics), without reading the leads. */
  countLeadsByStatus(): Promise<Record<LeadStatus, number>>;
  /** Leads of the same person (same phone or WeChat id), excluding `id`. */
  linkedLeadIds(id: string): Promise<string[]>;
  /** Leads whose phone or WeChat id matches these contact details, oldest first (links of a lead not yet stored). */
  leadIdsOfContact(fields: Lead): Promise<string[]>;
  /** Open (not closed) lead of a conversation, newest first. */
  openLeadOf(conversation: string): Promise<LeadRecord | undefined>;
  /** Every lead of a conversation, oldest first. */
  leadsOfConversation(conversation: string): Promise<LeadRecord[]>;
  /**
   * Claim when unowned, or when 'follow_up' and `by` is its owner or a supervisor (a conditional
   * update); returns the lead after the attempt (owner tells who won).
   */
  claimLead(id: string, by: StaffMember): Promise<{ claimed: boolean; lead: LeadRecord | undefined }>;
  /**
   * Claim when unowned and, only when this call won, in the same transaction: put the lead's
   * conversation in 'taken_over' (so the bot is never silent without an owner), add the 'claimed'
   * history entry and queue the desk event. Returns the conversation as updated.
   */
  claimLeadAndTakeOver(
    id: string,
    by: StaffMember,
    event: LeadEventBuilder,
    desks: string[],
  ): Promise<{ claimed: boolean; lead: LeadRecord | undefined; conversation?: ConversationRecord }>;
  /**
   * Make `to` the owner of an open lead when `by` is its owner or a supervisor and `to` is not the
   * owner already (one conditional update, so a racing claim, close or assignment either wins or
   * loses whole): a claimed lead stays claimed, a new or follow-up one becomes 'follow_up' for `to`.
   * Only when this call changed the lead, in the same transaction: the 'assigned' history entry
   * (actor `by`, data `{ from, to }`) and the desk event. Returns the lead after the attempt and
   * the owner it was taken from.
   */
  assignLeadAndEnqueue(
    id: string,
    to: StaffMember,
    by: StaffMember,
    event: LeadEventBuilder,
    desks: string[],
  ): Promise<{ assigned: boolean; lead: LeadRecord | undefined; from?: StaffMember }>;
  /** Hand a claimed lead back to the bot; it keeps its owner, as 'follow_up'. */
  releaseLead(id: string): Promise<void>;
  /** Close an open lead, recording the outcome and who closed it. */
  closeLead(id: string, outcome: string, by?: StaffMember): Promise<void>;
  /** Unclaimed leads created at or before `createdBefore` that never escalated. */
  dueForEscalation(createdBefore: number): Promise<LeadRecord[]>;
  /** Mark escalated; false when another caller did it first. */
  markEscalated(id: string): Promise<boolean>;
  /**
   * Mark escalated and, only when this call did it, add the 'escalated' history entry and queue
   * the desk event in the same transaction. Returns the escalated lead, or undefined when another
   * caller escalated it first (or it does not exist).
   */
  escalateAndEnqueue(id: string, event: LeadEventBuilder, desks: string[]): Promise<LeadRecord | undefined>;
  addLeadEvent(e: LeadHistoryEntry): Promise<void>;
  /** A history entry and its desk notifications, atomically. */
  addLeadEventAndEnqueue(e: LeadHistoryEntry, event: LeadEvent, desks: string[]): Promise<void>;
  leadEvents(leadId: string): Promise<{ type: string; actorId?: string; actorName?: string; at: number; data?: unknown }[]>;
}

/** One desk notification in the outbox. */
export interface OutboxItem {
  id: number;
  desk: string;
  leadId?: string;
  event: LeadEvent;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt?: number;
  lastError?: string;
}

/** Desk notifications waiting to be delivered (one row per desk, retried with backoff). */
export interface Outbox {
  enqueue(event: LeadEvent, desks: string[]): Promise<number[]>;
  dueOutbox(now: number, limit?: number): Promise<OutboxItem[]>;
  /**
   * Take up to `limit` due rows for delivery by this caller (oldest first): their next attempt
   * moves to `now + leaseMs`, so another drainer (another instance) does not take them meanwhile;
   * mark each delivered or failed afterwards. PostgreSQL uses `FOR UPDATE SKIP LOCKED`.
   */
  claimDueOutbox(now: number, leaseMs: number, limit?: number): Promise<OutboxItem[]>;
  markDelivered(id: number): Promise<void>;
  markFailed(id: number, error: string, nextAttemptAt: number): Promise<void>;
  outboxItems(opts?: { pendingOnly?: boolean }): Promise<OutboxItem[]>;
}

/** What the dialog core needs from a store: conversations, leads, the outbox and data-subject tools. */
export interface DialogStore extends ConversationStore, LeadStore, Outbox {
  /** Erase the person behind `leadId` across their linked leads, messages and outbox, atomically. */
  deletePerson(leadId: string): Promise<ErasureReport | undefined>;
  purgeMessagesOlderThan(ageMs: number): Promise<number>;
  purgeLeadContactsOlderThan(ageMs: number): Promise<string[]>;
  pruneDeliveredOutbox(ageMs: number): Promise<number>;
  eraseConversationMessages(conversation: string): Promise<number>;
  /** Erase what one conversation supplied (its leads' personal fields, messages, draft), atomically. */
  eraseConversation(conversation: string): Promise<ErasureReport>;
  /**
   * The desks an erasure tells ('erased' events through the outbox). Kept in the database, so the
   * leads CLI, another process, tells the desks the server registered.
   */
  registerDesks(names: string[]): Promise<void>;
}

/**
 * The key-value store with the two writes platform adapters need beyond get/set: an atomic
 * "first writer wins" (de-duplicating WeChat's retries, across instances too) and age-based
 * pruning (so de-duplication ids do not pile up).
 */
export interface KeyValueLedger extends KeyValueStore {
  setIfAbsent(namespace: string, key: string, value: unknown): Promise<boolean>;
  deleteOlderThan(namespace: string, ageMs: number): Promise<number>;
}

/** Read-modify-write of one small record, atomic across instances (a login throttle's count). */
export interface RecordUpdater {
  /** Replace the record at `namespace`/`key` with `fn(current)` (undefined deletes it); returns what was written. */
  updateRecord<T>(namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
}
