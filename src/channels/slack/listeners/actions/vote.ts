/** 👍/👎 under an answer: the vote goes to the FeedbackSink (down-votes feed the knowledge gaps). */
import { guard, tellUser, type Respond, type SlackContext } from '../../context.js';
import { blockActions, parsePayload } from '../../payloads.js';
import { VOTE_ACTION } from '../../render/answer-blocks.js';
import { bilingual } from '../../texts.js';

/** Listener for the vote buttons (action ids `vote:up:<messageId>` / `vote:down:<messageId>`). */
export function voteAction(ctx: SlackContext) {
  return async ({ body, ack, respond }: { body: unknown; ack: () => Promise<void>; respond?: Respond }): Promise<void> => {
    await guard(ctx, 'vote ack', () => ack());
    const parsed = parsePayload(blockActions, body);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed vote payload dropped', { error: parsed.error });
      return;
    }
    const p = parsed.value;
    const match = VOTE_ACTION.exec(p.actions[0]!.action_id);
    if (!match) return;
    const value = match[1] === 'up' ? 1 : -1;
    const messageId = p.actions[0]!.value || match[2]!;
    await guard(ctx, 'vote', async () => {
      await ctx.feedback.vote(messageId, value, `slack:${p.user.id}`);
      ctx.logger.info('slack vote recorded', { messageId, value });
      await tellUser(
        ctx,
        { user: p.user.id, ...(p.channel ? { channel: p.channel.id } : {}), ...(respond ? { respond } : {}) },
        bilingual((t) => (value === 1 ? t.thanksUp : t.thanksDown)),
      );
    });
  };
}
