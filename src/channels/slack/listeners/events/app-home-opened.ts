/** The App Home tab shows the viewer's claimed and follow-up leads (as their linked staff account, when linked). */
import { guard, staffActorId, type SlackContext } from '../../context.js';
import { homeOpenedEvent, parsePayload } from '../../payloads.js';
import { homeView } from '../../render/lead-card.js';

/** Publish `userId`'s App Home. */
export async function publishHome(ctx: SlackContext, userId: string): Promise<void> {
  const { id } = await staffActorId(ctx, userId);
  const mine = [...(await ctx.staff.list({ status: 'claimed', ownerId: id })), ...(await ctx.staff.list({ status: 'follow_up', ownerId: id }))];
  await ctx.api.publishHome(userId, homeView(mine));
}

/** Listener for `app_home_opened` events. */
export function appHomeOpened(ctx: SlackContext) {
  return async ({ event }: { event: unknown }): Promise<void> => {
    const parsed = parsePayload(homeOpenedEvent, event);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed app_home_opened dropped', { error: parsed.error });
      return;
    }
    if (parsed.value.tab && parsed.value.tab !== 'home') return;
    const user = parsed.value.user;
    await guard(ctx, 'app home', () => publishHome(ctx, user));
  };
}
