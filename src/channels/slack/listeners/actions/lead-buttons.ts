/**
 * Claim / Release / Close on a lead card (or in the App Home, or the `/zixing leads` list).
 * Every change goes through StaffActions, whose lead event reaches `SlackDesk.notify`, which
 * redraws the card: redrawing it here as well spent a second, rate-limited chat.update.
 */
import { guard, staffMember, tellUser, type Respond, type SlackContext } from '../../context.js';
import { blockActions, parsePayload, type BlockActions } from '../../payloads.js';
import { closeModal, staffLabel } from '../../render/lead-card.js';
import { escapeMrkdwn } from '../../render/mrkdwn.js';
import { publishHome } from '../events/app-home-opened.js';

type Kind = 'claim' | 'release' | 'close';

const REFUSED: Record<string, string> = {
  not_found: '找不到此线索。 Lead not found.',
  closed: '此线索已结案。 This lead is already closed.',
  not_owner: '只有跟进人可以执行此操作。 Only the owner can do that.',
};

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
          } else if (r.reason === 'claimed_by_other') {
            // staffLabel gives a mention (or an escaped name): the line is mrkdwn already.
            await tellUser(ctx, to, { mrkdwn: `此线索已由 ${r.owner ? staffLabel(r.owner) : '其他同事'} 认领。 Already claimed by ${escapeMrkdwn(r.owner?.name ?? 'someone else')}.` });
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
      () => tellUser(ctx, to, '操作失败，请稍后再试。 That did not work — please try again.'),
    );
  };
}

async function openClose(ctx: SlackContext, p: BlockActions, leadId: string, to: Parameters<typeof tellUser>[1]): Promise<void> {
  if (!p.trigger_id) {
    await tellUser(ctx, to, '无法打开结案窗口。 Could not open the close dialog.');
    return;
  }
  await ctx.api.openModal(p.trigger_id, closeModal(leadId, p.view?.type === 'home' ? { from: 'home' } : {}));
}
