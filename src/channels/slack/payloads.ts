/**
 * zod schemas for the parts of Slack payloads this adapter reads. Raw payloads end here: a
 * payload that does not parse is logged and dropped, never passed on.
 */
import { z } from 'zod';

/** A `message` event (DMs, channel and thread messages). */
export const messageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
});
export type MessageEvent = z.infer<typeof messageEvent>;

/** An `app_mention` event. */
export const appMentionEvent = z.object({
  type: z.literal('app_mention'),
  channel: z.string().min(1),
  user: z.string().min(1),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
});

/** An `app_home_opened` event. */
export const homeOpenedEvent = z.object({
  type: z.literal('app_home_opened'),
  user: z.string().min(1),
  tab: z.string().optional(),
});

/** A slash command. */
export const slashCommand = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.string().optional(),
});

/** A `block_actions` interaction (button clicks). */
export const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string() }).optional(),
  container: z
    .object({ type: z.string(), is_ephemeral: z.boolean().optional(), thread_ts: z.string().optional() })
    .optional(),
  view: z.object({ type: z.string() }).optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});
export type BlockActions = z.infer<typeof blockActions>;

/** The input states of a submitted modal. */
const stateValue = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

/** A `view_submission` interaction (modal submitted). */
export const viewSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
  }),
});

/** Parse `raw` with `schema`, or undefined (the caller logs and drops). */
export function parsePayload<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; value: T } | { ok: false; error: string } {
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}
