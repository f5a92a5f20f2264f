/** Staff tools over stored leads, for the `leads` CLI: list, show, CSV export, data-subject erasure. */
import { CodedError } from '../core/errors.js';
import type { DialogStore, ErasureReport, LeadRecord } from '../store/types.js';
import { leadView } from './lead-view.js';

const CSV_COLUMNS = ['id', 'status', 'channel', 'createdAt', 'company', 'contactName', 'phone', 'wechatId', 'industry', 'investment', 'investmentWan', 'investmentCurrency', 'landOrSpace', 'timeline', 'description', 'owner', 'outcome', 'escalatedAt', 'linkedLeadIds'] as const;

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

/** One line per lead, newest first. */
export function listLeadsText(store: DialogStore, filter: { status?: LeadRecord['status'] } = {}): string {
  const leads = store.listLeads(filter);
  if (leads.length === 0) return '(no leads)';
  return leads
    .map((l) => {
      const who = l.fields.company ?? l.fields.contactName ?? '-';
      const owner = l.owner ? ` owner=${l.owner.name}` : '';
      return `${l.id}\t${l.status}\t${iso(l.createdAt)}\t${who}${owner}`;
    })
    .join('\n');
}

/** A lead with its fields, recent messages and event history, as JSON text; undefined when unknown. */
export function showLead(store: DialogStore, id: string): string | undefined {
  const lead = store.getLead(id);
  if (!lead) return undefined;
  return JSON.stringify({ ...leadView(store, lead, 20), events: store.leadEvents(id) }, null, 2);
}

function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  // Spreadsheet formula injection: a cell starting with = @ or +/- followed by a non-digit is text.
  if (/^[=@]|^[+-](?!\d)/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every lead as CSV (UTF-8 with a BOM so Excel shows Chinese correctly). */
export function leadsToCsv(store: DialogStore): string {
  const rows = store.listLeads({ limit: 1_000_000 }).map((l) => {
    const v = leadView(store, l, 0);
    const record: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      id: l.id,
      status: l.status,
      channel: v.conversation.channel,
      createdAt: iso(l.createdAt),
      company: v.fields.company,
      contactName: v.fields.contactName,
      phone: v.fields.phone,
      wechatId: v.fields.wechatId,
      industry: v.fields.industry,
      investment: v.fields.investment,
      investmentWan: v.fields.investmentWan,
      investmentCurrency: v.fields.investmentCurrency,
      landOrSpace: v.fields.landOrSpace,
      timeline: v.fields.timeline,
      description: v.fields.description,
      owner: l.owner?.name,
      outcome: l.outcome,
      escalatedAt: iso(l.escalatedAt),
      linkedLeadIds: v.linkedLeadIds.join(' '),
    };
    return CSV_COLUMNS.map((c) => csvCell(record[c])).join(',');
  });
  return '\uFEFF' + [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** Erase the person behind a lead (a data-subject request); throws not_found for an unknown id. */
export function erasePerson(store: DialogStore, id: string): ErasureReport {
  const report = store.deletePerson(id);
  if (!report) throw new CodedError('not_found', `no lead ${id}`);
  return report;
}

/** The erasure report in plain words, for the person who asked. */
export function describeErasure(r: ErasureReport): string {
  return [
    `Erased personal data of the person behind lead(s): ${r.leadIds.join(', ')}`,
    `  fields: ${r.fieldsErased.length ? r.fieldsErased.join(', ') : '(none held)'}`,
    `  conversations: ${r.conversations.join(', ') || '(none)'}; message texts blanked: ${r.messagesErased}`,
    `  pending desk notifications removed: ${r.outboxErased}`,
  ].join('\n');
}
