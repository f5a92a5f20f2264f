/** Slash command listeners. */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { zixingCommand } from './zixing.js';

/** Register the slash commands. */
export function register(app: App, ctx: SlackContext): void {
  app.command('/zixing', zixingCommand(ctx));
}
