/**
 * Picks the answerer from the configuration: extractive (default, no network) or, with
 * LLM_PROVIDER=openai, the LLM answerer with verification and extractive fallback. Either way its
 * answers carry only links to allowed hosts (`link-guard.ts`).
 */
import type { Config } from '../config.js';
import type { Answerer, Clock, Logger } from '../core/ports.js';
import { sharedChatModel } from './chat-model.js';
import { allowedLinkHosts } from '../core/links.js';
import { ExtractiveAnswerer } from './extractive-answerer.js';
import { withLinkAllowList } from './link-guard.js';
import { LlmAnswerer } from './llm-answerer.js';
import { loadPrompts } from './templates.js';

/** The configured answerer. Throws `config_invalid` when the LLM is on and a prompt file is missing. */
export function createAnswerer(config: Config, logger: Logger, deps: { clock?: Clock } = {}): Answerer {
  const allowed = allowedLinkHosts(config);
  const extractive = new ExtractiveAnswerer();
  if (config.LLM_PROVIDER !== 'openai') return withLinkAllowList(extractive, allowed);
  const chat = sharedChatModel(config, { logger, ...(deps.clock ? { clock: deps.clock } : {}) });
  return withLinkAllowList(new LlmAnswerer({ chat, prompts: loadPrompts(config.PROMPTS_DIR), fallback: extractive, logger, allowedLinkHosts: allowed }), allowed);
}
