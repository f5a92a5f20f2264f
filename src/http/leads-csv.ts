/**
 * Leads as CSV for staff spreadsheets: UTF-8 with a BOM (Excel needs it for Chinese), RFC 4180
 * quoting, and cells that would start a formula neutralised (CSV injection).
 */
import type { LeadView } from '../core/ports.js';

/** Quote one CSV cell; a leading =, +, - or @ gets a ' so spreadsheets do not run it. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

/** Render leads as CSV: fixed columns first, then every lead field seen, in first-seen order. */
export function leadsToCsv(leads: LeadView[]): string {
  const fieldNames: string[] = [];
  for (const l of leads) for (const k of Object.keys(l.fields)) if (!fieldNames.includes(k)) fieldNames.push(k);
  const header = ['id', 'status', 'created_at', 'escalated_at', 'owner', 'outcome', 'channel', 'conversation_id', ...fieldNames];
  const rows = leads.map((l) => [
    l.id,
    l.status,
    iso(l.createdAt),
    iso(l.escalatedAt),
    l.owner?.name,
    l.closedOutcome,
    l.conversation.channel,
    l.conversation.conversationId,
    ...fieldNames.map((k) => l.fields[k]),
  ]);
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
