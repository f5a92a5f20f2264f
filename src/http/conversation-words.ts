/**
 * A conversation as the console lists it, with its channel and state in words from the shared
 * label module (`core/lead-labels.ts`), so the page never keeps its own copy of the labels.
 */
import { channelLabel, conversationStateLabel } from '../core/lead-labels.js';

/** Add `channelText` and `stateText` to a listed conversation (id: `${channel}:${conversationId}`). */
export function worded<T extends { id: string; channel: string; state: string }>(c: T): T & { channelText: string; stateText: string } {
  const conversationId = c.id.startsWith(`${c.channel}:`) ? c.id.slice(c.channel.length + 1) : c.id;
  return { ...c, channelText: channelLabel(c.channel, conversationId), stateText: conversationStateLabel(c.state) };
}
