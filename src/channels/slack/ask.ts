/**
 * Asking the assistant from Slack: one function the DM, @mention and slash-command listeners
 * share, so answers look the same everywhere.
 */
import type { Inbound, Outbound } from '../../core/types.js';
import type { SlackContext } from './context.js';
import { plainMessage, renderOutbound, type SlackMessage } from './render/answer-blocks.js';
import { EN } from '../../core/texts/en.js';
import { ZH } from '../../core/texts/zh.js';

/** Help shown for an empty question. */
export const HELP_TEXT = ZH.slack.help.map((line, i) => `${line} ${EN.slack.help[i]}`).join('\n');

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
