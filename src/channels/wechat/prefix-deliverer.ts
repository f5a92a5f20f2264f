/**
 * Three adapters serve WeChat users (the Official Account, 微信客服, a Wechaty account) and the core
 * knows one channel, `wechat`: the conversation id says which adapter owns it (`mp:…`, `kf:…`, or
 * Wechaty's `dm:…` / `room:…`), so staff replies reach the right one without stored routing state.
 */
import { CodedError } from '../../core/errors.js';
import type { Deliverer } from '../../core/ports.js';

/** A deliverer that hands each conversation to the adapter whose prefix it carries, else to `fallback`. */
export function prefixDeliverer(routes: [prefix: string, deliverer: Deliverer][], fallback?: Deliverer): Deliverer {
  return {
    async deliver(ref, message) {
      const hit = routes.find(([prefix]) => ref.conversationId.startsWith(prefix));
      const target = hit?.[1] ?? fallback;
      if (!target) throw new CodedError('channel_failed', 'no WeChat adapter serves this conversation');
      await target.deliver(ref, message);
    },
  };
}
