/**
 * One reply into an assistant thread. An answer is streamed (chat.startStream → appendStream →
 * stopStream, the sources and votes closing it) so staff watch it arrive; where Slack refuses to
 * stream (no AI-app feature, an older plan, a method not allowed for the token) the same reply
 * goes out as the full Block Kit message, as in a DM.
 */
import type { AssistantUserMessageMiddleware } from '@slack/bolt';
import { stripFooter } from '../../../../answer/compose.js';
import { asCodedError } from '../../../../core/errors.js';
import type { Outbound } from '../../../../core/types.js';
import type { SlackContext } from '../../context.js';
import { answerTail, renderOutbound } from '../../render/answer-blocks.js';
import { detectLang } from '../../../../text/index.js';

/** Bolt's `sayStream` as the Assistant hands it to `userMessage`. */
export type SayStream = Parameters<AssistantUserMessageMiddleware>[0]['sayStream'];

/** Pieces of about this many characters are appended one by one. */
const PIECE_CHARS = 80;

/** Cut an answer into sentence-aligned pieces to append (each at least ~PIECE_CHARS, the last shorter). */
export function streamPieces(text: string): string[] {
  const sentences = text.match(/[^。！？!?\n]+[。！？!?\n]*|[。！？!?\n]+/gu) ?? [];
  const pieces: string[] = [];
  let cur = '';
  for (const s of sentences) {
    cur += s;
    if (cur.length >= PIECE_CHARS) {
      pieces.push(cur);
      cur = '';
    }
  }
  if (cur) pieces.push(cur);
  // Two pieces at least when there are two sentences: the reader sees the answer grow.
  if (pieces.length === 1 && sentences.length > 1) return [sentences[0]!, sentences.slice(1).join('')];
  return pieces;
}

/** Send `reply` into the thread: streamed when it is an answer and Slack accepts, else as Block Kit. */
export async function sendToThread(ctx: SlackContext, reply: Outbound, where: { channel: string; threadTs: string }, sayStream: SayStream): Promise<'streamed' | 'blocks'> {
  if (reply.answered && reply.speaker === 'bot') {
    const body = reply.citations.length > 0 ? stripFooter(reply.text) : reply.text;
    let started = false;
    try {
      // buffer_size 1: every append is sent at once, so the first one starts the stream.
      const streamer = sayStream({ buffer_size: 1 });
      for (const piece of streamPieces(body)) {
        await streamer.append({ markdown_text: piece });
        started = true;
      }
      await streamer.stop({ blocks: answerTail(reply, detectLang(body, 'zh')) });
      return 'streamed';
    } catch (err) {
      const coded = asCodedError(err);
      const slackError = (err as { data?: { error?: string } }).data?.error;
      // A refusal to start costs nothing; a stream broken half-way leaves a partial message above the full one.
      ctx.logger.warn(started ? 'slack stream broke off; sending the answer as Block Kit' : 'slack streaming refused; sending Block Kit', { slackError, code: coded.code });
    }
  }
  for (const msg of renderOutbound(reply)) await ctx.api.post({ channel: where.channel, threadTs: where.threadTs, text: msg.text, blocks: msg.blocks });
  return 'blocks';
}
