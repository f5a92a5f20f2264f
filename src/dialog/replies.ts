/** The dialog core's fixed replies and buttons, over the per-language texts of `core/texts/` (zh.ts, en.ts). */
import type { Lang, Outbound, SuggestedAction } from '../core/types.js';
import { EN } from '../core/texts/en.js';
import { ZH, type UiTexts } from '../core/texts/zh.js';

type Texts = Record<Lang, string>;

/** Fixed dialog replies, by key and language (the texts live in `core/texts/`). */
export const REPLY = byLang(['submitted', 'updated', 'handoff', 'handoffContact', 'alreadyWaiting', 'contactAdded', 'released', 'closedNotice', 'erased', 'eraseConfirm', 'nothingToErase', 'groupLead', 'empty']);

function byLang<K extends keyof UiTexts['dialog']>(keys: K[]): Record<K, Texts> {
  const out = {} as Record<K, Texts>;
  for (const k of keys) out[k] = { zh: ZH.dialog[k] as string, en: EN.dialog[k] as string };
  return out;
}

/** The texts of the dialog in one language. */
export function dialogTexts(lang: Lang): UiTexts {
  return lang === 'en' ? EN : ZH;
}

/** "<name> of the bureau has taken over your conversation". */
export function takenOverText(name: string, lang: Lang): string {
  return dialogTexts(lang).dialog.takenOver(name);
}

/** Buttons under lead prompts. */
export function captureActions(lang: Lang, stage: 'collect' | 'confirm'): SuggestedAction[] {
  const a = dialogTexts(lang).actions;
  const actions: SuggestedAction[] =
    stage === 'confirm'
      ? [{ id: 'lead:confirm', ...a.confirm }]
      : [
          { id: 'lead:resume', ...a.resume },
          { id: 'lead:skip', ...a.skip },
        ];
  actions.push({ id: 'lead:cancel', ...a.cancel });
  return actions;
}

/** One short line after a question answered mid-capture: how to go on, with buttons, shown once. */
export function resumeLine(draft: { stage: 'collect' | 'confirm' }, lang: Lang): string {
  void draft;
  return dialogTexts(lang).dialog.resumeLine;
}

/** A reply that is not an answer from the knowledge base. */
export function botReply(text: string, intent: Outbound['intent'], opts: { actions?: SuggestedAction[]; handoffOffered?: boolean; speaker?: Outbound['speaker'] } = {}): Outbound {
  const o: Outbound = { text, citations: [], answered: false, handoffOffered: opts.handoffOffered ?? false, intent, speaker: opts.speaker ?? 'bot' };
  if (opts.actions) o.actions = opts.actions;
  return o;
}
