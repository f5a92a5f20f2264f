/**
 * Fixed replies: small talk, declines, injection refusals and "not in the knowledge base". None of
 * them states a figure, and none repeats anything of the prompts or of the user's message.
 */
import type { Lang, SuggestedAction } from '../core/types.js';

/** Kinds of small talk the intent rules recognise. */
export type SmalltalkKind = 'greeting' | 'thanks' | 'bye' | 'identity';

const CAN_DO: Record<Lang, string> = {
  zh: '我可以回答资兴招商相关的问题：投资优惠与扶持政策、产业园区、优势产业、重点项目、政务与企业服务，也可以帮您联系资兴招商专员。',
  en: 'I can answer questions about investing in Zixing: incentives and support policies, industrial zones, leading industries, major projects and services for enterprises, and I can put you in touch with the investment promotion bureau.',
};

const SMALLTALK: Record<SmalltalkKind, Record<Lang, string>> = {
  greeting: { zh: '您好！我是资兴招商助手。', en: "Hello! I'm the Zixing Investment Assistant." },
  thanks: { zh: '不客气，很高兴能帮上忙。', en: "You're welcome, glad to help." },
  bye: { zh: '再见，欢迎随时再来咨询。', en: 'Goodbye, feel free to come back any time.' },
  identity: { zh: '我是资兴招商助手，一个根据资兴市招商资料回答问题的程序。', en: "I'm the Zixing Investment Assistant, a program that answers from the bureau's investment documents." },
};

/** The reply to small talk the intent model recognised (a greeting, thanks, 👍, "好的"): friendly, with what it can do. */
export function pleasantryReply(lang: Lang): string {
  return lang === 'zh' ? `好的，很高兴为您服务！${CAN_DO.zh}` : `Glad to help! ${CAN_DO.en}`;
}

/**
 * The documents speak of the topic but do not state what was asked: say so plainly, give what they
 * do say (a quote without figures, so nothing can be mistaken for the asked value) and offer a person.
 */
export function partialReply(lang: Lang, quote: string | undefined): string {
  if (lang === 'zh') {
    // No [n] marker: this reply states no figure at all, so nothing in it can be taken for the asked value.
    const said = quote ? `资料中与此相关的内容是：“${quote}”（见下方来源）` : '相关资料见下方来源。';
    return `资兴招商资料中没有写明您问的这一项，我不想给您不准确的信息。${said}\n如需具体信息，可以为您联系招商专员。`;
  }
  const said = quote ? `What they do say on the topic: "${quote}" (see the source below)` : 'The related documents are listed below.';
  return `The bureau's documents do not state exactly what you asked, and I don't want to guess. ${said}\nAn investment officer can give you the details.`;
}

/** A short friendly small-talk reply that says what the assistant can do. */
export function smalltalkReply(kind: SmalltalkKind, lang: Lang): string {
  return kind === 'thanks' || kind === 'bye' ? SMALLTALK[kind][lang] : `${SMALLTALK[kind][lang]}${lang === 'zh' ? '' : ' '}${CAN_DO[lang]}`;
}

/** Polite decline of an off-topic request, with what the assistant can do instead. */
export function outOfScopeReply(lang: Lang): string {
  return lang === 'zh'
    ? `抱歉，这个问题不在我能回答的范围内。${CAN_DO.zh}`
    : `Sorry, that is outside what I can help with. ${CAN_DO.en}`;
}

/** Refusal for attempts to change the rules or read the instructions: says nothing about them. */
export function injectionReply(lang: Lang): string {
  return lang === 'zh'
    ? `抱歉，我不能这样做。${CAN_DO.zh}`
    : `Sorry, I can't do that. ${CAN_DO.en}`;
}

// Topics the knowledge base covers, named in refusals so the user knows what to ask instead.
const TOPICS: Record<Lang, { label: string; question: string }[]> = {
  zh: [
    { label: '优势产业', question: '资兴有哪些优势产业？' },
    { label: '扶持政策', question: '资兴对企业有哪些扶持政策？' },
    { label: '企业服务', question: '企业落户资兴后政府提供什么服务？' },
  ],
  en: [
    { label: 'Leading industries', question: 'What are Zixing\'s leading industries?' },
    { label: 'Support policies', question: 'What support policies does Zixing offer enterprises?' },
    { label: 'Services', question: 'What services does Zixing provide to investors?' },
  ],
};

/** "The knowledge base does not cover this": names topics it covers and offers a person. No figures. */
export function noAnswerReply(lang: Lang): string {
  const topics = TOPICS[lang].map((t) => t.label);
  return lang === 'zh'
    ? `抱歉，资兴招商资料库中没有找到能回答这个问题的内容，我不想给您不准确的信息。我可以回答${topics.join('、')}等方面的问题；如需具体信息，可以为您联系招商专员。`
    : `Sorry, the bureau's documents I can search do not cover this, and I don't want to guess. I can answer questions on ${topics.join(', ').toLowerCase()} and similar topics, or connect you with an investment officer for the details.`;
}

/** Reply when retrieval itself failed (index missing, internal error). */
export function unavailableReply(lang: Lang): string {
  return lang === 'zh'
    ? '抱歉，资料检索暂时出现问题，请稍后再试；如您着急，我可以为您联系招商专员。'
    : 'Sorry, searching the documents failed just now. Please try again shortly, or I can connect you with an investment officer.';
}

/** The hand-off button offered with refusals. */
export function handoffAction(lang: Lang): SuggestedAction {
  return lang === 'zh' ? { id: 'handoff', label: '联系招商专员', value: '转人工' } : { id: 'handoff', label: 'Contact an investment officer', value: 'talk to a person' };
}

/** Topic chips offered with refusals and small talk. */
export function topicActions(lang: Lang): SuggestedAction[] {
  return TOPICS[lang].map((t, i) => ({ id: `topic:${['industry', 'policy', 'service'][i]}`, label: t.label, value: t.question }));
}
