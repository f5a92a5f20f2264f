/**
 * The per-conversation secret of the web chat. A conversation id appears in logs, the console and
 * Slack, so it cannot be what lets someone read a transcript or vote in it: the server issues a
 * key with each new id, an HMAC of the id under a secret kept in the store (so keys survive a
 * restart), and every read, continuation or vote must present it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../../core/ports.js';
import { safeEqual } from '../../guard/auth.js';

/** Issue and check conversation keys. */
export interface ConversationKeys {
  /** The key for a conversation id the server issued. */
  keyFor(conversationId: string): Promise<string>;
  /** True when `key` is the key of `conversationId`. */
  valid(conversationId: string, key: string | undefined): Promise<boolean>;
}

const NAMESPACE = 'web-chat';
const SECRET_KEY = 'conversation-key-secret';

/** Conversation keys under a secret created on first use and kept in `kv`. */
export function conversationKeys(kv: KeyValueStore): ConversationKeys {
  let secret: Promise<string> | undefined;
  const load = (): Promise<string> => {
    secret ??= (async () => {
      const stored = await kv.get<string>(NAMESPACE, SECRET_KEY);
      if (typeof stored === 'string' && stored.length >= 32) return stored;
      const fresh = randomBytes(32).toString('base64url');
      await kv.set(NAMESPACE, SECRET_KEY, fresh);
      return fresh;
    })();
    return secret;
  };
  const keyFor = async (id: string) => createHmac('sha256', await load()).update(`zx-web-conversation-v1\u0000${id}`).digest('base64url');
  return {
    keyFor,
    async valid(id, key) {
      if (!key) return false;
      return safeEqual(key, await keyFor(id));
    },
  };
}
