/**
 * What every listener receives: the core's ports and the adapter's own helpers. Built once in
 * `index.ts`; listeners never construct anything themselves.
 */
import type { Config } from '../../config.js';
import { asCodedError } from '../../core/errors.js';
import type { Assistant, Clock, FeedbackSink, Logger, StaffActions, StaffMember } from '../../core/ports.js';
import type { LeadCards } from './lead-cards.js';
import { mrkdwnMessage, plainMessage, type SlackMessage } from './render/answer-blocks.js';
import type { BotIdentity, SlackApi } from './slack-api.js';
import type { SlackDesk } from './slack-desk.js';
import { bilingual } from './texts.js';

/** The shared dependencies of the Slack listeners. */
export interface SlackContext {
  config: Config;
  assistant: Assistant;
  staff: StaffActions;
  feedback: FeedbackSink;
  logger: Logger;
  clock: Clock;
  api: SlackApi;
  cards: LeadCards;
  desk: SlackDesk;
  /** The bot's identity once auth.test answered. */
  bot(): BotIdentity;
  /** Staff accounts linked to Slack users (absent: every Slack user is an unprivileged staff member). */
  staffAccounts?: SlackStaffAccounts;
}

/** The one thing Slack needs of the staff accounts: who a Slack user is there. */
export interface SlackStaffAccounts {
  /** The linked, active account as a lead actor (its id, name and role), else undefined. */
  memberForSlackUser(slackUserId: string): Promise<StaffMember | undefined>;
}

/** Bolt's `respond` as listeners use it (response_url). */
export type Respond = (msg: { text: string; blocks?: SlackMessage['blocks']; response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean }) => Promise<unknown>;

/**
 * Run a listener body so no rejection escapes to Bolt: errors are logged with their code and,
 * where a way back to the user exists, answered politely.
 */
export async function guard(ctx: SlackContext, what: string, fn: () => Promise<void>, onError?: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const coded = asCodedError(err);
    ctx.logger.error(`slack ${what} failed`, { code: coded.code, err: coded });
    if (onError) {
      try {
        await onError();
      } catch (inner) {
        ctx.logger.warn(`slack ${what}: error reply failed`, { err: asCodedError(inner) });
      }
    }
  }
}

/**
 * A cosmetic call (an assistant thread's status line or title) that Slack may refuse without the
 * answer suffering: a refusal is noted at warn level and the listener goes on. Not an error path —
 * nothing is answered and nothing is rethrown — so it may sit inside a listener's `guard`.
 */
export async function bestEffort(ctx: SlackContext, what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const coded = asCodedError(err);
    ctx.logger.warn(`slack ${what} refused`, { code: coded.code, slackError: (err as { data?: { error?: string } }).data?.error });
  }
}

/** The polite reply when something went wrong on our side. */
export const SORRY = plainMessage(bilingual((t) => t.sorry));

/**
 * The staff member behind a Slack user id: the staff account linked to it (`npm run staff --
 * link-slack`), with its role; else an unprivileged member named by Slack.
 */
export async function staffMember(ctx: SlackContext, userId: string): Promise<StaffMember> {
  const linked = await ctx.staffAccounts?.memberForSlackUser(userId);
  return linked ?? { id: `slack:${userId}`, name: await ctx.api.userName(userId) };
}

/** Who a Slack user acts as, without the name (no Web API round trip: for checks inside the 3 s of a trigger id). */
export async function staffActorId(ctx: SlackContext, userId: string): Promise<{ id: string; supervisor: boolean }> {
  const linked = await ctx.staffAccounts?.memberForSlackUser(userId);
  return linked ? { id: linked.id, supervisor: linked.supervisor === true } : { id: `slack:${userId}`, supervisor: false };
}

/**
 * Tell one user something privately: via response_url when the interaction has one, as an
 * ephemeral message in the channel, or else in a DM. Plain text is escaped; `{ mrkdwn }` is sent
 * as written, for lines that carry a mention (the caller escapes what it interpolates).
 */
export async function tellUser(ctx: SlackContext, to: { user: string; channel?: string; threadTs?: string; respond?: Respond }, text: string | { mrkdwn: string }): Promise<void> {
  const msg = typeof text === 'string' ? plainMessage(text) : mrkdwnMessage(text.mrkdwn);
  if (to.respond) {
    await to.respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, blocks: msg.blocks });
  } else if (to.channel) {
    await ctx.api.ephemeral({ channel: to.channel, user: to.user, text: msg.text, blocks: msg.blocks, ...(to.threadTs ? { threadTs: to.threadTs } : {}) });
  } else {
    await ctx.api.post({ channel: to.user, text: msg.text, blocks: msg.blocks });
  }
}
