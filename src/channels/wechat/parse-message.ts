/**
 * The edge where Wechaty messages stop: a `Message` becomes the core's `Inbound`, a typed
 * "unsupported kind" (image, voice, …) or a typed reason to ignore it. Nothing past this file
 * sees a Wechaty object.
 */
import { types, type Contact, type Message } from 'wechaty';
import type { Inbound } from '../../core/types.js';
import { detectAddressing } from './addressing.js';

/** Where a reply goes: the contact (DM) or the room, @-mentioning the contact. */
export interface WechatTarget {
  contactId: string;
  roomId?: string;
}

/** Message kinds we do not read, each answered with one short explanation. */
export type UnsupportedKind = 'image' | 'voice' | 'file' | 'link' | 'sticker' | 'video' | 'card' | 'location';

/** Why a message gets no reply. */
export type IgnoreReason = 'self' | 'official' | 'not_addressed' | 'empty' | 'system' | 'group_non_text';

/** What the adapter does with one message. */
export type ParsedMessage =
  | { kind: 'text'; inbound: Inbound; target: WechatTarget }
  | { kind: 'unsupported'; what: UnsupportedKind; conversationId: string; target: WechatTarget }
  /** Addressed in a group with nothing else said: answer with the introduction. */
  | { kind: 'greet'; conversationId: string; target: WechatTarget }
  | { kind: 'ignored'; reason: IgnoreReason };

/** What the parser needs to know about the bot and the settings. */
export interface ParseContext {
  self: Contact;
  keywords: string[];
}

const UNSUPPORTED: Partial<Record<types.Message, UnsupportedKind>> = {
  [types.Message.Image]: 'image',
  [types.Message.Audio]: 'voice',
  [types.Message.Attachment]: 'file',
  [types.Message.ChatHistory]: 'file',
  [types.Message.Url]: 'link',
  [types.Message.MiniProgram]: 'link',
  [types.Message.Emoticon]: 'sticker',
  [types.Message.Video]: 'video',
  [types.Message.Contact]: 'card',
  [types.Message.Location]: 'location',
};

/** Conversation id of a direct chat. */
export function dmConversationId(contactId: string): string {
  return `dm:${contactId}`;
}

/** Conversation id of one asker in a room: each asker gets their own conversation. */
export function roomConversationId(roomId: string, contactId: string): string {
  return `room:${roomId}:${contactId}`;
}

/** Where a conversation's messages go, from its id alone (staff replies and notices arrive with only the id). */
export function targetFromConversationId(conversationId: string): WechatTarget | undefined {
  if (conversationId.startsWith('dm:')) {
    const contactId = conversationId.slice(3);
    return contactId ? { contactId } : undefined;
  }
  const m = /^room:([^:]+):(.+)$/.exec(conversationId);
  return m ? { roomId: m[1]!, contactId: m[2]! } : undefined;
}

/** Turn one Wechaty message into what the adapter should do with it. */
export async function parseMessage(msg: Message, ctx: ParseContext): Promise<ParsedMessage> {
  const talker = msg.talker();
  // Only the bot's own account is skipped, by id: a name filter ("bot", "机器人") silently ignored
  // investors whose names or companies contain those words.
  if (msg.self() || talker.id === ctx.self.id) return { kind: 'ignored', reason: 'self' };
  if (talker.type() === types.Contact.Official) return { kind: 'ignored', reason: 'official' };

  const room = msg.room();
  const type = msg.type();
  const conversationId = room ? roomConversationId(room.id, talker.id) : dmConversationId(talker.id);
  const target: WechatTarget = room ? { contactId: talker.id, roomId: room.id } : { contactId: talker.id };

  if (type !== types.Message.Text) {
    // In a group nobody can @ the bot with an image, so it cannot be meant for us.
    if (room) return { kind: 'ignored', reason: 'group_non_text' };
    const what = UNSUPPORTED[type];
    return what ? { kind: 'unsupported', what, conversationId, target } : { kind: 'ignored', reason: 'system' };
  }

  let text = (msg.text() ?? '').trim();
  let mentioned: boolean | undefined;
  if (room) {
    const mentionedByPuppet = await msg.mentionSelf().catch(() => false);
    // With mention ids the puppet knows the names it mentioned: let it strip them first.
    if (mentionedByPuppet) text = (await msg.mentionText().catch(() => text)).trim();
    const alias = await room.alias(ctx.self).catch(() => undefined);
    const a = detectAddressing(text, { names: [ctx.self.name(), alias], keywords: ctx.keywords, mentionedByPuppet });
    if (!a.addressed) return { kind: 'ignored', reason: 'not_addressed' };
    if (!a.question) return { kind: 'greet', conversationId, target };
    text = a.question;
    mentioned = true;
  }
  if (!text) return { kind: 'ignored', reason: 'empty' };

  const inbound: Inbound = {
    channel: 'wechat',
    conversationId,
    userId: talker.id,
    userName: talker.name() || undefined,
    text,
    messageId: msg.id,
    ...(room ? { group: true, mentioned } : {}),
  };
  return { kind: 'text', inbound, target };
}
