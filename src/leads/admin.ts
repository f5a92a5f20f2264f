/** Staff tools over stored leads, for the `leads` CLI: list, show, CSV export, data-subject erasure. */
import { CodedError } from '../core/errors.js';
import type { DialogStore, ErasureReport, LeadRecord } from '../store/types.js';
import { leadsCsv } from './lead-csv.js';
import { leadView } from './lead-view.js';

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

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

/** A lead with its fields, recent messages and event history, as JSON text; undefined when unknown. */
export async function showLead(store: DialogStore, id: string): Promise<string | undefined> {
  const lead = await store.getLead(id);
  if (!lead) return undefined;
  return JSON.stringify({ ...(await leadView(store, lead, 20)), events: await store.leadEvents(id) }, null, 2);
}

/** Every lead as CSV (the same format as the console's export). */
export async function leadsToCsv(store: DialogStore): Promise<string> {
  const leads = await store.listLeads({ limit: 1_000_000 });
  return leadsCsv(await Promise.all(leads.map((l) => leadView(store, l, 0))));
}

/** Erase the person behind a lead (a data-subject request); throws not_found for an unknown id. */
export async function erasePerson(store: DialogStore, id: string): Promise<ErasureReport> {
  const report = await store.deletePerson(id);
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
