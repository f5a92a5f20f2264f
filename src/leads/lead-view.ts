/** The lead as staff see it: fields, owner, the last messages and the same person's other leads. */
import type { LeadView } from '../core/ports.js';
import { buildLeadView, type LeadViewParts } from '../store/lead-view.js';
import type { DialogStore, LeadRecord } from '../store/types.js';

export { buildLeadView, type LeadViewParts } from '../store/lead-view.js';

/**
 * Read the parts of a lead's view. `linkedLeadIds` defaults to the stored lead's links; pass the
 * links of a lead not stored yet (`store.leadIdsOfContact(fields)`).
 */
export async function leadViewParts(store: DialogStore, lead: Pick<LeadRecord, 'id' | 'conversation'>, recentLimit = 10, linkedLeadIds?: string[]): Promise<LeadViewParts> {
  const conversation = await store.getConversation(lead.conversation);
  const recent = conversation ? await store.recentMessages(conversation.id, recentLimit, { outbound: false }) : [];
  return { conversation, recent, linkedLeadIds: linkedLeadIds ?? (await store.linkedLeadIds(lead.id)) };
}

/** Build the staff view of a stored lead. */
export async function leadView(store: DialogStore, lead: LeadRecord, recentLimit = 10): Promise<LeadView> {
  return buildLeadView(lead, await leadViewParts(store, lead, recentLimit));
}
