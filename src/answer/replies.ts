/**
 * Fixed replies: small talk, declines, injection refusals and "not in the knowledge base". None of
 * them states a figure, and none repeats anything of the prompts or of the user's message. The
 * wording is in `core/texts/` (zh.ts, en.ts, section `answer`); this file picks it by language.
 */
import { EN } from '../core/texts/en.js';
import { ZH, type UiTexts } from '../core/texts/zh.js';
import type { Lang, SuggestedAction } from '../core/types.js';

/** Kinds of small talk the intent rules recognise. */
export type SmalltalkKind = 'greeting' | 'thanks' | 'bye' | 'identity';

/** The answer texts of one language. */
function texts(lang: Lang): UiTexts['answer'] {
  return lang === 'zh' ? ZH.answer : EN.answer;
}

/** The reply to small talk the intent model recognised (a greeting, thanks, 👍, "好的"): friendly, with what it can do. */
export function pleasantryReply(lang: Lang): string {
  return texts(lang).pleasantry;
}

/**
 * The documents speak of the topic but do not state what was asked: say so plainly, give what they
 * do say (a quote without figures, so nothing can be mistaken for the asked value) and offer a person.
 */
export function partialReply(lang: Lang, quote: string | undefined): string {
  return texts(lang).partial(quote);
}

/** A short friendly small-talk reply that says what the assistant can do. */
export function smalltalkReply(kind: SmalltalkKind, lang: Lang): string {
  return texts(lang).smalltalk[kind];
}

/** Polite decline of an off-topic request, with what the assistant can do instead. */
export function outOfScopeReply(lang: Lang): string {
  return texts(lang).outOfScope;
}

/** Refusal for attempts to change the rules or read the instructions: says nothing about them. */
export function injectionReply(lang: Lang): string {
  return texts(lang).injection;
}

// Ids of the topic chips, in the order of the texts' `topics` (industry, policy, service).
const TOPIC_IDS = ['industry', 'policy', 'service'];

/** "The knowledge base does not cover this": names topics it covers and offers a person. No figures. */
export function noAnswerReply(lang: Lang): string {
  const t = texts(lang);
  return t.noAnswer(t.topics.map((topic) => topic.label));
}

/** Reply when retrieval itself failed (index missing, internal error). */
export function unavailableReply(lang: Lang): string {
  return texts(lang).unavailable;
}

/** The hand-off button offered with refusals. */
export function handoffAction(lang: Lang): SuggestedAction {
  return { id: 'handoff', ...texts(lang).handoff };
}

/** Topic chips offered with refusals and small talk. */
export function topicActions(lang: Lang): SuggestedAction[] {
  return texts(lang).topics.map((t, i) => ({ id: `topic:${TOPIC_IDS[i]}`, label: t.label, value: t.question }));
}
