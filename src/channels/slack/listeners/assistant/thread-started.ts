/** A staff member opened the assistant panel: greet them and offer the topics as suggested prompts. */
import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import { topicActions } from '../../../../answer/replies.js';
import { guard, type SlackContext } from '../../context.js';
import { plainMessage } from '../../render/answer-blocks.js';
import { assistantThreadEvent, type AssistantThreads } from './threads.js';
import { slackTexts } from '../../texts.js';

/** Listener for `assistant_thread_started`. */
export function threadStarted(ctx: SlackContext, threads: AssistantThreads): AssistantThreadStartedMiddleware {
  return async ({ event, setSuggestedPrompts }) => {
    const parsed = assistantThreadEvent.safeParse(event);
    if (!parsed.success) {
      ctx.logger.warn('slack: malformed assistant_thread_started dropped', { error: parsed.error.message });
      return;
    }
    const t = parsed.data.assistant_thread;
    await guard(ctx, 'assistant thread start', async () => {
      await threads.remember(t.channel_id, t.thread_ts, t.context);
      const lang = await ctx.api.userLang(t.user_id);
      const greeting = plainMessage(slackTexts(lang).greeting);
      await ctx.api.post({ channel: t.channel_id, threadTs: t.thread_ts, text: greeting.text, blocks: greeting.blocks });
      const prompts = topicActions(lang).flatMap((a) => (a.value ? [{ title: a.label, message: a.value }] : []));
      await setSuggestedPrompts({ title: slackTexts(lang).promptsTitle, prompts });
    });
  };
}
