/**
 * `/zixing <question>` answers privately (add `public` to answer in the channel);
 * `/zixing leads` lists open leads; `/zixing` or `/zixing help` shows help.
 * The command is acknowledged at once; the answer follows through response_url.
 */
import { askAndSend, HELP_TEXT } from '../../ask.js';
import { guard, SORRY, type Respond, type SlackContext } from '../../context.js';
import { parsePayload, slashCommand } from '../../payloads.js';
import { plainMessage, type SlackMessage } from '../../render/answer-blocks.js';
import { leadListBlocks } from '../../render/lead-card.js';
import { slackToPlain } from '../../render/mrkdwn.js';
import { bilingual } from '../../texts.js';

const PUBLIC_WORDS = new Set(['public', '公开']);

/** Split the command text into what to do. */
export function parseZixing(text: string): { kind: 'help' } | { kind: 'leads' } | { kind: 'ask'; question: string; public: boolean } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && ['help', '帮助', '?'].includes(words[0]!.toLowerCase()))) return { kind: 'help' };
  if (words.length === 1 && ['leads', '线索'].includes(words[0]!.toLowerCase())) return { kind: 'leads' };
  let isPublic = false;
  if (PUBLIC_WORDS.has(words[0]!.toLowerCase())) {
    isPublic = true;
    words.shift();
  } else if (PUBLIC_WORDS.has(words[words.length - 1]!.toLowerCase())) {
    isPublic = true;
    words.pop();
  }
  if (words.length === 0) return { kind: 'help' };
  return { kind: 'ask', question: words.join(' '), public: isPublic };
}

/** Listener for the `/zixing` command. */
export function zixingCommand(ctx: SlackContext) {
  return async ({ command, ack, respond }: { command: unknown; ack: () => Promise<void>; respond?: Respond }): Promise<void> => {
    // Acknowledge first: Slack shows an error if nothing comes back within 3 s.
    await guard(ctx, 'command ack', () => ack());
    const parsed = parsePayload(slashCommand, command);
    if (!parsed.ok) {
      ctx.logger.warn('slack: malformed slash command dropped', { error: parsed.error });
      return;
    }
    const c = parsed.value;
    const action = parseZixing(c.text);
    let responseType: 'ephemeral' | 'in_channel' = 'ephemeral';
    const send = async (msg: SlackMessage) => {
      if (respond) await respond({ response_type: responseType, replace_original: false, text: msg.text, blocks: msg.blocks });
      else await ctx.api.ephemeral({ channel: c.channel_id, user: c.user_id, text: msg.text, blocks: msg.blocks });
    };
    await guard(
      ctx,
      'slash command',
      async () => {
        if (action.kind === 'help') return send(plainMessage(HELP_TEXT));
        if (action.kind === 'leads') {
          const open = [...(await ctx.staff.list({ status: 'new' })), ...(await ctx.staff.list({ status: 'claimed' })), ...(await ctx.staff.list({ status: 'follow_up' }))];
          return send({ text: `${bilingual((t) => t.openLeads)} ${open.length}`, blocks: leadListBlocks(open, bilingual((t) => t.noOpenLeads), true) });
        }
        if (action.public) responseType = 'in_channel';
        await askAndSend(
          ctx,
          {
            channel: 'slack',
            conversationId: `${c.channel_id}:slash:${c.user_id}`,
            userId: c.user_id,
            userName: await ctx.api.userName(c.user_id),
            text: slackToPlain(action.question),
            group: !c.channel_id.startsWith('D'),
            mentioned: true,
          },
          send,
        );
      },
      () => {
        responseType = 'ephemeral';
        return send(SORRY);
      },
    );
  };
}
