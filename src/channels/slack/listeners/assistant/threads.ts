/**
 * The assistant threads Slack opened for us (`assistant_thread_started`), kept in the durable
 * KeyValueStore. A message in one of them gets the assistant treatment (status, title, stream);
 * a DM thread that is not one keeps the DM path, so a workspace without the AI-app feature sees
 * no change. The store is also Bolt's thread context store: Bolt's default keeps the context in
 * the first message's metadata and reads it back with conversations.replies on every `say`.
 */
import type { AssistantConfig } from '@slack/bolt';
import { z } from 'zod';
import type { KeyValueStore } from '../../../../core/ports.js';

const NS = 'slack.assistant-threads';

/** What is remembered per thread. */
interface ThreadRecord {
  /** The channel the user was looking at when they opened the assistant (Slack's thread context). */
  context: Record<string, unknown>;
  /** The title was set from the first question. */
  titled?: boolean;
}

/** The `assistant_thread` object of assistant_thread_started / _context_changed events. */
export const assistantThreadEvent = z.object({
  type: z.enum(['assistant_thread_started', 'assistant_thread_context_changed']),
  assistant_thread: z.object({
    user_id: z.string().min(1),
    channel_id: z.string().min(1),
    thread_ts: z.string().min(1),
    context: z.record(z.string(), z.unknown()).optional().default({}),
  }),
});

type ContextStore = NonNullable<AssistantConfig['threadContextStore']>;

/** Where a Bolt assistant payload lives: an assistant_thread event or a message in the thread. */
function threadOf(payload: unknown): { channel: string; threadTs: string; context?: Record<string, unknown> } | undefined {
  const ev = assistantThreadEvent.safeParse(payload);
  if (ev.success) return { channel: ev.data.assistant_thread.channel_id, threadTs: ev.data.assistant_thread.thread_ts, context: ev.data.assistant_thread.context };
  const msg = z.object({ channel: z.string(), thread_ts: z.string() }).safeParse(payload);
  return msg.success ? { channel: msg.data.channel, threadTs: msg.data.thread_ts } : undefined;
}

/** The known assistant threads. */
export class AssistantThreads {
  constructor(private readonly kv: KeyValueStore) {}

  /** Remember a thread Slack opened, with its context. */
  async remember(channel: string, threadTs: string, context: Record<string, unknown>): Promise<void> {
    const prev = await this.kv.get<ThreadRecord>(NS, `${channel}:${threadTs}`);
    await this.kv.set(NS, `${channel}:${threadTs}`, { ...prev, context } satisfies ThreadRecord);
  }

  /** True when `threadTs` in `channel` is an assistant thread. */
  async known(channel: string, threadTs: string): Promise<boolean> {
    return (await this.kv.get<ThreadRecord>(NS, `${channel}:${threadTs}`)) !== undefined;
  }

  /** True the first time it is asked for a thread: its title is then set from the question. */
  async claimTitle(channel: string, threadTs: string): Promise<boolean> {
    const rec = await this.kv.get<ThreadRecord>(NS, `${channel}:${threadTs}`);
    if (!rec || rec.titled) return false;
    await this.kv.set(NS, `${channel}:${threadTs}`, { ...rec, titled: true } satisfies ThreadRecord);
    return true;
  }

  /** Bolt's thread context store over this table. */
  contextStore(): ContextStore {
    return {
      get: async (args) => {
        const where = threadOf(args.payload);
        if (!where) return {};
        return (await this.kv.get<ThreadRecord>(NS, `${where.channel}:${where.threadTs}`))?.context ?? {};
      },
      save: async (args) => {
        const where = threadOf(args.payload);
        if (where?.context) await this.remember(where.channel, where.threadTs, where.context);
      },
    };
  }
}
