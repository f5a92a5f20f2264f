/** The lead as staff see it: fields, owner, the last messages and the same person's other leads. */
import type { LeadView } from '../core/ports.js';
import type { ConversationRecord, DialogStore, LeadRecord, MessageRecord } from '../store/types.js';
import { leadDisplay } from './lead-labels.js';
import { flattenLead } from '../core/lead.js';

/** What a lead's view needs besides the lead itself (read before a composite store write builds the view). */
export interface LeadViewParts {
  conversation: ConversationRecord | undefined;
  recent: MessageRecord[];
  linkedLeadIds: string[];
}

/**
 * Read the parts of a lead's view. `linkedLeadIds` defaults to the stored lead's links; pass the
 * links of a lead not stored yet (`store.leadIdsOfContact(fields)`).
 */
export async function leadViewParts(store: DialogStore, lead: Pick<LeadRecord, 'id' | 'conversation'>, recentLimit = 10, linkedLeadIds?: string[]): Promise<LeadViewParts> {
  const conversation = await store.getConversation(lead.conversation);
  const recent = conversation ? await store.recentMessages(conversation.id, recentLimit, { outbound: false }) : [];
  return { conversation, recent, linkedLeadIds: linkedLeadIds ?? (await store.linkedLeadIds(lead.id)) };
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
  view.display = leadDisplay(view);
  return view;
}

/** Build the staff view of a stored lead. */
export async function leadView(store: DialogStore, lead: LeadRecord, recentLimit = 10): Promise<LeadView> {
  return buildLeadView(lead, await leadViewParts(store, lead, recentLimit));
}
