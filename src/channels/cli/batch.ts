/**
 * The batch interface every evaluation uses (shared/eval/README.md): each case runs through the
 * whole dialog core — intents, lead capture, follow-ups, answers — in a fresh conversation of an
 * in-memory store, so evaluation never touches the production database.
 */
import type { Config } from '../../config.js';
import { systemClock, uuidIds } from '../../core/clock.js';
import type { Assistant, Logger } from '../../core/ports.js';
import type { Outbound } from '../../core/types.js';
import { createAnswerer } from '../../answer/create-answerer.js';
import { createQuestionService } from '../../answer/question-service.js';
import { createAssistant } from '../../dialog/create-assistant.js';
import { createIntentClassifier } from '../../dialog/llm-intent.js';
import { DeliveryRouter } from '../../dialog/delivery.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../retrieval/index.js';
import { openStore } from '../../store/index.js';
import { sanitizeText } from '../../guard/sanitize.js';

/** One evaluation case as read from JSONL (only these fields are used). */
export interface BatchCase {
  id: string;
  question: string;
  history?: string[];
}

/** One output line, exactly as shared/eval/README.md specifies. */
export interface BatchReply {
  id: string;
  answer: string;
  answered: boolean;
  intent: Outbound['intent'];
  handoffOffered: boolean;
  sources: { title: string; path: string; score: number; text: string }[];
}

/** A dialog core over the real knowledge base and an in-memory store. */
export interface BatchCore {
  assistant: Assistant;
  kb: KnowledgeBase;
  close(): void;
}

/** Build the core used by `ask` (single question, --jsonl) and `eval`. */
export async function openBatchCore(config: Config, logger: Logger): Promise<BatchCore> {
  const kb = await openKnowledgeBase(config, { logger });
  const answerer = createAnswerer(config, logger);
  const questions = createQuestionService({ config, retriever: kb, answerer, logger });
  const store = openStore({ path: ':memory:' });
  const handle = createAssistant({ store, questions, desks: [], delivery: new DeliveryRouter(), clock: systemClock, ids: uuidIds, logger, config, classifier: createIntentClassifier(config, logger) });
  // The guard's sanitiser, as on every channel (no rate limit, and failures surface to the evaluation).
  const assistant: Assistant = {
    handle: (inbound, opts) => handle.assistant.handle({ ...inbound, text: sanitizeText(inbound.text, config.MAX_MESSAGE_CHARS).text }, opts),
  };
  return { assistant, kb, close: () => store.close() };
}

/** Parse JSONL cases; a bad line is reported by number, not fatal for the rest. */
export function parseBatchCases(text: string, onError: (line: number, reason: string) => void): BatchCase[] {
  const cases: BatchCase[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const raw = JSON.parse(line) as Record<string, unknown>;
      if (typeof raw.question !== 'string') throw new Error('no "question" string');
      const history = Array.isArray(raw.history) ? raw.history.filter((h): h is string => typeof h === 'string') : undefined;
      cases.push({ id: typeof raw.id === 'string' ? raw.id : `line-${i + 1}`, question: raw.question, history });
    } catch (err) {
      onError(i + 1, (err as Error).message);
    }
  });
  return cases;
}

/** Run one case in its own conversation: the history first, then the question. */
export async function runCase(core: BatchCore, c: BatchCase, conversationId = `eval:${c.id}:${uuidIds()}`): Promise<BatchReply> {
  const base = { channel: 'cli' as const, conversationId, userId: `eval-user:${c.id}` };
  for (const h of c.history ?? []) await core.assistant.handle({ ...base, text: h });
  const replies = await core.assistant.handle({ ...base, text: c.question });
  return toBatchReply(c.id, replies);
}

/** Fold the replies to one question into the batch line. */
export function toBatchReply(id: string, replies: Outbound[]): BatchReply {
  const main = replies.find((r) => r.speaker === 'bot') ?? replies[0];
  const sources = (replies.flatMap((r) => r.sources ?? []).length
    ? replies.flatMap((r) => r.sources ?? [])
    : replies.flatMap((r) => r.citations.map((c) => ({ title: c.title, path: c.path, score: c.score, text: c.text })))
  )
    .slice(0, 5)
    .map((p) => ({ title: p.title, path: p.path, score: Number(p.score.toFixed(4)), text: p.text }));
  return {
    id,
    answer: replies.map((r) => r.text).join('\n\n'),
    answered: replies.some((r) => r.answered),
    intent: main?.intent ?? 'question',
    handoffOffered: replies.some((r) => r.handoffOffered),
    sources,
  };
}
