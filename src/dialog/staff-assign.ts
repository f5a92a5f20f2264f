/**
 * Assigning a lead to a colleague (#17), the dialog's half: who may (the owner or a supervisor),
 * the store's one-transaction assignment with its history entry and desk event, and, when the
 * live conversation passes to the colleague, telling the investor who serves them now. Which
 * account `to` is (active, known) is the caller's to check: desks resolve accounts, the dialog
 * does not know them.
 */
import type { LeadView, StaffActions, StaffMember } from '../core/ports.js';
import type { DialogContext } from './context.js';
import { botReply, takenOverText } from './replies.js';

type Assign = StaffActions['assign'];

/** The assign action over the dialog context; `withLead` runs it under the conversation's lock. */
export function createAssign(ctx: DialogContext, withLead: <T>(leadId: string, fn: () => Promise<T>) => Promise<T>): Assign {
  const { store } = ctx;
  return (leadId: string, by: StaffMember, to: StaffMember) =>
    withLead(leadId, async () => {
      const lead = await store.getLead(leadId);
      if (!lead) return { ok: false as const, reason: 'not_found' as const };
      if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
      if (lead.owner?.id !== by.id && !by.supervisor) return { ok: false as const, reason: 'not_owner' as const, ...(lead.owner ? { owner: lead.owner } : {}) };
      if (lead.owner?.id === to.id) return { ok: false as const, reason: 'already_owner' as const, owner: lead.owner };
      const build = await ctx.viewBuilder(lead);
      const from = lead.owner;
      let view: LeadView | undefined;
      const res = await store.assignLeadAndEnqueue(
        leadId,
        to,
        by,
        (assigned) => {
          view = build(assigned);
          return { type: 'assigned', lead: view, by, to, ...(from ? { from } : {}) };
        },
        ctx.dispatcher.deskNames,
      );
      if (!res.assigned || !res.lead || !view) {
        // Something changed between the check and the write (a claim, a close, another assignment).
        const now = res.lead;
        if (!now) return { ok: false as const, reason: 'not_found' as const };
        if (now.status === 'closed') return { ok: false as const, reason: 'closed' as const };
        return { ok: false as const, reason: now.owner?.id === to.id ? ('already_owner' as const) : ('not_owner' as const), ...(now.owner ? { owner: now.owner } : {}) };
      }
      ctx.dispatcher.kick();
      // A live conversation changed hands: the investor hears who serves them now.
      const conv = res.lead.status === 'claimed' ? await ctx.conversationOf(res.lead) : undefined;
      if (conv && conv.state === 'taken_over') await ctx.sendToInvestor(conv, 'system', botReply(takenOverText(to.name, conv.lang), 'handoff', { speaker: 'system' }));
      return { ok: true as const, lead: view };
    });
}
