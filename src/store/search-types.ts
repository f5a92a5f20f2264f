/**
 * What the staff console and the leads CLI search with, as ports (a PostgreSQL store would
 * implement them too): leads and transcripts filtered in the database over every row, one page at
 * a time, and staff notes on leads.
 */
import type { StaffMember } from '../core/ports.js';
import type { ChannelName } from '../core/types.js';
import type { LeadRecord, LeadStatus } from './types.js';

/** Filters over every lead; all given ones must hold. */
export interface LeadQuery {
  /** Words (separated by spaces), each found in the company, contact, phone digits, WeChat id, industry, request, id or a note. */
  text?: string;
  status?: LeadStatus;
  channel?: ChannelName;
  /** An owner's id or name; 'none' for unowned leads. */
  owner?: string;
  /** Part of the industry. */
  industry?: string;
  /** Created at or after (epoch ms). */
  from?: number;
  /** Created before (epoch ms). */
  to?: number;
  limit: number;
  offset: number;
}

/** One page of leads, newest first, and how many match in all. */
export interface LeadPage {
  leads: LeadRecord[];
  total: number;
}

/** A word searched in the messages of every conversation. */
export interface TranscriptQuery {
  text: string;
  channel?: ChannelName;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

/** A conversation with a message that matched, most recently active first. */
export interface TranscriptHit {
  id: string;
  /** Who it is: the latest lead's company, else contact, else the platform's name. */
  who?: string;
  channel: string;
  state: string;
  lastAt: number;
  messageCount: number;
  /** How many of its messages match. */
  hits: number;
  /** The latest matching message. */
  match: { seq: number; role: string; text: string; at: number };
}

/** Leads and transcripts searched in the database. */
export interface LeadSearch {
  searchLeads(q: LeadQuery): Promise<LeadPage>;
  searchTranscripts(q: TranscriptQuery): Promise<{ conversations: TranscriptHit[]; total: number }>;
  /** Ids starting with `prefix` (an exact id first), at most `limit`. */
  leadIdsByPrefix(prefix: string, limit: number): Promise<string[]>;
}

/** A staff note on a lead. */
export interface LeadNote {
  id: number;
  leadId: string;
  author: StaffMember;
  text: string;
  at: number;
}

/** Staff notes on leads. */
export interface LeadNotes {
  /** Add a note; undefined when the lead does not exist. */
  add(leadId: string, author: StaffMember, text: string): Promise<LeadNote | undefined>;
  /** A lead's notes, oldest first. */
  list(leadId: string): Promise<LeadNote[]>;
}
