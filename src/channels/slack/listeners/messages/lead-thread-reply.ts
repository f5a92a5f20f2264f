/**
 * A staff member's reply in a lead card's thread goes to the investor through the core
 * (`staff.reply`), which delivers it on the investor's own channel (WeChat or web).
 */
import { guard, staffMember, tellUser, type SlackContext } from '../../context.js';
import { messageEvent, parsePayload } from '../../payloads.js';
import { slackToPlain } from '../../render/mrkdwn.js';
import { bilingual } from '../../texts.js';

/** Prefix of thread replies that stay internal (never sent to the investor). */
export const INTERNAL_NOTE_PREFIX = '//';

/** Listener for `message` events in channel threads. */
export function leadThreadReply(ctx: SlackContext) {
  return async ({ message }: { message: unknown }): Promise<void> => {
    const parsed = parsePayload(messageEvent, message);
    if (!parsed.ok) return; // the DM listener already logged it
    const m = parsed.value;
    if (m.channel_type === 'im' || !m.thread_ts || m.thread_ts === m.ts || !m.user || m.bot_id) return;
    if (m.subtype && m.subtype !== 'file_share' && m.subtype !== 'thread_broadcast') return;
    const user = m.user;
    const threadTs = m.thread_ts;
    await guard(ctx, 'lead thread reply', async () => {
      const leadId = await ctx.cards.leadOf(m.channel, threadTs);
      if (!leadId) return;
      const raw = m.text.trim();
      const botUser = ctx.bot().userId;
      // Internal notes and questions to the bot stay in Slack.
      if (raw.startsWith(INTERNAL_NOTE_PREFIX) || (botUser && raw.includes(`<@${botUser}>`))) return;
      const text = slackToPlain(raw);
      if (!text) return;
      const by = await staffMember(ctx, user);
      const result = await ctx.staff.reply(leadId, by, text);
      if (result.ok) {
        ctx.logger.info('slack staff reply relayed', { leadId, by: by.id, chars: text.length });
        return;
      }
      const why = {
        not_owner: bilingual((t) => t.replyNeedsClaim),
        closed: bilingual((t) => t.replyLeadClosed),
        not_found: bilingual((t) => t.replyLeadNotFound),
      }[result.reason];
      await tellUser(ctx, { user, channel: m.channel, threadTs }, why);
    });
  };
}
