/** Modal (view) listeners. */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { CLOSE_MODAL } from '../../render/lead-card.js';
import { closeLeadSubmission } from './close-lead.js';

/** Register the view listeners. */
export function register(app: App, ctx: SlackContext): void {
  app.view(CLOSE_MODAL, closeLeadSubmission(ctx));
}
