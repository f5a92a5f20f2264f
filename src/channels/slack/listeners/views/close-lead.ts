/** The close modal's submission: close the lead with the chosen outcome (and note). */
import { guard, staffMember, tellUser, type SlackContext } from '../../context.js';
import { parsePayload, viewSubmission } from '../../payloads.js';
import { publishHome } from '../events/app-home-opened.js';
import { notOwnerText } from '../actions/lead-buttons.js';
import { bilingual } from '../../texts.js';

type ViewErrors = { response_action: 'errors'; errors: Record<string, string> };

/** Listener for the close modal's `view_submission`. */
export function closeLeadSubmission(ctx: SlackContext) {
  // Bolt types ack as a union over view responses; this listener only ever sends 'errors' or nothing.
  return async ({ body, ack: boltAck }: { body: unknown; ack: (...args: never[]) => Promise<void> }): Promise<void> => {
    const ack = boltAck as (r?: ViewErrors) => Promise<void>;
    const parsed = parsePayload(viewSubmission, body);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed close submission dropped', { error: parsed.error });
      await guard(ctx, 'view ack', () => ack());
      return;
    }
    const v = parsed.value;
    const outcome = v.view.state.values.outcome?.value?.selected_option?.value;
    if (!outcome) {
      await guard(ctx, 'view ack', () => ack({ response_action: 'errors', errors: { outcome: bilingual((t) => t.chooseOutcome) } }));
      return;
    }
    await guard(ctx, 'view ack', () => ack());
    const note = v.view.state.values.note?.value?.value?.trim();
    let meta: { leadId?: unknown; from?: unknown } = {};
    try {
      meta = JSON.parse(v.view.private_metadata) as typeof meta;
    } catch {
      ctx.logger.warn('slack: close modal without metadata');
    }
    const leadId = typeof meta.leadId === 'string' ? meta.leadId : undefined;
    const userId = v.user.id;
    if (!leadId) return;
    await guard(
      ctx,
      'lead close',
      async () => {
        const by = await staffMember(ctx, userId);
        const r = await ctx.staff.close(leadId, by, note ? `${outcome}: ${note}` : outcome);
        if (!r.ok) {
          if (r.reason === 'not_owner') {
            ctx.logger.info('slack close refused: not the owner', { leadId, by: by.id });
            await tellUser(ctx, { user: userId }, notOwnerText(r.owner));
          } else {
            await tellUser(ctx, { user: userId }, bilingual((t) => (r.reason === 'closed' ? t.closedAlready(leadId) : t.closeLeadNotFound(leadId))));
          }
          return;
        }
        // The core's `closed` event redraws the card through SlackDesk.notify.
        ctx.logger.info('slack lead closed', { leadId, by: by.id, outcome });
        if (meta.from === 'home') await publishHome(ctx, userId);
      },
      () => tellUser(ctx, { user: userId }, bilingual((t) => t.closeFailed)),
    );
  };
}
