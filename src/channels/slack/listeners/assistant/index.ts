/** Slack's AI-app surface ("Agents & AI Apps"): the assistant panel, through Bolt's `Assistant`. */
import { Assistant, type App } from '@slack/bolt';
import type { KeyValueStore } from '../../../../core/ports.js';
import type { SlackContext } from '../../context.js';
import { threadStarted } from './thread-started.js';
import { AssistantThreads } from './threads.js';
import { userMessage } from './user-message.js';

/** Register the assistant (global middleware: it takes assistant-thread messages before the message listeners). */
export function register(app: App, ctx: SlackContext, kv: KeyValueStore): void {
  const threads = new AssistantThreads(kv);
  const store = threads.contextStore();
  app.assistant(
    new Assistant({
      threadContextStore: store,
      threadStarted: threadStarted(ctx, threads),
      // The user switched channels with the panel open: only the remembered context changes.
      threadContextChanged: async (args) => store.save(args),
      userMessage: userMessage(ctx, threads),
    }),
  );
}
