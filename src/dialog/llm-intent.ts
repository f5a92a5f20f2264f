/**
 * The model-based intent classifier used when an LLM is configured. It is asked only where the
 * rules say nothing, and any failure (error, timeout, open circuit, an answer that is not one of
 * the three words) means "no intent": the rules' verdict stands.
 */
import { sharedChatModel, type ChatModel } from '../answer/chat-model.js';
import { loadPrompts, renderTemplate } from '../answer/templates.js';
import type { Config } from '../config.js';
import { asCodedError } from '../core/errors.js';
import type { Clock, Logger } from '../core/ports.js';
import { redactPersonalData } from '../core/privacy.js';
import type { IntentClassifier, RuleIntent } from './intent.js';

/** Classify with `chat` and the `classify-intent` prompt template. */
export function llmIntentClassifier(chat: ChatModel, template: string, logger: Logger): IntentClassifier {
  const log = logger.child({ component: 'intent-classifier' });
  return {
    async classify(text: string): Promise<RuleIntent | null> {
      try {
        const out = await chat.complete({ messages: [{ role: 'user', content: renderTemplate(template, { message: redactPersonalData(text).slice(0, 1000) }) }], maxTokens: 5, temperature: 0 });
        const word = out.trim().toLowerCase().match(/^[a-z]+/)?.[0];
        if (word === 'lead' || word === 'handoff') return word;
        if (word !== 'none') log.warn('classifier answered outside lead/handoff/none; rules decide', { answer: out.slice(0, 40) });
        return null;
      } catch (err) {
        log.warn('intent classifier failed; rules decide', { code: asCodedError(err).code });
        return null;
      }
    },
  };
}

/** The classifier for this configuration: none without an LLM (rules alone), else one sharing the answerer's model and circuit breaker. */
export function createIntentClassifier(config: Config, logger: Logger, clock?: Clock): IntentClassifier | undefined {
  if (config.LLM_PROVIDER !== 'openai') return undefined;
  const chat = sharedChatModel(config, { logger, ...(clock ? { clock } : {}) });
  return llmIntentClassifier(chat, loadPrompts(config.PROMPTS_DIR).classifyIntent, logger);
}
