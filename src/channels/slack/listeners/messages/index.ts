/** Message listeners: DMs to the bot, and replies in lead card threads. */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { directMessage } from './direct-message.js';
import { leadThreadReply } from './lead-thread-reply.js';

/** Register the message listeners. */
export function register(app: App, ctx: SlackContext): void {
  app.message(directMessage(ctx));
  app.message(leadThreadReply(ctx));
}
