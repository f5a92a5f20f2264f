/**
 * A message in an assistant thread: a status line while the core works, the thread titled from
 * the first question, then the cited answer in the thread (streamed where Slack allows). Leads
 * and votes go through the same core and buttons as in a DM. A DM thread Slack never opened as
 * an assistant thread takes the DM path unchanged.
 */
import type { AssistantUserMessageMiddleware } from '@slack/bolt';
import { askAndDeliver, HELP_TEXT } from '../../ask.js';
import { bestEffort, guard, SORRY, type SlackContext } from '../../context.js';
import { messageEvent, parsePayload } from '../../payloads.js';
import { plainMessage } from '../../render/answer-blocks.js';
import { slackToPlain, truncate } from '../../render/mrkdwn.js';
import { replyToDirectMessage } from '../messages/direct-message.js';
import { sendToThread } from './stream-answer.js';
import type { AssistantThreads } from './threads.js';
import { detectLang } from '../../../../text/index.js';
import { slackTexts } from '../../texts.js';

/** Thread titles are short in Slack's sidebar. */
const TITLE_MAX = 60;

/** Listener for messages in assistant threads. */
export function userMessage(ctx: SlackContext, threads: AssistantThreads): AssistantUserMessageMiddleware {
  return async ({ message, setStatus, setTitle, sayStream }) => {
    const parsed = parsePayload(messageEvent, message);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed assistant message dropped', { error: parsed.error });
      return;
    }
    const m = parsed.value;
    if (!m.user || m.bot_id || (m.subtype && m.subtype !== 'file_share') || !m.thread_ts) return;
    const threadTs = m.thread_ts;
    const user = m.user;
    const text = slackToPlain(m.text);
    const where = { channel: m.channel, threadTs };
    const lang = detectLang(text, 'zh');
    // The listener's one error path: whatever fails is logged once and apologised for in the thread
    // (a DM thread Slack never opened as an assistant thread is the same place).
    await guard(
      ctx,
      'assistant message',
      async () => {
        if (!(await threads.known(m.channel, threadTs))) return replyToDirectMessage(ctx, m);
        if (text.trim() === '') {
          const help = plainMessage(HELP_TEXT);
          await ctx.api.post({ ...where, text: help.text, blocks: help.blocks });
          return;
        }
        // Cosmetic: a status or title Slack refuses must not cost the answer.
        await bestEffort(ctx, 'assistant status', () => setStatus(slackTexts(lang).status));
        if (await threads.claimTitle(m.channel, threadTs)) await bestEffort(ctx, 'assistant title', () => setTitle(truncate(text.replace(/\s+/g, ' ').trim(), TITLE_MAX)));
        await askAndDeliver(
          ctx,
          {
            channel: 'slack',
            conversationId: `${m.channel}:${threadTs}`,
            userId: user,
            userName: await ctx.api.userName(user),
            text,
            group: false,
            mentioned: false,
            messageId: `${m.channel}:${m.ts}`,
          },
          async (reply) => void (await sendToThread(ctx, reply, where, sayStream)),
        );
      },
      async () => {
        await ctx.api.post({ ...where, text: SORRY.text, blocks: SORRY.blocks });
      },
    );
  };
}
