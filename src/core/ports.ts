/**
 * The small interfaces at the boundaries that have two implementations or a network behind them.
 * Implementations live in their own folders; `src/server.ts` wires them together.
 */
import type { ConversationRef, Inbound, Lang, Outbound, Passage, RetrievalResult, Turn } from './types.js';

/** Text → vectors. Same method names as LangChain's `EmbeddingsInterface`. */
export interface Embedder {
  /** Identifies the model so an index built with another embedder is refused ('local-hash-v2', 'openai:bge-m3'). */
  readonly id: string;
  readonly dimension: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** Search the knowledge base. */
export interface Retriever {
  retrieve(query: string, opts?: { k?: number }): Promise<RetrievalResult>;
  /** The question with the knowledge base's own words for what it spells in pinyin appended (unchanged when it spells none). */
  transliterate?(text: string): string;
}

/** Whether a question can be answered from what was retrieved for it, with a probability in [0, 1]. */
export interface AnswerabilityVerdict {
  answerable: boolean;
  probability: number;
}

/**
 * Judges a question against its retrieval. Today the retrieval's own `relevant`/`confidence`; a
 * learned model can replace it without touching the code that reports the verdict.
 */
export type Answerability = (question: string, retrieval: RetrievalResult) => AnswerabilityVerdict | Promise<AnswerabilityVerdict>;

/** Input to an answerer: a question with the passages retrieved for it. */
export interface AnswerInput {
  question: string;
  lang: Lang;
  history: Turn[];
  retrieval: RetrievalResult;
  /**
   * How the question service read the message (whole, before its question was picked out): whether
   * it is a follow-up and the intent model's verdict. An answerer that judges answerability itself
   * judges with these, so it decides as the service did; without them it reads the question alone.
   * `message` is the whole message (its introduction may state the asker's own figures).
   */
  understood?: { followUp: boolean; intent: { intent: string; confidence: number; probabilities: Readonly<Record<string, number>> }; message?: string };
}

/** A composed reply before the dialog stores and routes it. */
export interface Answer {
  text: string;
  /** Passages cited, in [n] order (n = index + 1). */
  cited: Passage[];
  answered: boolean;
  handoffOffered: boolean;
}

/** Turns passages into a reply: extractive (default) or an LLM. */
export interface Answerer {
  readonly name: string;
  answer(input: AnswerInput, opts?: { onDelta?: (text: string) => void; signal?: AbortSignal }): Promise<Answer>;
}

/**
 * The question-answering service the dialog calls for anything that is not lead capture:
 * small talk, off-topic and injection refusals, follow-up rewriting, retrieval, answering.
 */
export interface QuestionService {
  reply(input: { question: string; history: Turn[]; lang?: Lang }, opts?: { onDelta?: (text: string) => void }): Promise<Outbound & { sources: Passage[] }>;
}

/** The channel-agnostic conversation core every adapter calls. */
export interface Assistant {
  /**
   * Handle one inbound message; returns the replies to send now (possibly none, e.g. while a
   * staff member has taken over: the message is relayed to them instead).
   */
  handle(inbound: Inbound, opts?: { onDelta?: (text: string) => void }): Promise<Outbound[]>;
}

/** Delivers messages to a user outside a request/response cycle. Each channel registers one. */
export interface Deliverer {
  deliver(ref: ConversationRef, message: Outbound): Promise<void>;
}

/** A staff member as a desk knows them. */
export interface StaffMember {
  /** Stable id on the desk ('slack:U123', 'console:alice'). */
  id: string;
  name: string;
  /** A supervisor may claim a colleague's follow-up lead and close any lead. */
  supervisor?: boolean;
  /** Set when the action comes from Slack by a user linked to a staff account (the id is then the account's). */
  slackUserId?: string;
}

/** The lead as shown to staff (personal data included: staff desks are trusted). */
export interface LeadView {
  id: string;
  /** 新线索 new, 已认领 claimed, 待跟进 follow_up (released; the owner is kept), 已关闭 closed. */
  status: 'new' | 'claimed' | 'follow_up' | 'closed';
  conversation: ConversationRef;
  fields: Record<string, string | number | undefined>;
  owner?: StaffMember;
  createdAt: number;
  escalatedAt?: number;
  closedOutcome?: string;
  /** Who closed the lead. */
  closedBy?: StaffMember;
  /** Last messages of the conversation, oldest first. */
  recent: { role: 'user' | 'assistant' | 'staff'; text: string; at: number }[];
  /** Other leads of the same person (same phone or WeChat id). */
  linkedLeadIds: string[];
  /** The lead in words (labels, formatted amounts, state and outcome), for desks that render it as is. */
  display?: LeadDisplay;
}

/** A lead as people read it; built by `src/core/lead-labels.ts`. */
export interface LeadDisplay {
  title: string;
  status: string;
  /** Where the investor wrote, in words (网页, 微信, 企业微信, Slack…). */
  channel?: string;
  outcome?: string;
  fields: { label: string; value: string }[];
  /** What a board card shows at a glance (values already worded; the phone masked). */
  card?: { investment?: string; industry?: string; land?: string; phone?: string };
}

/** Things that happen to a lead, as staff desks are told. */
export type LeadEvent =
  | { type: 'created'; lead: LeadView }
  | { type: 'claimed'; lead: LeadView; by: StaffMember }
  | { type: 'released'; lead: LeadView; by: StaffMember }
  /** `by` made `to` the lead's owner (`from` is whom it was taken from); `lead.owner` is `to`. */
  | { type: 'assigned'; lead: LeadView; by: StaffMember; to: StaffMember; from?: StaffMember }
  | { type: 'closed'; lead: LeadView; by: StaffMember; outcome: string }
  | { type: 'escalated'; lead: LeadView }
  | { type: 'investor_message'; lead: LeadView; text: string; at: number }
  | { type: 'staff_reply'; lead: LeadView; by: StaffMember; text: string; at: number }
  /** The person's data was erased: `lead` is what is left; desks drop or overwrite what they showed. */
  | { type: 'erased'; lead: LeadView };

/** Where staff hear about leads (Slack, the web console, the log). Several may be active. */
export interface StaffDesk {
  readonly name: string;
  /** Tell staff about a lead event. Failures are retried by the caller's outbox; throw to signal one. */
  notify(event: LeadEvent): Promise<void>;
  /** Operational notices for staff (e.g. "WeChat needs a re-login"). */
  notice(text: string): Promise<void>;
}

/** What staff can do to a lead, from any desk. Implemented once by the dialog core. */
export interface StaffActions {
  /** Claim a new lead; a follow-up lead only by its owner or a supervisor. */
  claim(leadId: string, by: StaffMember): Promise<{ ok: true; lead: LeadView } | { ok: false; reason: 'not_found' | 'claimed_by_other' | 'closed'; owner?: StaffMember }>;
  reply(leadId: string, by: StaffMember, text: string): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'not_owner' | 'closed' }>;
  release(leadId: string, by: StaffMember): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'not_owner' | 'closed' }>;
  /** Close a lead: an unowned one by anyone, an owned one only by its owner or a supervisor. */
  close(leadId: string, by: StaffMember, outcome: string): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'closed' | 'not_owner'; owner?: StaffMember }>;
  /**
   * Make a colleague (`to`, an active staff account) the owner: only the lead's owner or a
   * supervisor may. A claimed lead stays claimed (the live conversation passes to `to`); a new or
   * follow-up one waits for `to` as follow-up (待跟进).
   */
  assign(
    leadId: string,
    by: StaffMember,
    to: StaffMember,
  ): Promise<{ ok: true; lead: LeadView } | { ok: false; reason: 'not_found' | 'closed' | 'not_owner' | 'already_owner'; owner?: StaffMember }>;
  /** A lead's history, oldest first (who did what; an assignment's data names `from` and `to`). */
  history(leadId: string): Promise<{ type: string; actorId?: string; actorName?: string; at: number; data?: unknown }[]>;
  get(leadId: string): Promise<LeadView | undefined>;
  list(filter?: { status?: LeadView['status']; ownerId?: string }): Promise<LeadView[]>;
}

/** A channel adapter's lifecycle, as the server drives it. */
export interface Channel {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reported by /healthz. */
  status(): { state: 'off' | 'starting' | 'ready' | 'degraded' | 'error'; detail?: string };
}

/** Injected time, so escalation and retention are testable without sleeping. */
export interface Clock {
  now(): number;
}

/** Injected id maker. */
export type IdMaker = () => string;

/** Minimal structured logger; implementations mask personal data. */
export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A stored message of a conversation, as the web chat polls and the console shows it. */
export interface StoredMessage {
  /** Monotonic sequence number across the store; clients poll with `after`. */
  seq: number;
  conversationId: string;
  role: 'user' | 'assistant' | 'staff' | 'system';
  text: string;
  at: number;
  /** The full outbound for assistant/staff/system messages (citations, actions). */
  outbound?: Outbound;
}

/** Votes on bot replies (👍/👎 in Slack and the web chat); down-votes feed the knowledge-gaps list. */
export interface FeedbackSink {
  /** Record a vote; with `scope.conversation`, only on a message of that conversation (else not_found). */
  vote(messageId: string, value: 1 | -1, by?: string, scope?: { conversation?: string }): Promise<void>;
}

/** Read side for the console and the web chat: transcripts, gaps, daily numbers. */
export interface InsightsReader {
  /** Messages of one conversation after sequence `after` (0 = from the start), oldest first. */
  messagesSince(conversationId: string, after: number, limit?: number): Promise<StoredMessage[]>;
  conversations(opts?: { limit?: number; offset?: number }): Promise<{ id: string; channel: string; state: string; lastAt: number; messageCount: number; who?: string; firstQuestion?: string }[]>;
  /** Questions answered `false` or voted down, grouped by normalised text, most frequent first. */
  knowledgeGaps(opts?: { sinceMs?: number; limit?: number }): Promise<{ question: string; count: number; lastAt: number; reason: 'unanswered' | 'downvoted' }[]>;
  /** Questions per UTC day and how many were answered, oldest first. */
  dailyStats(days: number): Promise<{ day: string; questions: number; answered: number }[]>;
}

/** Small durable key-value state for adapters (e.g. Slack card timestamps per lead). */
export interface KeyValueStore {
  get<T = unknown>(namespace: string, key: string): Promise<T | undefined>;
  set(namespace: string, key: string, value: unknown): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  /** All entries of a namespace (small namespaces only). */
  entries<T = unknown>(namespace: string): Promise<[string, T][]>;
}

/**
 * How the instances sharing one database keep order: one conversation's work one at a time on
 * every instance, and periodic jobs on one instance at a time. In process for SQLite (one
 * instance); advisory locks for PostgreSQL (`store/pg/coordination.ts`).
 */
export interface Coordination {
  /** Run `fn` after every earlier `serial` with the same key (on any instance) has settled. */
  serial<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Run `fn` unless the job `name` runs already (here or on another instance); false when skipped. */
  exclusive(name: string, fn: () => Promise<void>): Promise<boolean>;
}

/** What instances tell each other: a conversation has a new message, a console feed item, the index was rebuilt. */
export type SignalTopic = 'message' | 'feed' | 'reindex';

/**
 * Wake-ups across instances (LISTEN/NOTIFY for PostgreSQL, in process for SQLite). A signal is a
 * hint, not a record: what it announces is in the database (or, for the console feed, only a
 * notice), and a signal lost while a listener reconnects costs a poll interval, nothing stored.
 */
export interface Signals {
  /** Tell every instance: this one's subscribers at once, the others' within a round trip. Payloads stay small (under 7 kB). */
  publish(topic: SignalTopic, payload: string): Promise<void>;
  /** Be told of `topic` from any instance; returns an unsubscribe function. */
  subscribe(topic: SignalTopic, listener: (payload: string, local: boolean) => void): () => void;
  /** Stop listening (shutdown). */
  close(): Promise<void>;
}
