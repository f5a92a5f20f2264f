/** Interactive button listeners: votes and lead buttons. */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { LEAD_ACTIONS } from '../../render/lead-card.js';
import { leadButton } from './lead-buttons.js';
import { voteAction } from './vote.js';

/** Register the action listeners. */
export function register(app: App, ctx: SlackContext): void {
  app.action(/^vote:(up|down):/, voteAction(ctx));
  app.action(LEAD_ACTIONS.claim, leadButton(ctx, 'claim'));
  app.action(LEAD_ACTIONS.release, leadButton(ctx, 'release'));
  app.action(LEAD_ACTIONS.close, leadButton(ctx, 'close'));
}
