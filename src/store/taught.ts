/**
 * What staff taught the assistant, in the database so every instance, backup and restart has it:
 * questions linked to a passage, answers written as Q&A documents, FAQ imports, off-topic
 * examples and ignored gaps. Every item is created and undone through here, and each of both
 * writes an audit row naming the staff member. Questions stored here are already redacted.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { CodedError } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import { prepared } from './statements.js';
import { taughtForIngest, type Actor, type TaughtAuditEntry, type TaughtForIngest, type TaughtItem, type TaughtKind, type TaughtLedger } from './taught-port.js';

export type { Actor, TaughtAuditEntry, TaughtItem, TaughtKind } from './taught-port.js';

export interface ItemRow {
  id: string;
  kind: TaughtKind;
  questions: string;
  path: string | null;
  chunk_id: string | null;
  heading_path: string | null;
  document: string | null;
  actor_id: string;
  actor_name: string;
  created_at: number;
  undone_at: number | null;
}

export function toItem(r: ItemRow): TaughtItem {
  return {
    id: r.id,
    kind: r.kind,
    questions: JSON.parse(r.questions) as string[],
    ...(r.path ? { path: r.path } : {}),
    ...(r.chunk_id ? { chunkId: r.chunk_id } : {}),
    ...(r.heading_path ? { headingPath: JSON.parse(r.heading_path) as string[] } : {}),
    ...(r.document ? { document: r.document } : {}),
    actor: { id: r.actor_id, name: r.actor_name },
    createdAt: r.created_at,
    ...(r.undone_at !== null ? { undoneAt: r.undone_at } : {}),
  };
}

/** The taught-items table and its audit log. */
export class TaughtStore {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly newId: () => string = () => `t_${randomUUID().slice(0, 12)}`,
  ) {}

  /** Record a taught item and its audit row, in one transaction. */
  add(item: Omit<TaughtItem, 'id' | 'createdAt' | 'undoneAt'>, summary: string): TaughtItem {
    if (item.questions.length === 0 || item.questions.some((q) => !q.trim())) throw new CodedError('bad_request', 'a taught item needs at least one non-empty question');
    const id = this.newId();
    const at = this.clock.now();
    this.db.transaction(() => {
      prepared(this.db, 'INSERT INTO taught_items (id, kind, questions, path, chunk_id, heading_path, document, actor_id, actor_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        id, item.kind, JSON.stringify(item.questions), item.path ?? null, item.chunkId ?? null, item.headingPath ? JSON.stringify(item.headingPath) : null, item.document ?? null, item.actor.id, item.actor.name, at,
      );
      prepared(this.db, "INSERT INTO taught_audit (item_id, action, actor_id, actor_name, summary, at) VALUES (?, 'create', ?, ?, ?, ?)").run(id, item.actor.id, item.actor.name, summary, at);
    })();
    return { ...item, id, createdAt: at };
  }

  /** Undo an item (it stays, marked undone, for the audit log); not_found / conflict when it cannot be. */
  undo(id: string, actor: Actor): TaughtItem {
    const row = prepared(this.db, 'SELECT * FROM taught_items WHERE id = ?').get(id) as ItemRow | undefined;
    if (!row) throw new CodedError('not_found', `no taught item ${id}`);
    if (row.undone_at !== null) throw new CodedError('conflict', `taught item ${id} is already undone`);
    const at = this.clock.now();
    this.db.transaction(() => {
      prepared(this.db, 'UPDATE taught_items SET undone_at = ?, undone_by = ? WHERE id = ?').run(at, actor.id, id);
      prepared(this.db, "INSERT INTO taught_audit (item_id, action, actor_id, actor_name, summary, at) VALUES (?, 'undo', ?, ?, ?, ?)").run(id, actor.id, actor.name, `撤销 · undo ${row.kind}`, at);
    })();
    return { ...toItem(row), undoneAt: at };
  }

  /** Items in force (not undone), oldest first. */
  active(): TaughtItem[] {
    return (prepared(this.db, 'SELECT * FROM taught_items WHERE undone_at IS NULL ORDER BY created_at, id').all() as ItemRow[]).map(toItem);
  }

  /** One item, undone or not. */
  get(id: string): TaughtItem | undefined {
    const row = prepared(this.db, 'SELECT * FROM taught_items WHERE id = ?').get(id) as ItemRow | undefined;
    return row ? toItem(row) : undefined;
  }

  /** The audit log, newest first. */
  audit(limit = 200): TaughtAuditEntry[] {
    const rows = prepared(
      this.db,
      `SELECT a.id, a.item_id, a.action, a.actor_id, a.actor_name, a.summary, a.at, i.kind, i.undone_at
         FROM taught_audit a JOIN taught_items i ON i.id = a.item_id ORDER BY a.id DESC LIMIT ?`,
    ).all(Math.max(1, Math.min(limit, 1000))) as { id: number; item_id: string; action: 'create' | 'undo'; actor_id: string; actor_name: string; summary: string; at: number; kind: TaughtKind; undone_at: number | null }[];
    return rows.map((r) => ({ id: r.id, itemId: r.item_id, action: r.action, actor: { id: r.actor_id, name: r.actor_name }, summary: r.summary, at: r.at, kind: r.kind, undone: r.undone_at !== null }));
  }

  /** What an ingest run reads: the Q&A documents and the linked questions in force. */
  forIngest(): TaughtForIngest {
    return taughtForIngest(this.active());
  }
}

/** The taught-items port over a SQLite database (the synchronous store above, answered as promises). */
export function sqliteTaughtLedger(db: Database.Database, clock: Clock): TaughtLedger {
  const t = new TaughtStore(db, clock);
  return {
    add: async (item, summary) => t.add(item, summary),
    undo: async (id, actor) => t.undo(id, actor),
    active: async () => t.active(),
    get: async (id) => t.get(id),
    audit: async (limit) => t.audit(limit),
  };
}

/** Whether the database has the taught tables (a store opened by an older build may not). */
export function hasTaughtTables(db: Database.Database): boolean {
  return prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'taught_items'").get() !== undefined;
}
