/** What staff can do to a lead from any desk: claim, reply through the bot, release, close, assign to a colleague. */
import { CodedError } from '../core/errors.js';
import type { LeadView, StaffActions } from '../core/ports.js';
import type { DialogContext } from './context.js';
import { botReply, REPLY, takenOverText } from './replies.js';
import { createAssign } from './staff-assign.js';

/** The single implementation of `StaffActions`, over the dialog's store and desks. */
export function createStaffActions(ctx: DialogContext): StaffActions {
  const { store } = ctx;
  // Staff actions take the conversation's lock, so they never interleave with the investor's message.
  const withLead = async <T>(leadId: string, fn: () => Promise<T>): Promise<T> => {
    const lead = await store.getLead(leadId);
    return lead ? ctx.lock.run(lead.conversation, fn) : fn();
  };

  return {
    claim: (leadId, by) =>
      withLead(leadId, async () => {
        const lead = await store.getLead(leadId);
        if (!lead) return { ok: false as const, reason: 'not_found' as const };
        if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
        if (lead.status === 'claimed') {
          if (lead.owner?.id === by.id) return { ok: true as const, lead: await ctx.view(lead) };
          return { ok: false as const, reason: 'claimed_by_other' as const, ...(lead.owner ? { owner: lead.owner } : {}) };
        }
        // 待跟进: the lead waits for the colleague who released it; a supervisor may take it over.
        if (lead.status === 'follow_up' && lead.owner && lead.owner.id !== by.id && !by.supervisor) {
          return { ok: false as const, reason: 'claimed_by_other' as const, owner: lead.owner };
        }
        // Owner, conversation state and the desks' 'claimed' event commit together, so the bot is
        // never silent without an owner and a claim no desk hears of cannot happen.
        const build = await ctx.viewBuilder(lead);
        let view: LeadView | undefined;
        const res = await store.claimLeadAndTakeOver(
          leadId,
          by,
          (claimed) => {
            view = build(claimed);
            return { type: 'claimed', lead: view, by };
          },
          ctx.dispatcher.deskNames,
        );
        if (!res.claimed || !res.lead || !view) {
          const owner = res.lead?.owner;
          return { ok: false as const, reason: 'claimed_by_other' as const, ...(owner ? { owner } : {}) };
        }
        ctx.dispatcher.kick();
        const conv = res.conversation;
        if (conv) await ctx.sendToInvestor(conv, 'system', botReply(takenOverText(by.name, conv.lang), 'handoff', { speaker: 'system' }));
        return { ok: true as const, lead: view };
      }),

    reply: (leadId, by, text) =>
      withLead(leadId, async () => {
        const lead = await store.getLead(leadId);
        if (!lead) return { ok: false as const, reason: 'not_found' as const };
        if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
        if (lead.status !== 'claimed' || lead.owner?.id !== by.id) return { ok: false as const, reason: 'not_owner' as const };
        const body = text.trim().slice(0, ctx.deps.config.MAX_MESSAGE_CHARS);
        if (!body) throw new CodedError('bad_request', 'empty staff reply');
        const conv = await ctx.conversationOf(lead);
        if (conv) await ctx.sendToInvestor(conv, 'staff', { ...botReply(body, 'handoff', { speaker: 'staff' }), staffName: by.name });
        await ctx.publish({ type: 'staff_reply', lead: await ctx.view(lead), by, text: body, at: ctx.deps.clock.now() });
        return { ok: true as const };
      }),

    release: (leadId, by) =>
      withLead(leadId, async () => {
        const lead = await store.getLead(leadId);
        if (!lead) return { ok: false as const, reason: 'not_found' as const };
        if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
        if (lead.status !== 'claimed' || lead.owner?.id !== by.id) return { ok: false as const, reason: 'not_owner' as const };
        await store.releaseLead(leadId);
        const conv = await ctx.conversationOf(lead);
        if (conv) {
          // Back to the bot; the lead stays open as 待跟进, still its owner's (or a supervisor's) to pick up again.
          await store.saveConversation({ id: conv.id, state: 'waiting', data: { leadId }, lang: conv.lang });
          await ctx.sendToInvestor(conv, 'system', botReply(REPLY.released[conv.lang], 'handoff', { speaker: 'system' }));
        }
        await ctx.publish({ type: 'released', lead: await ctx.view((await store.getLead(leadId))!), by });
        return { ok: true as const };
      }),

    close: (leadId, by, outcome) =>
      withLead(leadId, async () => {
        const lead = await store.getLead(leadId);
        if (!lead) return { ok: false as const, reason: 'not_found' as const };
        if (lead.status === 'closed') return { ok: false as const, reason: 'closed' as const };
        // An owned lead (claimed or 待跟进) is closed by its owner or a supervisor; an unowned one by anyone.
        if (lead.owner && lead.owner.id !== by.id && !by.supervisor) return { ok: false as const, reason: 'not_owner' as const, owner: lead.owner };
        const text = outcome.trim().slice(0, 500) || 'closed';
        await store.closeLead(leadId, text, by);
        const conv = await ctx.conversationOf(lead);
        if (conv && conv.data.leadId === leadId) {
          const wasTakenOver = conv.state === 'taken_over';
          const data = { ...conv.data };
          delete data.leadId;
          await store.saveConversation({ id: conv.id, state: conv.state === 'collecting' ? 'collecting' : 'closed', data, lang: conv.lang });
          if (wasTakenOver) await ctx.sendToInvestor(conv, 'system', botReply(REPLY.closedNotice[conv.lang], 'handoff', { speaker: 'system' }));
        }
        await ctx.publish({ type: 'closed', lead: await ctx.view((await store.getLead(leadId))!), by, outcome: text });
        return { ok: true as const };
      }),

    assign: createAssign(ctx, withLead),

    history: (leadId) => store.leadEvents(leadId),

    get: async (leadId) => {
      const lead = await store.getLead(leadId);
      return lead ? ctx.view(lead) : undefined;
    },

    list: async (filter = {}) => {
      const q: { status?: LeadView['status']; ownerId?: string } = {};
      if (filter.status) q.status = filter.status;
      if (filter.ownerId) q.ownerId = filter.ownerId;
      const views: LeadView[] = [];
      for (const l of await store.listLeads(q)) views.push(await ctx.view(l));
      return views;
    },
  };
}

