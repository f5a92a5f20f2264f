/**
 * Asking the assistant from Slack: one function the DM, @mention and slash-command listeners
 * share, so answers look the same everywhere.
 */
import type { Inbound, Outbound } from '../../core/types.js';
import type { SlackContext } from './context.js';
import { plainMessage, renderOutbound, type SlackMessage } from './render/answer-blocks.js';

/** Help shown for an empty question. */
export const HELP_TEXT = [
  '我是资兴招商助手，可以查询资兴市招商政策并给出出处。 I answer questions on Zixing investment policy, with sources.',
  '• 私信我提问 DM me a question',
  '• 在频道中 @我 提问（在话题中回答） @mention me in a channel',
  '• `/zixing 问题` 仅自己可见；加 `public` 公开 — `/zixing <question>` (add `public` to post it for everyone)',
  '• `/zixing leads` 查看待处理线索 list open leads',
].join('\n');

/** Ask the core and send each reply through `send`; failures are answered with an apology. */
export async function askAndSend(ctx: SlackContext, inbound: Inbound, send: (msg: SlackMessage) => Promise<void>): Promise<void> {
  if (inbound.text.trim() === '') {
    await send(plainMessage(HELP_TEXT));
    return;
  }
  await askAndDeliver(ctx, inbound, async (reply) => {
    for (const msg of renderOutbound(reply)) await send(msg);
  });
}

/** Ask the core and hand each reply, unrendered, to `deliver` (the assistant thread streams some). */
export async function askAndDeliver(ctx: SlackContext, inbound: Inbound, deliver: (reply: Outbound) => Promise<void>): Promise<void> {
  const started = ctx.clock.now();
  const replies = await ctx.assistant.handle(inbound);
  ctx.logger.info('slack question answered', {
    conversationId: inbound.conversationId,
    replies: replies.length,
    answered: replies.some((r) => r.answered),
    ms: ctx.clock.now() - started,
  });
  for (const reply of replies) await deliver(reply);
}
