/**
 * The edge where Official Account callback XML stops: its fields become a typed message the
 * channel acts on. Nothing past this file reads a WeChat field name.
 */
import { CodedError } from '../../core/errors.js';
import { MENU_QUESTIONS } from './menu.js';

/** What the channel does with one callback. */
export type MpMessage =
  | { kind: 'text'; openid: string; text: string; dedupeKey: string; messageId: string; via: 'message' | 'event' }
  | { kind: 'subscribe'; openid: string; dedupeKey: string }
  | { kind: 'unsupported'; openid: string; what: string; dedupeKey: string }
  | { kind: 'voice_unrecognised'; openid: string; dedupeKey: string }
  | { kind: 'ignored'; reason: string; dedupeKey: string };

/** Turn decrypted callback fields into what the channel should do. */
export function parseMpMessage(f: Record<string, string>): MpMessage {
  const openid = f.FromUserName;
  const type = f.MsgType;
  if (!openid || !type || !f.CreateTime) throw new CodedError('bad_request', 'callback lacks FromUserName, MsgType or CreateTime');
  // WeChat retries a callback up to 3 times: messages carry MsgId, events only sender + time.
  const dedupeKey = f.MsgId ? `m:${f.MsgId}` : `e:${openid}:${f.CreateTime}:${f.Event ?? type}`;
  const messageId = `mp:${f.MsgId ?? `${f.CreateTime}:${f.Event ?? ''}`}`;
  if (type === 'text') {
    const text = (f.Content ?? '').trim();
    return text ? { kind: 'text', openid, text, dedupeKey, messageId, via: 'message' } : { kind: 'ignored', reason: 'empty', dedupeKey };
  }
  if (type === 'voice') {
    const text = (f.Recognition ?? '').trim();
    return text ? { kind: 'text', openid, text, dedupeKey, messageId, via: 'message' } : { kind: 'voice_unrecognised', openid, dedupeKey };
  }
  if (type === 'event') {
    const event = (f.Event ?? '').toLowerCase();
    if (event === 'subscribe') return { kind: 'subscribe', openid, dedupeKey };
    if (event === 'click') {
      const question = MENU_QUESTIONS[f.EventKey ?? ''];
      return question ? { kind: 'text', openid, text: question, dedupeKey, messageId, via: 'event' } : { kind: 'ignored', reason: 'unknown_menu_key', dedupeKey };
    }
    return { kind: 'ignored', reason: `event_${event || 'unknown'}`, dedupeKey };
  }
  return { kind: 'unsupported', openid, what: type, dedupeKey };
}
