/**
 * The question service the dialog calls for everything but lead capture and hand-off. The intent
 * model says whether a message is small talk, off-topic or an injection attempt; everything else is
 * retrieved, the sentence ranker picks the best sentences, and the answerability model decides:
 * answer with citations; or say the documents do not state what was asked and give what they do say
 * on the topic; or say nothing relevant was found, name what can be answered and offer a person.
 */
import type { Config } from '../config.js';
import type { Answer, Answerer, Clock, Logger, QuestionService, Retriever } from '../core/ports.js';
import type { Intent, Lang, Outbound, Passage, RetrievalResult, SuggestedAction, Turn } from '../core/types.js';
import { asCodedError } from '../core/errors.js';
import { allowedLinkHosts, removeDisallowedLinks } from '../core/links.js';
import { systemClock } from '../core/clock.js';
import { detectLang, looksLikePinyin } from '../text/index.js';
import { classifyMessage, INTENT_SURE } from '../understanding/intent-model.js';
import { sharedChatModel } from './chat-model.js';
import { asQuestion, groundedInPassages, judgeQuestion, type Verdict } from './answer-gate.js';
import { composeQuotes, toCitations } from './compose.js';
import { isElliptical, isFollowUp, llmCondenser, ruleCondenser, ruleRewrite, type QuestionCondenser } from './follow-up.js';
import { gatherPassages, preferCited } from './gather.js';
import { questionFocus } from './question-focus.js';
import { handoffAction, injectionReply, noAnswerReply, outOfScopeReply, partialReply, pleasantryReply, topicActions, unavailableReply } from './replies.js';
import { loadPrompts } from './templates.js';

/** What `createQuestionService` needs. */
export interface QuestionServiceDeps {
  config: Config;
  retriever: Retriever;
  answerer: Answerer;
  logger: Logger;
  clock?: Clock;
  /** Follow-up rewriting; default: the condense prompt when an LLM is configured, else rules. */
  condenser?: QuestionCondenser;
}

/** A reply of the question service: an `Outbound` plus the passages it rests on (best first, at most 5). */
export type QuestionReply = Outbound & { sources: Passage[] };

const MAX_SOURCES = 5;
/** With nothing found on the topic, this much probability of off-topic or injection declines it as such. */
const OUT_OF_SCOPE_LEAN = 0.3;

/** Build the question service. */
export function createQuestionService(deps: QuestionServiceDeps): QuestionService {
  const { config, retriever, answerer } = deps;
  const clock = deps.clock ?? systemClock;
  const log = deps.logger.child({ component: 'question-service' });
  const condenser = deps.condenser ?? defaultCondenser(config, deps.logger, clock);

  return {
    async reply(input, opts): Promise<QuestionReply> {
      const started = clock.now();
      const text = input.question.trim().slice(0, config.MAX_MESSAGE_CHARS);
      const lang: Lang = input.lang ?? detectLang(text);
      const history: Turn[] = input.history ?? [];
      if (!text) return fixed(pleasantryReply(lang), 'smalltalk', topicActions(lang));

      // A message in pinyin is judged with the knowledge base's words it spells as well ("qingneng
      // chuanbo … touchan" + 氢能 船舶 投产): as bare syllables it reads as noise, and noise as off-topic.
      let verdict = classifyMessage(looksLikePinyin(text) ? (retriever.transliterate?.(text) ?? text) : text);
      if (verdict.intent === 'smalltalk' && verdict.confidence >= INTENT_SURE) return fixed(pleasantryReply(lang), 'smalltalk', topicActions(lang));
      if (verdict.intent === 'injection' && verdict.confidence >= INTENT_SURE) {
        // Logged without the message: injection attempts are not worth copying into logs.
        log.info('declined', { reason: 'injection' });
        return fixed(injectionReply(lang), 'out_of_scope', topicActions(lang));
      }
      // A question staff linked to a passage is ours even when the intent model takes it for off-topic;
      // so is a Chinese one the knowledge base plainly speaks of (decided after retrieval, below).
      const offTopic = verdict.intent === 'off_topic' && verdict.confidence >= INTENT_SURE && !(await linkedInIndex(retriever, text));
      if (offTopic && lang !== 'zh') return declineOffTopic(lang);

      // A short message after a cited answer is read as a follow-up too, with that answer's subject
      // (an LLM condenser reads every message with its history and decides for itself).
      const elliptical = !isFollowUp(text) && isElliptical(text, history);
      const followUp = history.length > 0 && (elliptical || isFollowUp(text));
      const condensed = elliptical && condenser === ruleCondenser ? ruleRewrite(text, history, { force: true }) : await condenser.condense(text, history);
      // A question typed in pinyin is searched and judged with the knowledge base's words it spells.
      // A long message is searched and judged by its question sentence, not its self-introduction.
      const focused = questionFocus(condensed);
      const query = retriever.transliterate?.(focused) ?? focused;
      let retrieval: RetrievalResult;
      try {
        retrieval = await gatherPassages(retriever, query, config.RETRIEVAL_TOP_K, (err) => log.warn('expanded retrieval failed', { code: asCodedError(err).code }));
        if (followUp) retrieval = await preferCited(retriever, query, retrieval, history, config.RETRIEVAL_TOP_K);
      } catch (err) {
        const coded = asCodedError(err);
        log.error('retrieval failed', { code: coded.code, error: coded.message });
        return { ...fixed(unavailableReply(lang), 'question', [handoffAction(lang)]), handoffOffered: true };
      }
      let judged = judgeQuestion(query, lang, retrieval, { followUp, intent: verdict, message: text });
      if (verdict.intent === 'off_topic') {
        if (!groundedInPassages(judged, lang)) {
          if (offTopic) return declineOffTopic(lang);
        } else {
          verdict = asQuestion(verdict);
          judged = judgeQuestion(query, lang, retrieval, { followUp, intent: verdict, message: text });
        }
      }
      const outOfScope = verdict.probabilities.off_topic + verdict.probabilities.injection;
      const p = judged.p;
      let decision = judged.decision;
      // With an LLM, the model sees the passages whenever there are any and decides answer or decline itself.
      if (answerer.name !== 'extractive' && retrieval.passages.length) decision = 'answer';

      if (decision === 'answer') {
        let answer: Answer | undefined;
        try {
          // Through the configured answerer even when extractive: the guards wrapped around it (the
          // link allow-list) apply to every reply.
          answer = await answerer.answer({ question: query, lang, history, retrieval, understood: { followUp, intent: verdict, message: text } }, opts?.onDelta ? { onDelta: opts.onDelta } : {});
        } catch (err) {
          const coded = asCodedError(err);
          log.error('answerer failed', { code: coded.code, error: coded.message, answerer: answerer.name });
        }
        if (answer?.answered) {
          log.debug('answered', { answerer: answerer.name, p: round(p.answer), cited: answer.cited.length, ms: clock.now() - started });
          return {
            text: answer.text,
            citations: toCitations(answer.cited),
            answered: true,
            handoffOffered: answer.handoffOffered,
            intent: 'question',
            speaker: 'bot',
            sources: sourcesFor(answer.cited, retrieval.passages),
          };
        }
        // The LLM declined: the policy below says what the documents do and don't state.
        decision = p.topic >= p.none && judged.selection ? 'topic' : 'none';
      }
      // Questions are not logged: what investors type may carry their personal data.
      log.info(decision === 'topic' ? 'topic without the asked detail' : 'not covered', { p: round(p.answer), confidence: round(retrieval.confidence) });
      // Nothing answered: where the intent model leaned to small talk or out-of-scope (unsure before
      // retrieval), the knowledge base not answering it settles the matter.
      if (verdict.intent === 'smalltalk') return fixed(pleasantryReply(lang), 'smalltalk', topicActions(lang));
      if (verdict.intent === 'injection') return fixed(injectionReply(lang), 'out_of_scope', topicActions(lang));
      if (verdict.intent === 'off_topic' || (decision === 'none' && outOfScope >= OUT_OF_SCOPE_LEAN)) return outOfScopeAnswer(lang);
      if (decision === 'topic' && judged.selection) return partial(judged, retrieval, lang, allowedLinkHosts(config));
      return noAnswer(lang);
    },
  };

  function declineOffTopic(lang: Lang): QuestionReply {
    log.info('declined', { reason: 'off_topic' });
    return outOfScopeAnswer(lang);
  }
}

/** "The documents don't state it": the best related sentence that states no figure, cited. */
function partial(judged: Verdict, retrieval: RetrievalResult, lang: Lang, allowedHosts: string[]): QuestionReply {
  const sel = judged.selection!;
  // A sentence in the asker's language that states no figure: nothing in it can pass for the asked value.
  const sameLang = (q: { cite: number }) => (sel.cited[q.cite]!.lang ?? 'zh') === lang;
  const quote = sel.quotes.find((q) => sameLang(q) && !/\d/.test(q.text)) ?? sel.quotes.find((q) => !/\d/.test(q.text));
  const cited = quote ? [sel.cited[quote.cite]!] : sel.cited.slice(0, 1);
  // The quote is a passage's own words: links in it pass the same allow-list as answers.
  const text = removeDisallowedLinks(partialReply(lang, quote?.text.trim()), allowedHosts) + composeFooter(cited, lang);
  return { text, citations: toCitations(cited), answered: false, handoffOffered: true, intent: 'question', speaker: 'bot', actions: [handoffAction(lang)], sources: sourcesFor(cited, retrieval.passages) };
}

function composeFooter(cited: Passage[], lang: Lang): string {
  const full = composeQuotes([], cited, lang);
  return full.slice(full.indexOf('\n\n'));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Cited passages first, then the rest of what was retrieved, without repeats, at most five. */
function sourcesFor(cited: Passage[], retrieved: Passage[]): Passage[] {
  const out: Passage[] = [];
  for (const p of [...cited, ...retrieved]) {
    if (out.length >= MAX_SOURCES) break;
    if (!out.some((o) => o.id === p.id)) out.push(p);
  }
  return out;
}

function fixed(text: string, intent: Intent, actions: SuggestedAction[]): QuestionReply {
  return { text, citations: [], actions, answered: false, handoffOffered: false, intent, speaker: 'bot', sources: [] };
}

/** The out-of-scope reply: it says a staff member can be reached, so it carries the hand-off button too. */
function outOfScopeAnswer(lang: Lang): QuestionReply {
  return { ...fixed(outOfScopeReply(lang), 'out_of_scope', [handoffAction(lang), ...topicActions(lang)]), handoffOffered: true };
}

function noAnswer(lang: Lang): QuestionReply {
  return { ...fixed(noAnswerReply(lang), 'question', [handoffAction(lang), ...topicActions(lang)]), handoffOffered: true };
}

/** Whether the question index holds `text` strongly (a question an editor or staff linked); false when retrieval fails. */
async function linkedInIndex(retriever: Retriever, text: string): Promise<boolean> {
  try {
    return (await retriever.retrieve(text, { k: 1 })).linked !== undefined;
  } catch {
    return false;
  }
}

function defaultCondenser(config: Config, logger: Logger, clock: Clock): QuestionCondenser {
  if (config.LLM_PROVIDER !== 'openai') return ruleCondenser;
  const chat = sharedChatModel(config, { logger, clock });
  return llmCondenser(chat, loadPrompts(config.PROMPTS_DIR).condense, logger);
}
