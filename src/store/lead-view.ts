/**
 * The staff view of a stored lead (`LeadView`, as desks are told) from records already read. Pure,
 * so it can run inside a store transaction: an erasure builds the 'erased' event's view with it.
 * Here, beside the records it reads; `leads/lead-view.ts` reads the parts through the async port.
 */
import { leadDisplay } from '../core/lead-labels.js';
import { flattenLead } from '../core/lead.js';
import type { LeadView } from '../core/ports.js';
import type { ConversationRecord, LeadRecord, MessageRecord } from './types.js';

/** What a lead's view needs besides the lead itself (read before a composite store write builds the view). */
export interface LeadViewParts {
  conversation: ConversationRecord | undefined;
  recent: MessageRecord[];
  linkedLeadIds: string[];
}

/** The staff view of a lead from parts already read (pure, so it can run inside a store transaction). */
export function buildLeadView(lead: LeadRecord, parts: LeadViewParts): LeadView {
  const conv = parts.conversation;
  const fields: Record<string, string | number | undefined> = {};
  for (const [k, v] of Object.entries(flattenLead(lead.fields))) if (v !== undefined) fields[k] = v;
  const view: LeadView = {
    id: lead.id,
    status: lead.status,
    conversation: conv ? { channel: conv.channel, conversationId: conv.conversationId, userId: conv.userId } : { channel: 'api', conversationId: lead.conversation },
    fields,
    createdAt: lead.createdAt,
    recent: parts.recent
      .filter((m): m is typeof m & { role: 'user' | 'assistant' | 'staff' } => m.role !== 'system' && m.text !== '')
      .map((m) => ({ role: m.role, text: m.text, at: m.at })),
    linkedLeadIds: [...parts.linkedLeadIds],
  };
  if (lead.owner) view.owner = lead.owner;
  if (lead.escalatedAt !== undefined) view.escalatedAt = lead.escalatedAt;
  if (lead.outcome !== undefined) view.closedOutcome = lead.outcome;
  if (lead.closedBy) view.closedBy = lead.closedBy;
  view.display = leadDisplay(view);
  return view;
}
