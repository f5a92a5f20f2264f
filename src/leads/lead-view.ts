/** The lead as staff see it: fields, owner, the last messages and the same person's other leads. */
import type { LeadView } from '../core/ports.js';
import type { DialogStore, LeadRecord } from '../store/types.js';
import { flattenLead } from './lead-schema.js';

/** Build the staff view of a stored lead. */
export function leadView(store: DialogStore, lead: LeadRecord, recentLimit = 10): LeadView {
  const conv = store.getConversation(lead.conversation);
  const fields: Record<string, string | number | undefined> = {};
  for (const [k, v] of Object.entries(flattenLead(lead.fields))) if (v !== undefined) fields[k] = v;
  const view: LeadView = {
    id: lead.id,
    status: lead.status,
    conversation: conv ? { channel: conv.channel, conversationId: conv.conversationId, userId: conv.userId } : { channel: 'api', conversationId: lead.conversation },
    fields,
    createdAt: lead.createdAt,
    recent: conv
      ? store
          .recentMessages(conv.id, recentLimit)
          .filter((m): m is typeof m & { role: 'user' | 'assistant' | 'staff' } => m.role !== 'system' && m.text !== '')
          .map((m) => ({ role: m.role, text: m.text, at: m.at }))
      : [],
    linkedLeadIds: store.linkedLeadIds(lead.id),
  };
  if (lead.owner) view.owner = lead.owner;
  if (lead.escalatedAt !== undefined) view.escalatedAt = lead.escalatedAt;
  if (lead.outcome !== undefined) view.closedOutcome = lead.outcome;
  return view;
}
