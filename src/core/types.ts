/**
 * The shapes every layer shares. Channel adapters translate platform payloads into `Inbound`
 * and render `Outbound`; nothing below `src/channels/` sees a Slack event or a Wechaty message.
 */

/** Where a conversation lives. */
export type ChannelName = 'web' | 'slack' | 'wechat' | 'cli' | 'api';

/** Language of a user's message; replies follow it. */
export type Lang = 'zh' | 'en';

/** What the user wants, as reported in replies and by `ask --jsonl`. */
export type Intent = 'question' | 'lead' | 'handoff' | 'smalltalk' | 'out_of_scope';

/** One message from a user, as every channel hands it to the core. */
export interface Inbound {
  channel: ChannelName;
  /** Stable per conversation on its channel (a WeChat contact or room, a Slack DM or thread, a web session). */
  conversationId: string;
  /** The sender's id on the channel. */
  userId: string;
  userName?: string;
  text: string;
  /** Sent in a group chat (WeChat room, Slack channel). */
  group?: boolean;
  /** The bot was @-mentioned (or addressed by keyword) in a group. */
  mentioned?: boolean;
  /** The platform's message id, for de-duplication. */
  messageId?: string;
  /** Epoch ms; the core's clock is used when absent. */
  receivedAt?: number;
}

/** A passage the retriever returned: a chunk of one document with its score. */
export interface Passage {
  /** Chunk id, stable across re-ingests of unchanged content. */
  id: string;
  docId: string;
  /** Document title (front matter `title`, or the file name). */
  title: string;
  /** Path of the source file relative to the project root, e.g. `knowledge/policy/….md`. */
  path: string;
  /** Headings above the chunk, outermost first. */
  headingPath: string[];
  text: string;
  /** Fused relevance score, higher is better, in [0, 1]. */
  score: number;
  kind?: string;
  lang?: Lang;
  /** Original `source` of the document (e.g. 湖南日报). */
  source?: string;
  /** The document's 文号 (资测发〔2026〕3号) when it states one: citations show it with the title. */
  docNo?: string;
  /** Front matter `published` of the document (an ISO day), when stated. */
  published?: string;
}

/** What retrieval hands the answer layer. */
export interface RetrievalResult {
  passages: Passage[];
  /** False when nothing retrieved is relevant enough to answer from (calibrated). */
  relevant: boolean;
  /** Best calibrated relevance, in [0, 1]. */
  confidence: number;
  /** The query actually searched (after follow-up rewriting). */
  query: string;
  /**
   * A strong match in the question index (a question an editor or staff member linked to a
   * passage): the matched question, its score in [0, 1] and the passage it points at (in `passages`).
   */
  linked?: { question: string; score: number; passageId: string };
}

/** A numbered source shown under a reply. `n` matches the [n] markers in the text. */
export interface Citation {
  n: number;
  title: string;
  path: string;
  headingPath: string[];
  /** The passage text the reply rests on (the document's cited passages, when several). */
  text: string;
  score: number;
  /** The document's original source (front matter `source`). */
  source?: string;
  /** The document's date (front matter `published`). */
  published?: string;
  /** The document's 文号, when it states one. */
  docNo?: string;
}

/** A button or chip a channel may render under a reply. */
export interface SuggestedAction {
  /** Machine id: 'handoff' | 'topic:<name>' | 'lead:skip' | 'lead:confirm' | 'lead:cancel' | 'vote:up' | 'vote:down'. */
  id: string;
  label: string;
  /** Text to send as the user's next message when chosen. */
  value?: string;
}

/** Who speaks in an outbound message. */
export type Speaker = 'bot' | 'staff' | 'system';

/** One reply to a user; channels render it (Block Kit, WeChat text, HTML, terminal). */
export interface Outbound {
  text: string;
  citations: Citation[];
  actions?: SuggestedAction[];
  /** The reply answers from the knowledge base (false for refusals, small talk, lead prompts). */
  answered: boolean;
  /** The reply offers to connect a person. */
  handoffOffered: boolean;
  intent: Intent;
  speaker: Speaker;
  /** Staff member's display name when speaker is 'staff'. */
  staffName?: string;
  /** Id of the stored bot message, for votes (👍/👎). */
  messageId?: string;
  /** Passages the reply rests on, best first (≤ 5), for evaluation and the console; channels render `citations`. */
  sources?: Passage[];
}

/** Where to deliver a message outside a request/response cycle (staff replies, take-over notices). */
export interface ConversationRef {
  channel: ChannelName;
  conversationId: string;
  /** Channel-specific routing (e.g. the WeChat room id and asker to @-mention). */
  userId?: string;
}

/** An earlier turn of a conversation. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  /** For an assistant turn: the documents (paths) its reply cited, so a follow-up keeps to them. */
  cited?: string[];
}
