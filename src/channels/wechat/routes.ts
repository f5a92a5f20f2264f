/**
 * conversationId → where to send (contact, or room + asker). Staff replies and take-over notices
 * arrive later through the deliverer with only the conversation id; the map answers where it goes.
 * Bounded, oldest dropped first; ids that fell out are recovered from the conversation id itself.
 */
import { targetFromConversationId, type WechatTarget } from './parse-message.js';

/** A bounded route map. */
export interface RouteMap {
  remember(conversationId: string, target: WechatTarget): void;
  resolve(conversationId: string): WechatTarget | undefined;
}

/** Create a route map holding at most `max` conversations. */
export function createRouteMap(max = 50_000): RouteMap {
  const map = new Map<string, WechatTarget>();
  return {
    remember(conversationId, target) {
      map.delete(conversationId); // re-insert so the Map's order is recency
      map.set(conversationId, target);
      if (map.size > max) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) map.delete(oldest);
      }
    },
    resolve: (conversationId) => map.get(conversationId) ?? targetFromConversationId(conversationId),
  };
}
