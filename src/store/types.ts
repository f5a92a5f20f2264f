/**
 * Store interfaces the dialog and the staff tools code against. They are synchronous, matching
 * better-sqlite3; a PostgreSQL store needs them made async (the dialog's store calls live in
 * src/dialog/{assistant,staff-actions,create-assistant,context}.ts and src/leads/lead-view.ts).
 */
import type { LeadEvent, StaffMember } from '../core/ports.js';
import type { ChannelName, Intent, Lang, Outbound } from '../core/types.js';
import type { Lead, LeadField } from '../leads/lead-schema.js';

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
}

/** Per-conversation state beyond its name. */
export interface ConversationData {
  draft?: CaptureDraft;
  /** The open lead of this conversation (waiting / taken over). */
  leadId?: string;
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

/** Conversations and their messages. */
export interface ConversationStore {
  getConversation(id: string): ConversationRecord | undefined;
  /** Create the conversation when new (else record the latest sender, e.g. the asker in a group); returns it. */
  ensureConversation(c: { channel: ChannelName; conversationId: string; userId: string; userName?: string; lang: Lang }): ConversationRecord;
  saveConversation(c: Pick<ConversationRecord, 'id' | 'state' | 'data' | 'lang'>): void;
  /** Store a message; returns its seq, or undefined when `platformId` was already stored (a duplicate). */
  addMessage(m: { conversation: string; role: MessageRole; text: string; outbound?: Outbound; platformId?: string }): number | undefined;
  /** The last `limit` messages, oldest first. */
  recentMessages(conversation: string, limit: number): MessageRecord[];
}

export type LeadStatus = 'new' | 'claimed' | 'closed';

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
}

/** Entries of a lead's history (`lead_events`). */
export type LeadEventType = 'created' | 'updated' | 'notified' | 'claimed' | 'replied' | 'released' | 'escalated' | 'closed' | 'erased';

/** What `deletePerson` erased, for the data-subject answer. */
export interface ErasureReport {
  leadIds: string[];
  conversations: string[];
  fieldsErased: LeadField[];
  messagesErased: number;
  outboxErased: number;
}

/** Leads and their history. */
export interface LeadStore {
  createLead(l: { id: string; conversation: string; fields: Lead }): LeadRecord;
  updateLeadFields(id: string, fields: Lead): LeadRecord | undefined;
  getLead(id: string): LeadRecord | undefined;
  listLeads(filter?: { status?: LeadStatus; ownerId?: string; limit?: number }): LeadRecord[];
  /** Leads of the same person (same phone or WeChat id), excluding `id`. */
  linkedLeadIds(id: string): string[];
  /** Open (not closed) lead of a conversation, newest first. */
  openLeadOf(conversation: string): LeadRecord | undefined;
  /** Every lead of a conversation, oldest first. */
  leadsOfConversation(conversation: string): LeadRecord[];
  /** Claim when unowned; returns the lead after the attempt (owner tells who won). */
  claimLead(id: string, by: StaffMember): { claimed: boolean; lead: LeadRecord | undefined };
  releaseLead(id: string): void;
  closeLead(id: string, outcome: string): void;
  /** Unclaimed leads created at or before `createdBefore` that never escalated. */
  dueForEscalation(createdBefore: number): LeadRecord[];
  /** Mark escalated; false when another caller did it first. */
  markEscalated(id: string): boolean;
  addLeadEvent(e: { leadId: string; type: LeadEventType; actor?: StaffMember; data?: unknown }): void;
  leadEvents(leadId: string): { type: string; actorId?: string; actorName?: string; at: number; data?: unknown }[];
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
  enqueue(event: LeadEvent, desks: string[]): number[];
  dueOutbox(now: number, limit?: number): OutboxItem[];
  markDelivered(id: number): void;
  markFailed(id: number, error: string, nextAttemptAt: number): void;
  outboxItems(opts?: { pendingOnly?: boolean }): OutboxItem[];
}

/** What the dialog core needs from a store: conversations, leads, the outbox and data-subject tools. */
export interface DialogStore extends ConversationStore, LeadStore, Outbox {
  /** Run `fn` atomically (e.g. a new lead and its desk notifications): all of its writes or none. */
  transaction<T>(fn: () => T): T;
  deletePerson(leadId: string): ErasureReport | undefined;
  purgeMessagesOlderThan(ageMs: number): number;
  purgeLeadContactsOlderThan(ageMs: number): string[];
  pruneDeliveredOutbox(ageMs: number): number;
  eraseConversationMessages(conversation: string): number;
}
