/** A DM to the bot is a staff member's question: answer it in the DM. */
import { askAndSend } from '../../ask.js';
import { guard, SORRY, type SlackContext } from '../../context.js';
import { messageEvent, parsePayload } from '../../payloads.js';
import type { SlackMessage } from '../../render/answer-blocks.js';
import { slackToPlain } from '../../render/mrkdwn.js';

/** Listener for `message` events in IM channels. */
export function directMessage(ctx: SlackContext) {
  return async ({ message }: { message: unknown }): Promise<void> => {
    const parsed = parsePayload(messageEvent, message);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed message event dropped', { error: parsed.error });
      return;
    }
    const m = parsed.value;
    // Edits, joins, bot posts and our own messages are not questions.
    if (m.channel_type !== 'im' || !m.user || m.bot_id || (m.subtype && m.subtype !== 'file_share')) return;
    const user = m.user;
    const send = async (msg: SlackMessage) => {
      await ctx.api.post({ channel: m.channel, text: msg.text, blocks: msg.blocks, ...(m.thread_ts ? { threadTs: m.thread_ts } : {}) });
    };
    await guard(
      ctx,
      'direct message',
      async () => {
        await askAndSend(
          ctx,
          {
            channel: 'slack',
            conversationId: m.channel,
            userId: user,
            userName: await ctx.api.userName(user),
            text: slackToPlain(m.text),
            group: false,
            mentioned: false,
            messageId: `${m.channel}:${m.ts}`,
          },
          send,
        );
      },
      () => send(SORRY),
    );
  };
}
