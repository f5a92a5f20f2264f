/**
 * Staff notes on a lead (table `lead_notes`, migration 4): what a call or a visit settled, kept
 * with the author's account and the time. Notes go with their lead when it is deleted; an erasure
 * of the person removes them too (a note may repeat their details).
 */
import type Database from 'better-sqlite3';
import type { Clock, StaffMember } from '../core/ports.js';
import type { LeadNote, LeadNotes } from './search-types.js';
import { prepared } from './statements.js';

/** A `lead_notes` row as both stores read it. */
export interface NoteRow {
  id: number;
  lead_id: string;
  author_id: string;
  author_name: string;
  text: string;
  created_at: number;
}

export const toNote = (r: NoteRow): LeadNote => ({ id: r.id, leadId: r.lead_id, author: { id: r.author_id, name: r.author_name }, text: r.text, at: r.created_at });

/** Add a note to a lead; undefined when there is no such lead. */
export function addLeadNoteRow(db: Database.Database, leadId: string, author: StaffMember, text: string, now: number): LeadNote | undefined {
  if (!prepared(db, 'SELECT 1 FROM leads WHERE id = ?').get(leadId)) return undefined;
  const row = prepared(db, 'INSERT INTO lead_notes (lead_id, author_id, author_name, text, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *').get(leadId, author.id, author.name, text, now) as NoteRow;
  return toNote(row);
}

/** A lead's notes, oldest first. */
export function leadNoteRows(db: Database.Database, leadId: string): LeadNote[] {
  return (prepared(db, 'SELECT * FROM lead_notes WHERE lead_id = ? ORDER BY id').all(leadId) as NoteRow[]).map(toNote);
}

/** Delete the notes of these leads (erasure of the person behind them); returns how many. */
export function deleteLeadNoteRows(db: Database.Database, leadIds: string[]): number {
  const stmt = prepared(db, 'DELETE FROM lead_notes WHERE lead_id = ?');
  return leadIds.reduce((n, id) => n + stmt.run(id).changes, 0);
}

/** The notes port over a SQLite database. */
export function createLeadNotes(db: Database.Database, clock: Clock): LeadNotes {
  return {
    async add(leadId, author, text) {
      return addLeadNoteRow(db, leadId, author, text, clock.now());
    },
    async list(leadId) {
      return leadNoteRows(db, leadId);
    },
  };
}
