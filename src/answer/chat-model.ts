/**
 * The chat-model boundary: any OpenAI-compatible `/v1/chat/completions` endpoint through the
 * `openai` SDK, with responses checked by zod, one overall deadline per call (streams included)
 * and a circuit breaker shared by every caller of the same endpoint.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import type { Config } from '../config.js';
import { CodedError } from '../core/errors.js';
import type { Clock, Logger } from '../core/ports.js';
import { systemClock } from '../core/clock.js';
import { CircuitBreaker } from '../guard/circuit-breaker.js';

/** One chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A chat request: messages plus optional streaming and cancellation. */
export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  /** Stream: called with each text delta as it arrives. */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

/** Text in, text out; throws `CodedError('llm_failed')` on any failure, including an empty reply. */
export interface ChatModel {
  readonly id: string;
  complete(req: ChatRequest): Promise<string>;
}

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })).min(1),
});
const chunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).nullish() })),
});

/** Options of `createOpenAiChatModel`; circuit-breaker numbers default to 3 failures / 60 s. */
export interface ChatModelOptions {
  logger: Logger;
  clock?: Clock;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
}

/** An OpenAI-compatible chat model from the LLM_* settings. */
export function createOpenAiChatModel(config: Config, opts: ChatModelOptions): ChatModel {
  const client = new OpenAI({
    baseURL: config.LLM_BASE_URL ?? 'https://api.openai.com/v1',
    // Local servers (Ollama, vLLM) accept any key; the SDK insists on one.
    apiKey: config.LLM_API_KEY ?? 'not-needed',
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
  });
  const breaker = new CircuitBreaker({ failureThreshold: opts.breakerThreshold ?? 3, coolDownMs: opts.breakerCooldownMs ?? 60_000, clock: opts.clock ?? systemClock, code: 'llm_failed', name: 'chat endpoint' });
  const log = opts.logger.child({ component: 'chat-model', model: config.LLM_MODEL });

  async function call(req: ChatRequest, signal: AbortSignal): Promise<string> {
    const body = {
      model: config.LLM_MODEL,
      // Callers redact what people typed (privacy.ts); passages go as written, so the bureau's own
      // hotline stays answerable and the reply's figures can be checked against them.
      messages: req.messages,
      max_tokens: req.maxTokens ?? config.LLM_MAX_TOKENS,
      temperature: req.temperature ?? config.LLM_TEMPERATURE,
    };
    if (!req.onDelta) {
      const raw: unknown = await client.chat.completions.create({ ...body, stream: false }, { signal });
      const parsed = completionSchema.safeParse(raw);
      if (!parsed.success) throw new CodedError('llm_failed', 'chat completion response has an unexpected shape');
      return parsed.data.choices[0]?.message.content ?? '';
    }
    const stream = await client.chat.completions.create({ ...body, stream: true }, { signal });
    let text = '';
    for await (const chunk of stream as AsyncIterable<unknown>) {
      const parsed = chunkSchema.safeParse(chunk);
      if (!parsed.success) throw new CodedError('llm_failed', 'chat completion chunk has an unexpected shape');
      const delta = parsed.data.choices[0]?.delta?.content ?? '';
      if (delta) {
        text += delta;
        req.onDelta(delta);
      }
    }
    return text;
  }

  return {
    id: `openai:${config.LLM_MODEL}`,
    async complete(req) {
      // While the circuit is open this rejects at once (llm_failed) and the caller falls back.
      return breaker.run(async () => {
        // One deadline for the whole call: the SDK's timeout does not cover a stream that stalls midway.
        const ctrl = new AbortController();
        const timer = setTimeout(() => ctrl.abort(new CodedError('llm_failed', `chat request timed out after ${config.LLM_TIMEOUT_MS} ms`)), config.LLM_TIMEOUT_MS);
        const onAbort = () => ctrl.abort(req.signal?.reason);
        req.signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const text = (await call(req, ctrl.signal)).trim();
          if (!text) throw new CodedError('llm_failed', 'chat endpoint returned an empty reply');
          return text;
        } catch (err) {
          const coded = err instanceof CodedError ? err : new CodedError('llm_failed', describeError(err), { cause: err });
          log.warn('chat request failed', { code: coded.code, error: coded.message, failures: breaker.consecutiveFailures + 1 });
          throw coded;
        } finally {
          clearTimeout(timer);
          req.signal?.removeEventListener('abort', onAbort);
        }
      });
    },
  };
}

function describeError(err: unknown): string {
  if (err instanceof OpenAI.APIError) return `chat endpoint error${err.status ? ` ${err.status}` : ''}: ${err.message}`;
  if (err instanceof Error) return `chat request failed: ${err.message}`;
  return `chat request failed: ${String(err)}`;
}

// One model (and so one breaker) per configuration: the answerer and the question condenser share it.
const shared = new WeakMap<Config, ChatModel>();

/** The chat model for `config`, created once and shared by every caller. */
export function sharedChatModel(config: Config, opts: ChatModelOptions): ChatModel {
  let model = shared.get(config);
  if (!model) {
    model = createOpenAiChatModel(config, opts);
    shared.set(config, model);
  }
  return model;
}
