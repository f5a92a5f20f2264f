/** The dialog boundary: the conversation core, staff actions, delivery routing and intents. */
export { createAssistant, type AssistantHandle } from './create-assistant.js';
export type { AssistantDeps } from './context.js';
export { DeliveryRouter } from './delivery.js';
export { dialogIntent, quickIntent, type IntentClassifier, type RuleIntent } from './intent.js';
export { createIntentClassifier, llmIntentClassifier } from './llm-intent.js';
