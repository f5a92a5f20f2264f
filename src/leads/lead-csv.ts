/**
 * Leads as CSV for staff spreadsheets, shared by the console's export and the `leads` CLI: Chinese
 * headers (the fields' from `lead-labels.ts`, the rest from `core/texts/zh.ts` `leadSheet`) and values
 * in words from `lead-labels.ts` (3亿元, 80亩, 跟进中, Beijing time), UTF-8
 * with a BOM (Excel needs it for Chinese), CRLF line ends, RFC 4180 quoting, formula cells neutralised.
 */
import type { LeadView } from '../core/ports.js';
import { beijingTime, channelLabel, closeOutcomeLabel, LEAD_DISPLAY_KEYS, leadFieldLabel, leadFieldRows, leadStatusLabel } from '../core/lead-labels.js';
import { ZH } from '../core/texts/zh.js';

const T = ZH.leadSheet;

const time = (ms: number | undefined): string => (ms === undefined ? '' : beijingTime(ms));

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

/** The header row of the export (fixed columns; other lead fields go between 需求 and 状态). */
export const CSV_HEAD = [T.id, ...LEAD_DISPLAY_KEYS.map((k) => leadFieldLabel(k, 'zh'))];
const CSV_TAIL = [T.status, T.outcome, T.channel, T.conversation, T.owner, T.closedBy, T.createdAt, T.escalatedAt, T.linked];

/** Fixed columns first, then any other lead field seen (in first-seen order), then state and people. */
export function leadsCsv(leads: LeadView[]): string {
  const known: readonly string[] = LEAD_DISPLAY_KEYS;
  const rowsByLead = leads.map((l) => new Map(leadFieldRows(l.fields, 'zh').map((r) => [r.key, r])));
  const extra: { key: string; label: string }[] = [];
  for (const m of rowsByLead) for (const r of m.values()) if (!known.includes(r.key) && !extra.some((e) => e.key === r.key)) extra.push(r);
  const header = [...CSV_HEAD, ...extra.map((e) => e.label), ...CSV_TAIL];
  const rows = leads.map((l, i) => {
    const m = rowsByLead[i]!;
    return [
      l.id,
      ...LEAD_DISPLAY_KEYS.map((k) => m.get(k)?.value),
      ...extra.map((e) => m.get(e.key)?.value),
      leadStatusLabel(l.status, 'zh'),
      l.closedOutcome ? closeOutcomeLabel(l.closedOutcome, 'zh') : '',
      channelLabel(l.conversation.channel, l.conversation.conversationId),
      l.conversation.conversationId,
      l.owner?.name,
      l.closedBy?.name,
      time(l.createdAt),
      time(l.escalatedAt),
      l.linkedLeadIds.join(' '),
    ];
  });
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
