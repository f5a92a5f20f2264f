/** A staff member opened the assistant panel: greet them and offer the topics as suggested prompts. */
import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import { topicActions } from '../../../../answer/replies.js';
import { guard, type SlackContext } from '../../context.js';
import { plainMessage } from '../../render/answer-blocks.js';
import { assistantThreadEvent, type AssistantThreads } from './threads.js';

const GREETING = {
  zh: '您好！我是资兴招商助手，可以查询资兴市招商政策、园区、产业和服务，并给出出处。请直接提问，或选一个话题：',
  en: 'Hello! I am the Zixing Investment Assistant: ask me about Zixing investment policy, zones, industries and services, and I will answer with sources. Ask away, or pick a topic:',
} as const;

const PROMPTS_TITLE = { zh: '可以这样问', en: 'Try asking' } as const;

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
      const greeting = plainMessage(GREETING[lang]);
      await ctx.api.post({ channel: t.channel_id, threadTs: t.thread_ts, text: greeting.text, blocks: greeting.blocks });
      const prompts = topicActions(lang).flatMap((a) => (a.value ? [{ title: a.label, message: a.value }] : []));
      await setSuggestedPrompts({ title: PROMPTS_TITLE[lang], prompts });
    });
  };
}
