/**
 * A DM to the bot, or a message in a group DM the bot is in, is a staff member's question: answer
 * it there (in the thread when it was asked in one). A group DM message that @mentions the bot is
 * left to the app_mention listener, which Slack also calls for it.
 */
import { askAndSend } from '../../ask.js';
import { guard, SORRY, type SlackContext } from '../../context.js';
import { messageEvent, parsePayload, type MessageEvent } from '../../payloads.js';
import type { SlackMessage } from '../../render/answer-blocks.js';
import { slackToPlain } from '../../render/mrkdwn.js';

/** Listener for `message` events in IM and group DM channels. */
export function directMessage(ctx: SlackContext) {
  return async ({ message }: { message: unknown }): Promise<void> => {
    const parsed = parsePayload(messageEvent, message);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed message event dropped', { error: parsed.error });
      return;
    }
    await answerDirectMessage(ctx, parsed.value);
  };
}

/** Answer one DM or group DM message where it was asked, under the listener's one error path. */
export async function answerDirectMessage(ctx: SlackContext, m: MessageEvent): Promise<void> {
  await guard(
    ctx,
    'direct message',
    () => replyToDirectMessage(ctx, m),
    () => postInPlace(ctx, m, SORRY),
  );
}

/** Where a DM's answer (or apology) goes: its channel, in the thread when it was asked in one. */
export async function postInPlace(ctx: SlackContext, m: MessageEvent, msg: SlackMessage): Promise<void> {
  await ctx.api.post({ channel: m.channel, text: msg.text, blocks: msg.blocks, ...(m.thread_ts ? { threadTs: m.thread_ts } : {}) });
}

/** The answer to one DM or group DM message, unguarded: callers run it inside their `guard` (also DM threads that are no assistant thread). */
export async function replyToDirectMessage(ctx: SlackContext, m: MessageEvent): Promise<void> {
  // Edits, joins, bot posts and our own messages are not questions.
  if ((m.channel_type !== 'im' && m.channel_type !== 'mpim') || !m.user || m.bot_id || (m.subtype && m.subtype !== 'file_share')) return;
  const group = m.channel_type === 'mpim';
  const botUser = ctx.bot().userId;
  if (group && botUser && m.text.includes(`<@${botUser}>`)) return;
  const user = m.user;
  await askAndSend(
    ctx,
    {
      channel: 'slack',
      conversationId: group && m.thread_ts ? `${m.channel}:${m.thread_ts}` : m.channel,
      userId: user,
      userName: await ctx.api.userName(user),
      text: slackToPlain(m.text),
      // A group DM is a group chat, but one the bot was added to in order to answer it.
      group,
      mentioned: group,
      messageId: `${m.channel}:${m.ts}`,
    },
    (msg) => postInPlace(ctx, m, msg),
  );
}
