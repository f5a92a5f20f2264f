/**
 * The conversation state machine behind `Assistant.handle`:
 * answering → collecting (lead capture) → waiting (lead submitted) → taken_over (staff) →
 * released back to waiting/answering; closed when staff close the lead. Every transition is
 * saved, so a restart resumes each conversation where it stood.
 */
import { asCodedError, CodedError } from '../core/errors.js';
import type { Assistant } from '../core/ports.js';
import type { Inbound, Lang, Outbound, Turn } from '../core/types.js';
import { continueCapture, nextPrompt, startCapture, type CaptureOptions } from '../leads/capture.js';
import { hasContact, type Lead } from '../core/lead.js';
import { CAPTURE_TEXT, privacyNotice } from '../leads/lead-messages.js';
import { extractLeadFields } from '../leads/parsers.js';
import { conversationKey } from '../store/conversations.js';
import type { CaptureDraft, ConversationRecord, ConversationState, LeadRecord } from '../store/types.js';
import type { DialogContext } from './context.js';
import { commandOf } from '../understanding/commands.js';
import { dialogIntent, quickIntent } from './intent.js';
import { detectLang } from '../text/index.js';
import { botReply, captureActions, dialogTexts, REPLY, resumeLine } from './replies.js';

const CHANNELS = new Set(['web', 'slack', 'wechat', 'cli', 'api']);
/** How long a deletion request waits for "确认删除". */
const ERASE_CONFIRM_MS = 10 * 60_000;

type HandleOpts = { onDelta?: (text: string) => void };

/** Build the `Assistant` over a dialog context. */
export function createDialog(ctx: DialogContext): Assistant {
  const { store } = ctx;
  const { config, logger } = ctx.deps;

  const save = async (conv: ConversationRecord, state: ConversationState, data: ConversationRecord['data']): Promise<void> => {
    conv.state = state;
    conv.data = data;
    await store.saveConversation(conv);
  };

  const captureOpts = (lang: Lang, handoff = false): CaptureOptions => ({ lang, retentionDays: config.LEAD_RETENTION_DAYS, handoff });

  const history = async (conv: ConversationRecord): Promise<Turn[]> => {
    // The current message is the newest stored one; lead prompts (also those after a skipped field,
    // reported as small talk) and pleasantries are not context for follow-ups.
    // Replies' citations come along: a follow-up keeps to the documents the last answer cited.
    const recent = (await store.recentMessages(conv.id, config.HISTORY_TURNS + 1, { outbound: true })).slice(0, -1);
    return recent
      .filter((m) => m.text && m.role !== 'system' && m.intent !== 'lead' && m.intent !== 'handoff' && !(m.role === 'assistant' && m.intent === 'smalltalk'))
      .map((m): Turn => {
        if (m.role === 'user') return { role: 'user', text: m.text };
        const cited = [...new Set((m.outbound?.citations ?? []).map((c) => c.path))];
        return { role: 'assistant', text: m.text, ...(cited.length ? { cited } : {}) };
      })
      .slice(-config.HISTORY_TURNS);
  };

  const answer = async (conv: ConversationRecord, question: string, lang: Lang, opts?: HandleOpts): Promise<Outbound> =>
    ctx.record(conv, 'assistant', await ask(conv, question, lang, opts));

  /**
   * The dialog's one error path for the question service: whatever it throws (a retrieval, model
   * or store failure it did not turn into a reply itself) is logged here once and the investor gets
   * a polite reply in the conversation's language with the hand-off button. The question is stored
   * before this runs and the conversation's state is left as it was, so nothing stored is lost.
   */
  const ask = async (conv: ConversationRecord, question: string, lang: Lang, opts?: HandleOpts): Promise<Outbound> => {
    try {
      return await ctx.deps.questions.reply({ question, history: await history(conv), lang }, opts?.onDelta ? { onDelta: opts.onDelta } : undefined);
    } catch (err) {
      const e = asCodedError(err);
      logger.error('question service failed', { code: e.code, error: e.message });
      const t = dialogTexts(lang);
      return botReply(t.dialog.unavailable, 'question', { handoffOffered: true, actions: [{ id: 'handoff', ...t.actions.handoff }] });
    }
  };

  /** Record a capture prompt; with `next`, the conversation's new state commits with it. */
  const leadPrompt = (conv: ConversationRecord, text: string, draft: CaptureDraft, lang: Lang, next?: Pick<ConversationRecord, 'state' | 'data'>, intent: 'lead' | 'smalltalk' = 'lead'): Promise<Outbound> =>
    ctx.record(conv, 'assistant', botReply(text, intent, { actions: captureActions(lang, draft.stage) }), next);

  /** Create the lead, or update the conversation's open one; desks hear about new leads. */
  const submitLead = async (conv: ConversationRecord, fields: Lead, updatesLeadId?: string): Promise<{ id: string; updated: boolean }> => {
    const open = (updatesLeadId && (await store.getLead(updatesLeadId))) || (await store.openLeadOf(conv.id));
    if (open && open.status !== 'closed') {
      await store.updateLeadFields(open.id, { ...open.fields, ...fields });
      await store.addLeadEvent({ leadId: open.id, type: 'updated' });
      return { id: open.id, updated: true };
    }
    const id = ctx.deps.ids();
    // The lead and its notifications commit together: a crash cannot leave a lead no desk hears of.
    const view = await ctx.viewBuilder({ id, conversation: conv.id }, fields);
    await store.createLeadAndEnqueue({ id, conversation: conv.id, fields }, (lead) => ({ type: 'created', lead: view(lead) }), ctx.dispatcher.deskNames);
    ctx.dispatcher.kick();
    return { id, updated: false };
  };

  const handoff = async (conv: ConversationRecord, fields: Lead, lang: Lang): Promise<Outbound> => {
    const open = await store.openLeadOf(conv.id);
    const merged: Lead = { ...(open?.fields ?? {}), ...fields };
    if (!merged.description) {
      // "转人工" says nothing about the project; the investor's last real question does.
      const lastQuestion = (await store.recentMessages(conv.id, 6, { outbound: false }))
        .reverse()
        .find((m) => m.role === 'user' && m.text && quickIntent(m.text) !== 'handoff');
      if (lastQuestion) merged.description = lastQuestion.text.replace(/\s+/g, ' ').slice(0, 200);
    }
    const { id, updated } = await submitLead(conv, merged);
    const stored = await store.getLead(id);
    const state: ConversationState = stored?.status === 'claimed' ? 'taken_over' : 'waiting';
    // A 待跟进 lead does not escalate: its owner hears that the investor asks for a person again.
    if (updated && stored?.status === 'follow_up') {
      await ctx.publish({ type: 'investor_message', lead: await ctx.view(stored), text: dialogTexts(lang).dialog.askedAgain, at: ctx.deps.clock.now() });
    }
    const lines = [updated ? REPLY.alreadyWaiting[lang] : REPLY.handoff[lang]];
    if (!hasContact(merged)) lines.push(REPLY.handoffContact[lang], privacyNotice(lang, config.LEAD_RETENTION_DAYS));
    return ctx.record(conv, 'assistant', botReply(lines.join('\n'), 'handoff', { handoffOffered: true }), { state, data: { leadId: id } });
  };

  /** What this conversation supplied that an erasure would remove. */
  const hasOwnData = async (conv: ConversationRecord): Promise<boolean> =>
    Boolean(conv.data.draft) || (await store.leadsOfConversation(conv.id)).length > 0 || Boolean(conv.userName);

  const requestErase = async (conv: ConversationRecord, lang: Lang): Promise<Outbound> => {
    if (!(await hasOwnData(conv))) return ctx.record(conv, 'assistant', botReply(REPLY.nothingToErase[lang], 'lead'));
    return ctx.record(conv, 'assistant', botReply(REPLY.eraseConfirm[lang], 'lead'), { state: conv.state, data: { ...conv.data, eraseRequestedAt: ctx.deps.clock.now() } });
  };

  // Only what this conversation supplied: a phone number typed here proves nothing about whose it is,
  // so leads of other conversations are a staff action after checking identity.
  const erase = async (conv: ConversationRecord, lang: Lang): Promise<Outbound> => {
    await store.eraseConversation(conv.id);
    const fresh = (await store.getConversation(conv.id)) ?? conv;
    const data = { ...fresh.data };
    delete data.eraseRequestedAt;
    return ctx.record(fresh, 'assistant', botReply(REPLY.erased[lang], 'lead'), { state: fresh.state, data });
  };

  const collect = async (conv: ConversationRecord, text: string, lang: Lang, opts?: HandleOpts): Promise<Outbound[]> => {
    const draft = conv.data.draft;
    if (!draft) {
      await save(conv, conv.data.leadId ? 'waiting' : 'answering', { ...conv.data });
      return [await answer(conv, text, lang, opts)];
    }
    const command = commandOf(text);
    // The bot has just asked for a field: the model reads the message in that light ("明年三月" answers "when?").
    // "好的" is the summary's confirmation; while fields are still asked it is read like any reply.
    const acts = command !== undefined && !(command === 'confirm' && draft.stage !== 'confirm');
    const intent = acts ? undefined : await dialogIntent(text, { asked: draft.asked[0], ...(ctx.deps.classifier ? { classifier: ctx.deps.classifier } : {}) });
    const asksSomething = intent === 'question' || intent === 'off_topic' || intent === 'injection';
    const step = asksSomething
      ? { kind: 'question' as const, draft }
      : command === 'resume'
        ? { kind: 'prompt' as const, ...nextPrompt(draft, captureOpts(lang)) }
        : continueCapture(draft, text, { ...captureOpts(lang, command === 'handoff' || intent === 'handoff'), declines: intent === 'smalltalk', ...(intent ? { asks: false } : {}) });
    switch (step.kind) {
      case 'prompt': {
        const next = { ...step.draft };
        delete next.paused;
        // A skip or a decline states no lead: it is reported as what it is (small talk), capture goes on.
        return [await leadPrompt(conv, step.text, next, lang, { state: 'collecting', data: { ...conv.data, draft: next } }, step.declined ? 'smalltalk' : 'lead')];
      }
      case 'question': {
        // A question in the middle of capture is answered first. Capture waits: one short line with
        // buttons the first time, nothing after that, until the investor gives a field or presses continue.
        const wasPaused = draft.paused === true;
        const pausedDraft: CaptureDraft = { ...step.draft, paused: true };
        await save(conv, 'collecting', { ...conv.data, draft: pausedDraft });
        const a = await answer(conv, text, lang, opts);
        if (wasPaused) return [a];
        return [a, await leadPrompt(conv, resumeLine(pausedDraft, lang), pausedDraft, lang)];
      }
      case 'cancel': {
        const data = { ...conv.data };
        delete data.draft;
        return [await ctx.record(conv, 'assistant', botReply(CAPTURE_TEXT.cancelled[lang], 'lead'), { state: data.leadId ? 'waiting' : 'answering', data })];
      }
      case 'handoff':
        return [await handoff(conv, step.draft.fields, lang)];
      case 'submit': {
        const { id, updated } = await submitLead(conv, step.draft.fields, step.draft.updatesLeadId);
        const reply = botReply(updated ? REPLY.updated[lang] : REPLY.submitted[lang], 'lead', { handoffOffered: true });
        return [await ctx.record(conv, 'assistant', reply, { state: 'waiting', data: { leadId: id } })];
      }
    }
  };

  const route = async (conv: ConversationRecord, text: string, lang: Lang, group: boolean, opts?: HandleOpts, allow: { handoff: boolean } = { handoff: true }): Promise<Outbound[]> => {
    if (conv.state !== 'taken_over') {
      const command = commandOf(text);
      if (command === 'erase') return [await requestErase(conv, lang)];
      const asked = conv.data.eraseRequestedAt;
      if (command === 'confirm_erase' && asked !== undefined && ctx.deps.clock.now() - asked <= ERASE_CONFIRM_MS) return [await erase(conv, lang)];
    }
    // The conversation's lead is read once per message: staff actions and escalation take this
    // conversation's lock too, so nothing else changes it meanwhile.
    let leadRead: LeadRecord | undefined;
    const convLead = async (): Promise<LeadRecord | undefined> => {
      const id = conv.data.leadId;
      if (!id) return undefined;
      if (leadRead?.id !== id) leadRead = await store.getLead(id);
      return leadRead;
    };
    if (conv.state === 'taken_over') {
      const lead = await convLead();
      if (lead && lead.status === 'claimed') {
        // The bot stays silent while a person has the conversation; the message goes to staff.
        await ctx.publish({ type: 'investor_message', lead: await ctx.view(lead), text, at: ctx.deps.clock.now() });
        return [];
      }
      await save(conv, lead && lead.status !== 'closed' ? 'waiting' : 'answering', lead && lead.status !== 'closed' ? { leadId: lead.id } : {});
    }
    if (conv.state === 'collecting') return collect(conv, text, lang, opts);
    if (conv.state === 'waiting') {
      const lead = await convLead();
      if (!lead || lead.status === 'closed') await save(conv, 'answering', {});
    }
    if (conv.state === 'closed') await save(conv, 'answering', {});

    if (conv.state === 'waiting' && conv.data.leadId) {
      // A contact volunteered after a hand-off without one goes straight to the lead.
      const lead = await convLead();
      const found = extractLeadFields(text, lang).fields;
      if (lead && !hasContact(lead.fields) && hasContact(found)) {
        await store.updateLeadFields(lead.id, { ...lead.fields, ...found });
        await store.addLeadEvent({ leadId: lead.id, type: 'updated' });
        return [await ctx.record(conv, 'assistant', botReply(REPLY.contactAdded[lang], 'handoff', { handoffOffered: true }))];
      }
    }
    // Command words, then the intent model; a configured LLM only where the model is unsure.
    const intent = await dialogIntent(text, ctx.deps.classifier ? { classifier: ctx.deps.classifier } : {});
    if (intent === 'handoff' && allow.handoff) return [await handoff(conv, extractLeadFields(text, lang).fields, lang)];
    if (intent === 'lead' && group) {
      // Contact details are not collected in front of a whole group chat.
      return [await ctx.record(conv, 'assistant', botReply(REPLY.groupLead[lang], 'lead', { handoffOffered: true }))];
    }
    if (intent === 'lead') {
      const open = await convLead();
      const started = startCapture(text, { ...captureOpts(lang), ...(open ? { existing: open.fields, updatesLeadId: open.id } : {}) });
      const collecting = { state: 'collecting' as const, data: { ...conv.data, draft: started.draft } };
      // Saved before the answer is looked up, so capture has started even if that fails.
      await save(conv, collecting.state, collecting.data);
      // "If we build a plant here, what incentives are there?" gets its answer and the capture prompt in
      // one reply, so the question is not lost; a plan with no question gets the prompt alone.
      const a = await ask(conv, text, lang, opts);
      if (a.answered) {
        const combined: Outbound = { ...a, text: `${a.text}\n\n${started.text}`, intent: 'lead', actions: captureActions(lang, started.draft.stage) };
        return [await ctx.record(conv, 'assistant', combined)];
      }
      return [await leadPrompt(conv, started.text, started.draft, lang)];
    }
    return [await answer(conv, text, lang, opts)];
  };

  return {
    async handle(inbound: Inbound, opts?: HandleOpts): Promise<Outbound[]> {
      if (!inbound || !CHANNELS.has(inbound.channel) || typeof inbound.conversationId !== 'string' || !inbound.conversationId) {
        throw new CodedError('bad_request', 'inbound message needs a known channel and a conversation id');
      }
      // The guard in front of every channel has cleaned and bounded the text (one sanitiser, one cut, one notice).
      const text = typeof inbound.text === 'string' ? inbound.text.trim() : '';
      // The stored conversation id: staff actions and escalation lock by `lead.conversation`, the same key.
      const key = conversationKey(inbound.channel, inbound.conversationId);
      return ctx.lock.run(key, () => handleLocked(inbound, text, opts));
    },
  };

  async function handleLocked(inbound: Inbound, text: string, opts?: HandleOpts): Promise<Outbound[]> {
    // One commit for the conversation, its language (the message's, when it shows one) and the message.
    const shown = detectLang(text, null);
    const { conversation: conv, seq } = await store.receiveMessage({
      channel: inbound.channel,
      conversationId: inbound.conversationId,
      userId: inbound.userId ?? '',
      ...(inbound.userName ? { userName: inbound.userName } : {}),
      ...(shown ? { lang: shown } : {}),
      text,
      ...(inbound.messageId ? { platformId: inbound.messageId } : {}),
    });
    if (seq === undefined) return []; // a platform re-delivery of a message already handled
    const lang = conv.lang;
    if (!text) return [await ctx.record(conv, 'assistant', botReply(REPLY.empty[lang], 'smalltalk'))];
    // Slack is the staff's channel: in a channel or group DM only policy look-ups; in a DM or the
    // assistant thread a staff member may also register an investor's lead, but never asks for a person.
    const slack = inbound.channel === 'slack';
    return slack && inbound.group === true ? [await answer(conv, text, lang, opts)] : route(conv, text, lang, inbound.group === true, opts, { handoff: !slack });
  }
}
