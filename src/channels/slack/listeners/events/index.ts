/** Event listeners: @mentions and the App Home. */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { appHomeOpened } from './app-home-opened.js';
import { appMention } from './app-mention.js';

/** Register the event listeners. */
export function register(app: App, ctx: SlackContext): void {
  app.event('app_mention', appMention(ctx));
  app.event('app_home_opened', appHomeOpened(ctx));
}
