/**
 * The few Web API calls this adapter makes, paced per channel and turned into coded errors.
 * The WebClient itself retries 429s after Retry-After and transient failures per its retry policy.
 */
import type { types, webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { CodedError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import type { Pacer } from './pacer.js';

type KnownBlock = types.KnownBlock;
type View = types.View;

/** Where a posted message lives. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** Who the bot is, from auth.test. */
export interface BotIdentity {
  userId?: string;
  botId?: string;
}

/** Thin, paced access to the Slack Web API. */
export class SlackApi {
  // A changed display name or locale shows within a few hours; at most 5,000 people are kept.
  private readonly users = new LRUCache<string, { name: string; locale?: string }>({ max: 5000, ttl: 6 * 3_600_000 });

  constructor(
    private readonly web: webApi.WebClient,
    private readonly pacer: Pacer,
    private readonly logger: Logger,
  ) {}

  /** Post a message (optionally in a thread); resolves with its channel and ts. */
  async post(msg: { channel: string; text: string; blocks?: KnownBlock[]; threadTs?: string; broadcast?: boolean }): Promise<MessageRef> {
    const res = await this.call('chat.postMessage', () =>
      this.pacer.run(msg.channel, () =>
        this.web.chat.postMessage(({
          channel: msg.channel,
          text: msg.text,
          ...(msg.blocks ? { blocks: msg.blocks } : {}),
          ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
          ...(msg.threadTs && msg.broadcast ? { reply_broadcast: true } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }) as webApi.ChatPostMessageArguments),
      ),
    );
    if (!res.ts || !res.channel) throw new CodedError('channel_failed', 'chat.postMessage answered without ts/channel');
    return { channel: res.channel, ts: res.ts };
  }

  /** Replace a message's text and blocks. */
  async update(ref: MessageRef, msg: { text: string; blocks: KnownBlock[] }): Promise<void> {
    await this.call('chat.update', () => this.pacer.run(ref.channel, () => this.web.chat.update({ channel: ref.channel, ts: ref.ts, text: msg.text, blocks: msg.blocks })));
  }

  /** A message only `user` sees in `channel`. */
  async ephemeral(msg: { channel: string; user: string; text: string; blocks?: KnownBlock[]; threadTs?: string }): Promise<void> {
    await this.call('chat.postEphemeral', () =>
      this.web.chat.postEphemeral({
        channel: msg.channel,
        user: msg.user,
        text: msg.text,
        ...(msg.blocks ? { blocks: msg.blocks } : {}),
        ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
      } as webApi.ChatPostEphemeralArguments),
    );
  }

  /** Publish a user's App Home tab. */
  async publishHome(userId: string, view: View): Promise<void> {
    await this.call('views.publish', () => this.web.views.publish({ user_id: userId, view }));
  }

  /** Open a modal for an interaction's trigger id. */
  async openModal(triggerId: string, view: View): Promise<void> {
    await this.call('views.open', () => this.web.views.open({ trigger_id: triggerId, view }));
  }

  /** Who the token belongs to. */
  async identity(): Promise<BotIdentity> {
    const res = await this.call('auth.test', () => this.web.auth.test());
    return { userId: res.user_id, botId: res.bot_id };
  }

  /** A user's display name (cached; falls back to the id when users.info fails). */
  async userName(userId: string): Promise<string> {
    return (await this.user(userId)).name;
  }

  /** The language of a user's Slack client: 'en' for an English locale, else Chinese (the bureau's). */
  async userLang(userId: string): Promise<'zh' | 'en'> {
    const locale = (await this.user(userId)).locale;
    return locale?.toLowerCase().startsWith('en') ? 'en' : 'zh';
  }

  /** users.info once per user (name and locale together), cached. */
  private async user(userId: string): Promise<{ name: string; locale?: string }> {
    const cached = this.users.get(userId);
    if (cached) return cached;
    try {
      const res = await this.web.users.info({ user: userId, include_locale: true });
      const name = res.user?.profile?.display_name || res.user?.real_name || res.user?.name || userId;
      const entry = { name, ...(res.user?.locale ? { locale: res.user.locale } : {}) };
      this.users.set(userId, entry);
      return entry;
    } catch (err) {
      this.logger.debug('slack users.info failed', { userId, err });
      return { name: userId };
    }
  }

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const slackError = (err as { data?: { error?: string } }).data?.error;
      throw new CodedError('channel_failed', `Slack ${method} failed${slackError ? `: ${slackError}` : ''}: ${(err as Error).message}`, { cause: err });
    }
  }
}
