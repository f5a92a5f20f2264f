/**
 * What the teach service and the ingest need from the database, as ports with one
 * implementation per back-end: the taught items with their audit log, and the knowledge-gap log.
 * SQLite's are thin async wrappers over the synchronous functions of `taught.ts` and
 * `gap-log.ts`; PostgreSQL's live in `pg/taught.ts` and `pg/gap-log.ts`.
 */

/** What a taught item does. */
export type TaughtKind = 'link' | 'answer' | 'off_topic' | 'ignore' | 'import';

/** Who did it (a staff identity as the console knows it). */
export interface Actor {
  id: string;
  name: string;
}

/** One taught item. */
export interface TaughtItem {
  id: string;
  kind: TaughtKind;
  /** The questions it covers (a gap group's texts, redacted; an answer's or import row's questions). */
  questions: string[];
  /** link: the document's display path (knowledge/…); answer/import: the Q&A document's path relative to the knowledge folder. */
  path?: string;
  chunkId?: string;
  headingPath?: string[];
  /** answer/import: the Q&A document's Markdown. */
  document?: string;
  actor: Actor;
  createdAt: number;
  undoneAt?: number;
}

/** One audit row. */
export interface TaughtAuditEntry {
  id: number;
  itemId: string;
  action: 'create' | 'undo';
  actor: Actor;
  summary: string;
  at: number;
  kind: TaughtKind;
  undone: boolean;
}

/** One logged reply that may be a knowledge gap. */
export interface GapOccurrence {
  seq: number;
  conversation: string;
  at: number;
  /** The user message replied to, as typed (not yet redacted). */
  question: string;
  reply: string;
  reason: 'unanswered' | 'partial' | 'downvoted';
  citations: { title: string; path: string }[];
  /** Intent of the bot's previous reply in the conversation ('lead' while capturing), if any. */
  previousIntent?: string;
}


/** Taught items and their audit log. */
export interface TaughtLedger {
  /** Record a taught item and its audit row, in one transaction. */
  add(item: Omit<TaughtItem, 'id' | 'createdAt' | 'undoneAt'>, summary: string): Promise<TaughtItem>;
  /** Undo an item (kept, marked undone); not_found / conflict when it cannot be. */
  undo(id: string, actor: Actor): Promise<TaughtItem>;
  /** Items in force, oldest first. */
  active(): Promise<TaughtItem[]>;
  /** One item, undone or not. */
  get(id: string): Promise<TaughtItem | undefined>;
  /** The audit log, newest first. */
  audit(limit?: number): Promise<TaughtAuditEntry[]>;
}

/** The raw material of knowledge gaps. */
export interface GapLog {
  /** Gap candidates since `sinceMs`, oldest first (at most `limit`). */
  gapOccurrences(sinceMs: number, limit?: number): Promise<GapOccurrence[]>;
}

/** The taught knowledge an ingest indexes (the ingest's `TaughtKnowledge`). */
export interface TaughtForIngest {
  documents: { rel: string; text: string }[];
  links: { path: string; question: string; chunkId?: string; headingPath?: string[] }[];
}

/** What an ingest run reads of the taught items: the Q&A documents and the linked questions in force. */
export function taughtForIngest(items: TaughtItem[]): TaughtForIngest {
  return {
    documents: items.filter((i) => (i.kind === 'answer' || i.kind === 'import') && i.path && i.document).map((i) => ({ rel: i.path!, text: i.document! })),
    links: items
      .filter((i) => i.kind === 'link' && i.path)
      .flatMap((i) => i.questions.map((question) => ({ path: i.path!, question, ...(i.chunkId ? { chunkId: i.chunkId } : {}), ...(i.headingPath ? { headingPath: i.headingPath } : {}) }))),
  };
}
