/** Staff tools over stored leads, for the `leads` CLI: list, show (by id prefix), CSV export, data-subject erasure. */
import { CodedError } from '../core/errors.js';
import { EN } from '../core/texts/en.js';
import { ZH } from '../core/texts/zh.js';
import type { LeadNotes, LeadSearch } from '../store/search-types.js';
import type { DialogStore, ErasureReport, LeadRecord } from '../store/types.js';
import { leadsCsv } from './lead-csv.js';
import { leadDetailText, type LeadDetail } from './lead-text.js';
import { leadView } from './lead-view.js';

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

/** "没有编号为 X 的线索 (no lead X)": the Chinese, the English in brackets. */
const noLead = (id: string): string => `${ZH.leadSheet.noLead(id)} (${EN.leadSheet.noLead(id)})`;

/** One line per lead, newest first. */
export async function listLeadsText(store: DialogStore, filter: { status?: LeadRecord['status'] } = {}): Promise<string> {
  const leads = await store.listLeads(filter);
  if (leads.length === 0) return '(no leads)';
  return leads
    .map((l) => {
      const who = l.fields.company ?? l.fields.contactName ?? '-';
      const owner = l.owner ? ` owner=${l.owner.name}` : '';
      return `${l.id}\t${l.status}\t${iso(l.createdAt)}\t${who}${owner}`;
    })
    .join('\n');
}

/**
 * The lead whose id is `idOrPrefix` or starts with it; not_found when none does, bad_request
 * listing the matches when several do.
 */
export async function resolveLeadId(search: Pick<LeadSearch, 'leadIdsByPrefix'>, idOrPrefix: string): Promise<string> {
  const ids = await search.leadIdsByPrefix(idOrPrefix.trim(), 11);
  if (ids[0] === idOrPrefix.trim()) return ids[0];
  if (ids.length === 0) throw new CodedError('not_found', noLead(idOrPrefix));
  if (ids.length > 1) {
    const more = ids.length > 10 ? '\n  …' : '';
    throw new CodedError('bad_request', `${ZH.leadSheet.ambiguous(idOrPrefix)} (${EN.leadSheet.ambiguous(idOrPrefix)}):\n  ${ids.slice(0, 10).join('\n  ')}${more}`);
  }
  return ids[0]!;
}

/** Everything about one lead: fields, recent messages, notes and history; undefined when unknown. */
export async function leadDetail(store: DialogStore, notes: Pick<LeadNotes, 'list'>, id: string): Promise<LeadDetail | undefined> {
  const lead = await store.getLead(id);
  if (!lead) return undefined;
  return { lead: await leadView(store, lead, 20), events: await store.leadEvents(id), notes: await notes.list(id) };
}

/** A lead by id or unique id prefix, as readable Chinese text or (`json`) as JSON; throws not_found / bad_request. */
export async function showLead(store: DialogStore, search: Pick<LeadSearch, 'leadIdsByPrefix'>, notes: Pick<LeadNotes, 'list'>, idOrPrefix: string, opts: { json?: boolean } = {}): Promise<string> {
  const id = await resolveLeadId(search, idOrPrefix);
  const d = await leadDetail(store, notes, id);
  if (!d) throw new CodedError('not_found', noLead(idOrPrefix));
  return opts.json ? JSON.stringify({ ...d.lead, events: d.events, notes: d.notes }, null, 2) : leadDetailText(d);
}

/** Every lead as CSV (the same format as the console's export). */
export async function leadsToCsv(store: DialogStore): Promise<string> {
  const leads = await store.listLeads({ limit: 1_000_000 });
  return leadsCsv(await Promise.all(leads.map((l) => leadView(store, l, 0))));
}

/** Erase the person behind a lead (a data-subject request); throws not_found for an unknown id. */
export async function erasePerson(store: DialogStore, id: string): Promise<ErasureReport> {
  const report = await store.deletePerson(id);
  if (!report) throw new CodedError('not_found', EN.leadSheet.noLead(id));
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
