/** What the dialog's parts share: dependencies, the per-conversation lock and a few helpers. */
import type { Config } from '../config.js';
import { asCodedError } from '../core/errors.js';
import type { Clock, Coordination, IdMaker, LeadEvent, LeadView, Logger, QuestionService, StaffDesk } from '../core/ports.js';
import type { Outbound } from '../core/types.js';
import { DeskDispatcher } from '../leads/desk-dispatcher.js';
import { buildLeadView, leadView, leadViewParts } from '../leads/lead-view.js';
import type { Lead } from '../core/lead.js';
import type { ConversationRecord, DialogStore, LeadHistoryEntry, LeadRecord, MessageRole } from '../store/types.js';
import type { DeliveryRouter } from './delivery.js';
import type { IntentClassifier } from './intent.js';
import { localCoordination } from '../core/local-signals.js';

/** Dependencies of `createAssistant`. */
export interface AssistantDeps {
  store: DialogStore;
  questions: QuestionService;
  desks: StaffDesk[];
  delivery: DeliveryRouter;
  clock: Clock;
  ids: IdMaker;
  logger: Logger;
  config: Config;
  /** Consulted only where the rules find no intent (an LLM when one is configured). */
  classifier?: IntentClassifier;
  /** Per-conversation order and one-at-a-time jobs across instances (default: this process only). */
  coordination?: Coordination;
}

/** Shared state and helpers of the assistant and the staff actions. */
export class DialogContext {
  readonly coordination: Coordination;
  /** The per-conversation lock: in process, and on PostgreSQL an advisory lock on the key as well. */
  readonly lock: { run<T>(key: string, fn: () => Promise<T>): Promise<T> };
  readonly dispatcher: DeskDispatcher;

  constructor(readonly deps: AssistantDeps) {
    const coordination = deps.coordination ?? localCoordination();
    this.coordination = coordination;
    this.lock = { run: (key, fn) => coordination.serial(key, fn) };
    this.dispatcher = new DeskDispatcher(deps.store, deps.desks, deps.clock, deps.logger, deps.coordination ? { exclusive: (name, fn) => coordination.exclusive(name, fn) } : {});
  }

  get store(): DialogStore {
    return this.deps.store;
  }

  /** The staff view of a lead. */
  view(lead: LeadRecord): Promise<LeadView> {
    return leadView(this.deps.store, lead);
  }

  /**
   * A builder of the lead's view for a composite store write: the conversation, recent messages
   * and links are read now (under the conversation's lock), the lead as written is filled in by
   * the store. `contact` gives the links of a lead not stored yet.
   */
  async viewBuilder(lead: Pick<LeadRecord, 'id' | 'conversation'>, contact?: Lead): Promise<(written: LeadRecord) => LeadView> {
    const linked = contact ? await this.deps.store.leadIdsOfContact(contact) : undefined;
    const parts = await leadViewParts(this.deps.store, lead, 10, linked);
    return (written) => buildLeadView(written, parts);
  }

  /** Tell every desk (through the outbox); the lead's history entry and the outbox rows commit together. */
  async publish(event: LeadEvent): Promise<void> {
    // The lead's history: staff replies count as 'replied', relayed investor messages as 'notified'.
    const type = event.type === 'staff_reply' ? 'replied' : event.type === 'investor_message' ? 'notified' : event.type;
    const entry: LeadHistoryEntry = { leadId: event.lead.id, type, ...('by' in event ? { actor: event.by } : {}), ...(event.type === 'closed' ? { data: { outcome: event.outcome } } : {}) };
    await this.deps.store.addLeadEventAndEnqueue(entry, event, this.dispatcher.deskNames);
    this.dispatcher.kick();
  }

  /**
   * Store a message and return the outbound with its stored id (for votes). With `next`, the
   * conversation moves to that state in the same commit (one write instead of two).
   */
  async record(conv: ConversationRecord, role: MessageRole, outbound: Outbound, next?: Pick<ConversationRecord, 'state' | 'data'>): Promise<Outbound> {
    if (next) {
      conv.state = next.state;
      conv.data = next.data;
    }
    const seq = await this.deps.store.addMessage({ conversation: conv.id, role, text: outbound.text, outbound }, next ? conv : undefined);
    return seq === undefined ? outbound : { ...outbound, messageId: String(seq) };
  }

  /** Store and deliver a message to the investor outside a request (staff reply, take-over notice). Never throws. */
  async sendToInvestor(conv: ConversationRecord, role: MessageRole, outbound: Outbound): Promise<boolean> {
    const stored = await this.record(conv, role, outbound);
    try {
      await this.deps.delivery.deliver({ channel: conv.channel, conversationId: conv.conversationId, userId: conv.userId }, stored);
      return true;
    } catch (err) {
      // The message stays stored: the web chat picks it up by polling; other channels show it in the console.
      const e = asCodedError(err);
      this.deps.logger.warn('delivery to investor failed', { code: e.code, channel: conv.channel, error: e.message });
      return false;
    }
  }

  /** The conversation a lead belongs to. */
  conversationOf(lead: LeadRecord): Promise<ConversationRecord | undefined> {
    return this.deps.store.getConversation(lead.conversation);
  }
}
