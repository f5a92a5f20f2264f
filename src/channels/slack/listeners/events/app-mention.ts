/** An @mention in a channel is a question: answer it in the thread it was asked in. */
import { askAndSend } from '../../ask.js';
import { guard, SORRY, type SlackContext } from '../../context.js';
import { appMentionEvent, parsePayload } from '../../payloads.js';
import type { SlackMessage } from '../../render/answer-blocks.js';
import { slackToPlain } from '../../render/mrkdwn.js';

/** Listener for `app_mention` events. */
export function appMention(ctx: SlackContext) {
  return async ({ event }: { event: unknown }): Promise<void> => {
    const parsed = parsePayload(appMentionEvent, event);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed app_mention dropped', { error: parsed.error });
      return;
    }
    const e = parsed.value;
    if (e.bot_id) return;
    const threadTs = e.thread_ts ?? e.ts;
    // Also inside a lead card's thread: the thread-reply listener leaves messages that mention the bot alone.
    const send = async (msg: SlackMessage) => {
      await ctx.api.post({ channel: e.channel, threadTs, text: msg.text, blocks: msg.blocks });
    };
    await guard(
      ctx,
      'app mention',
      async () => {
        const botUser = ctx.bot().userId;
        const withoutBot = botUser ? e.text.split(`<@${botUser}>`).join(' ') : e.text.replace(/^\s*<@[A-Z0-9]+>/, ' ');
        await askAndSend(
          ctx,
          {
            channel: 'slack',
            conversationId: `${e.channel}:${threadTs}`,
            userId: e.user,
            userName: await ctx.api.userName(e.user),
            text: slackToPlain(withoutBot),
            group: true,
            mentioned: true,
            messageId: `${e.channel}:${e.ts}`,
          },
          send,
        );
      },
      () => send(SORRY),
    );
  };
}
