/**
 * Claim / Release / Close on a lead card (or in the App Home, or the `/zixing leads` list).
 * Every change goes through StaffActions, whose lead event reaches `SlackDesk.notify`, which
 * redraws the card: redrawing it here as well spent a second, rate-limited chat.update.
 */
import { guard, staffActorId, staffMember, tellUser, type Respond, type SlackContext } from '../../context.js';
import { blockActions, parsePayload, type BlockActions } from '../../payloads.js';
import { closeModal, staffLabel } from '../../render/lead-card.js';
import { escapeMrkdwn } from '../../render/mrkdwn.js';
import { publishHome } from '../events/app-home-opened.js';
import type { StaffMember } from '../../../../core/ports.js';
import { EN } from '../../../../core/texts/en.js';
import { ZH } from '../../../../core/texts/zh.js';
import { bilingual } from '../../texts.js';

type Kind = 'claim' | 'release' | 'close';

const REFUSED: Record<string, string> = {
  not_found: bilingual((t) => t.leadNotFound),
  closed: bilingual((t) => t.leadClosed),
  not_owner: bilingual((t) => t.notOwner),
};

/** The refusal for closing someone else's lead (a mention of the owner, so mrkdwn). */
export function notOwnerText(owner: StaffMember | undefined): { mrkdwn: string } {
  return { mrkdwn: `${ZH.slack.closeNotOwner(owner && staffLabel(owner))} ${EN.slack.closeNotOwner(owner && escapeMrkdwn(owner.name))}` };
}

/** Listener for one of the lead buttons. */
export function leadButton(ctx: SlackContext, kind: Kind) {
  return async ({ body, ack, respond }: { body: unknown; ack: () => Promise<void>; respond?: Respond }): Promise<void> => {
    await guard(ctx, 'lead button ack', () => ack());
    const parsed = parsePayload(blockActions, body);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed lead action dropped', { error: parsed.error });
      return;
    }
    const p = parsed.value;
    const leadId = p.actions[0]!.value;
    const userId = p.user.id;
    const to = { user: userId, ...(p.channel ? { channel: p.channel.id } : {}), ...(p.container?.thread_ts ? { threadTs: p.container.thread_ts } : {}), ...(respond ? { respond } : {}) };
    if (!leadId) return;
    await guard(
      ctx,
      `lead ${kind}`,
      async () => {
        // The trigger id expires 3 s after the click: open the modal before any other round trip.
        if (kind === 'close') return openClose(ctx, p, leadId, to);
        const by = await staffMember(ctx, userId);
        if (kind === 'claim') {
          const r = await ctx.staff.claim(leadId, by);
          if (r.ok) {
            ctx.logger.info('slack lead claimed', { leadId, by: by.id });
          } else if (r.reason === 'claimed_by_other' && (await ctx.staff.get(leadId))?.status === 'follow_up') {
            await tellUser(ctx, to, { mrkdwn: `${ZH.slack.followUpWaits(r.owner ? staffLabel(r.owner) : ZH.slack.theOwner)} ${EN.slack.followUpWaits(escapeMrkdwn(r.owner?.name ?? EN.slack.theOwner))}` });
          } else if (r.reason === 'claimed_by_other') {
            // staffLabel gives a mention (or an escaped name): the line is mrkdwn already.
            await tellUser(ctx, to, { mrkdwn: `${ZH.slack.alreadyClaimed(r.owner ? staffLabel(r.owner) : ZH.slack.someoneElse)} ${EN.slack.alreadyClaimed(escapeMrkdwn(r.owner?.name ?? EN.slack.someoneElse))}` });
          } else {
            await tellUser(ctx, to, REFUSED[r.reason] ?? r.reason);
          }
        } else {
          const r = await ctx.staff.release(leadId, by);
          if (r.ok) {
            ctx.logger.info('slack lead released', { leadId, by: by.id });
          } else {
            await tellUser(ctx, to, REFUSED[r.reason] ?? r.reason);
          }
        }
        if (p.view?.type === 'home') await publishHome(ctx, userId);
      },
      () => tellUser(ctx, to, bilingual((t) => t.actionFailed)),
    );
  };
}

async function openClose(ctx: SlackContext, p: BlockActions, leadId: string, to: Parameters<typeof tellUser>[1]): Promise<void> {
  if (!p.trigger_id) {
    await tellUser(ctx, to, bilingual((t) => t.closeDialogFailed));
    return;
  }
  // Refuse before the modal (local reads only, well inside the trigger's 3 s): a colleague's lead
  // is closed by its owner or a supervisor. StaffActions checks again on submission.
  const lead = await ctx.staff.get(leadId);
  const actor = await staffActorId(ctx, p.user.id);
  if (lead?.owner && lead.owner.id !== actor.id && !actor.supervisor) {
    ctx.logger.info('slack close refused: not the owner', { leadId, by: actor.id });
    await tellUser(ctx, to, notOwnerText(lead.owner));
    return;
  }
  await ctx.api.openModal(p.trigger_id, closeModal(leadId, p.view?.type === 'home' ? { from: 'home' } : {}));
}
