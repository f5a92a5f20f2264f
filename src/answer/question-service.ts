/**
 * The question service the dialog calls for everything but lead capture and hand-off:
 * classify (small talk, off-topic, injection) → resolve follow-ups → retrieve → answer with
 * citations, or say the knowledge base does not cover it and offer a person.
 */
import type { Config } from '../config.js';
import type { Answer, Answerer, Clock, Logger, QuestionService, Retriever } from '../core/ports.js';
import type { Intent, Lang, Outbound, Passage, RetrievalResult, SuggestedAction, Turn } from '../core/types.js';
import { asCodedError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { detectLang, normalize } from '../text/index.js';
import { sharedChatModel } from './chat-model.js';
import { toCitations } from './compose.js';
import { ExtractiveAnswerer } from './extractive-answerer.js';
import { llmCondenser, ruleCondenser, type QuestionCondenser } from './follow-up.js';
import { classifyIntent } from './intent.js';
import { expandQuery } from './question-analysis.js';
import { handoffAction, injectionReply, noAnswerReply, outOfScopeReply, smalltalkReply, topicActions, unavailableReply } from './replies.js';
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
/** Passages the expanded search may add to a relevant first search. */
const MAX_EXTRA = 3;
const STRICT_COVERAGE = 0.8;

/** Build the question service. */
export function createQuestionService(deps: QuestionServiceDeps): QuestionService {
  const { config, retriever, answerer } = deps;
  const clock = deps.clock ?? systemClock;
  const log = deps.logger.child({ component: 'question-service' });
  const condenser = deps.condenser ?? defaultCondenser(config, deps.logger, clock);
  const strict = new ExtractiveAnswerer({ minCoverage: STRICT_COVERAGE, relaxUnstated: false });

  return {
    async reply(input, opts): Promise<QuestionReply> {
      const started = clock.now();
      const text = input.question.trim().slice(0, config.MAX_MESSAGE_CHARS);
      const lang: Lang = input.lang ?? detectLang(text);
      const history: Turn[] = input.history ?? [];
      if (!text) return fixed(smalltalkReply('identity', lang), 'smalltalk', topicActions(lang));

      const intent = classifyIntent(text);
      if (intent.kind === 'smalltalk') return fixed(smalltalkReply(intent.smalltalk, lang), 'smalltalk', topicActions(lang));
      if (intent.kind === 'out_of_scope') {
        // Logged without the message: injection attempts are not worth copying into logs.
        log.info('declined', { reason: intent.reason });
        return fixed(intent.reason === 'injection' ? injectionReply(lang) : outOfScopeReply(lang), 'out_of_scope', topicActions(lang));
      }

      const query = await condenser.condense(intent.text, history);
      let retrieval: RetrievalResult;
      try {
        retrieval = await retriever.retrieve(query, { k: config.RETRIEVAL_TOP_K });
      } catch (err) {
        const coded = asCodedError(err);
        log.error('retrieval failed', { code: coded.code, error: coded.message });
        return { ...fixed(unavailableReply(lang), 'question', [handoffAction(lang)]), handoffOffered: true };
      }
      // Investors say 税收优惠 where documents say 减税降费, 园区 where they say 经开区: search once more
      // with the document wordings the first search did not find. Not relevant before: the second search
      // replaces the first when it does better. Relevant: its new passages join the first ones.
      const expanded = retrieval.relevant ? expandQuery(query, foundText(retrieval.passages)) : expandQuery(query);
      if (expanded !== query) {
        try {
          const second = await retriever.retrieve(expanded, { k: config.RETRIEVAL_TOP_K });
          if (!retrieval.relevant) {
            if (second.relevant || second.confidence > retrieval.confidence) retrieval = second;
          } else {
            // Its passages only join the candidates: a sentence must still cover the question itself.
            retrieval = { ...retrieval, passages: mergePassages(retrieval.passages, second.passages, config.RETRIEVAL_TOP_K + MAX_EXTRA) };
          }
        } catch (err) {
          log.warn('expanded retrieval failed', { code: asCodedError(err).code });
        }
      }
      if (retrieval.passages.length === 0) {
        log.info('not covered', { query, confidence: retrieval.confidence });
        return noAnswer(lang);
      }
      // Retrieval's relevance flag is a calibrated guess. When it says "not relevant", only a
      // verbatim sentence that covers the question almost completely may still answer.
      const chosen = retrieval.relevant ? answerer : strict;

      let answer: Answer;
      try {
        answer = await chosen.answer({ question: query, lang, history, retrieval }, opts?.onDelta ? { onDelta: opts.onDelta } : {});
      } catch (err) {
        const coded = asCodedError(err);
        log.error('answerer failed', { code: coded.code, error: coded.message, answerer: chosen.name });
        return noAnswer(lang);
      }
      if (!answer.answered) {
        log.info('no answering sentence', { query, relevant: retrieval.relevant, confidence: retrieval.confidence });
        return noAnswer(lang);
      }
      log.debug('answered', { query, answerer: chosen.name, relevant: retrieval.relevant, cited: answer.cited.length, ms: clock.now() - started });
      return {
        text: answer.text,
        citations: toCitations(answer.cited),
        answered: true,
        handoffOffered: answer.handoffOffered,
        intent: 'question',
        speaker: 'bot',
        sources: sourcesFor(answer.cited, retrieval.passages),
      };
    },
  };
}

function foundText(passages: Passage[]): string {
  return normalize(passages.map((p) => `${p.title} ${p.headingPath.join(' ')} ${p.text}`).join('\n')).toLowerCase();
}

/** The first search's passages, then the second's new ones, best first, at most `limit`. */
function mergePassages(first: Passage[], second: Passage[], limit: number): Passage[] {
  const extra = second.filter((p) => !first.some((o) => o.id === p.id));
  return [...first, ...extra.slice(0, Math.max(0, limit - first.length))];
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

function noAnswer(lang: Lang): QuestionReply {
  return { ...fixed(noAnswerReply(lang), 'question', [handoffAction(lang), ...topicActions(lang)]), handoffOffered: true };
}

function defaultCondenser(config: Config, logger: Logger, clock: Clock): QuestionCondenser {
  if (config.LLM_PROVIDER !== 'openai') return ruleCondenser;
  const chat = sharedChatModel(config, { logger, clock });
  return llmCondenser(chat, loadPrompts(config.PROMPTS_DIR).condense, logger);
}
