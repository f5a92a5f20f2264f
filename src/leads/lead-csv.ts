/**
 * Leads as CSV for staff spreadsheets, shared by the console's export and the `leads` CLI: UTF-8
 * with a BOM (Excel needs it for Chinese), RFC 4180 quoting, formula cells neutralised.
 */
import type { LeadView } from '../core/ports.js';

const FIELD_COLUMNS = ['company', 'contactName', 'phone', 'wechatId', 'industry', 'investment', 'investmentWan', 'investmentCurrency', 'landOrSpace', 'timeline', 'description'] as const;

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

// Spreadsheets start a formula at any of these, including after their full-width forms (IMEs).
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
// Only a cell that is a number and nothing else is left as written: "+1+cmd|…" and "-1+HYPERLINK(…)" are not.
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Quote one cell; one that could start a formula becomes text with a leading ' (CSV injection), unless it is entirely a number. */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Fixed columns first, then any other lead field seen, in first-seen order. */
export function leadsCsv(leads: LeadView[]): string {
  const extra: string[] = [];
  for (const l of leads) for (const k of Object.keys(l.fields)) if (!(FIELD_COLUMNS as readonly string[]).includes(k) && !extra.includes(k)) extra.push(k);
  const header = ['id', 'status', 'channel', 'conversation_id', 'created_at', ...FIELD_COLUMNS, ...extra, 'owner', 'outcome', 'escalated_at', 'linked_lead_ids'];
  const rows = leads.map((l) => [
    l.id,
    l.status,
    l.conversation.channel,
    l.conversation.conversationId,
    iso(l.createdAt),
    ...FIELD_COLUMNS.map((k) => l.fields[k]),
    ...extra.map((k) => l.fields[k]),
    l.owner?.name,
    l.closedOutcome,
    iso(l.escalatedAt),
    l.linkedLeadIds.join(' '),
  ]);
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
