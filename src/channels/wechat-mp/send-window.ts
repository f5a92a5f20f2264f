/**
 * The platforms let a bot message a user only for a while after the user's own action, and only a
 * few times: the Official Account's customer-service messages 5 within 48 h of the user's last
 * message (3 within a minute of a subscribe or menu click); 微信客服's send_msg 5 within 48 h of
 * the customer's message. Staff replies relayed through the bot spend the same allowance. The
 * window, the count and what could not be sent (to go out on the user's next message) live in the
 * store, so a restart neither resets the count nor loses a queued staff reply.
 */
import type { Clock, KeyValueStore } from '../../core/ports.js';

/** What opened the window. */
export type Interaction = 'message' | 'event';

/** How long a window lasts and how many sends it allows. */
export interface WindowRule {
  windowMs: number;
  max: number;
}

/** Why a send may not go out now. */
export type Refusal = 'expired' | 'over_quota';

interface WindowState {
  at: number;
  kind: Interaction;
  sent: number;
  queue: string[];
}

const MAX_QUEUE = 20;

/** Windows, counts and queues of one channel's users. */
export class SendWindows {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly namespace: string,
    private readonly rules: Record<Interaction, WindowRule>,
    private readonly clock: Clock,
  ) {}

  private async state(user: string): Promise<WindowState | undefined> {
    return this.kv.get<WindowState>(this.namespace, user);
  }

  /** The user acted: a new window opens; returns what was queued (to send now, in order) and clears it. */
  async opened(user: string, kind: Interaction): Promise<string[]> {
    const prev = await this.state(user);
    await this.kv.set(this.namespace, user, { at: this.clock.now(), kind, sent: 0, queue: [] } satisfies WindowState);
    return prev?.queue ?? [];
  }

  /** Take one send from the allowance, or say why not. */
  async reserve(user: string): Promise<Refusal | undefined> {
    const s = await this.state(user);
    if (!s) return 'expired';
    const rule = this.rules[s.kind];
    if (this.clock.now() - s.at > rule.windowMs) return 'expired';
    if (s.sent >= rule.max) return 'over_quota';
    await this.kv.set(this.namespace, user, { ...s, sent: s.sent + 1 });
    return undefined;
  }

  /** The platform refused although we counted otherwise: trust it and close the allowance. */
  async exhaust(user: string): Promise<void> {
    const s = await this.state(user);
    if (s) await this.kv.set(this.namespace, user, { ...s, sent: Number.MAX_SAFE_INTEGER });
  }

  /** Keep `text` for the user's next message (bounded: the oldest are dropped beyond 20). */
  async enqueue(user: string, text: string): Promise<void> {
    const s = (await this.state(user)) ?? { at: 0, kind: 'message' as const, sent: 0, queue: [] };
    await this.kv.set(this.namespace, user, { ...s, queue: [...s.queue, text].slice(-MAX_QUEUE) });
  }
}
