/** The answer layer's boundary: what the dialog, the server and the scripts use. */
export { createQuestionService, type QuestionServiceDeps, type QuestionReply } from './question-service.js';
export { createAnswerer } from './create-answerer.js';
export { ExtractiveAnswerer, selectQuotes, type ExtractiveOptions } from './extractive-answerer.js';
export { LlmAnswerer, type LlmAnswererDeps } from './llm-answerer.js';
export { createOpenAiChatModel, sharedChatModel, type ChatModel, type ChatRequest } from './chat-model.js';
export { verifyReply, type VerifyResult } from './verify.js';
export { looksLikeInjection } from './planted-instructions.js';
export { ruleRewrite, isFollowUp, ruleCondenser, llmCondenser, type QuestionCondenser } from './follow-up.js';
export { renderTemplate, loadPrompts, type PromptSet } from './templates.js';
export { stripFooter, sourcesFooter } from './compose.js';
