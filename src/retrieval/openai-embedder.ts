/**
 * Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, bge-m3 on Ollama,
 * Xinference, vLLM, cloud providers) through the official SDK. Documents (ingest) are batched and
 * retried with backoff on 429/5xx and network errors; queries (a user is waiting, and retrieval
 * falls back to BM25) get at most one quick retry, a short timeout and a circuit breaker.
 * Responses are checked with zod.
 */
import OpenAI, { APIConnectionError, APIError } from 'openai';
import { z } from 'zod';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { CodedError } from '../core/errors.js';
import type { Clock, Embedder, Logger } from '../core/ports.js';
import { CircuitBreaker } from '../guard/circuit-breaker.js';

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })).min(1),
});

/** Options of the OpenAI-compatible embedder. */
export interface OpenAIEmbedderOptions {
  baseURL?: string;
  apiKey?: string;
  model: string;
  dimensions?: number;
  timeoutMs: number;
  batchSize?: number;
  maxRetries?: number;
  /** First retry delay; doubles each attempt. */
  retryDelayMs?: number;
  /** Retries of `embedQuery` (default 0: the retriever falls back to BM25 instead of waiting). */
  queryRetries?: number;
  /** Timeout of one `embedQuery` request (default: the smaller of `timeoutMs` and 3 s). */
  queryTimeoutMs?: number;
  /** Consecutive `embedQuery` failures that open the circuit (default 3). */
  queryFailureThreshold?: number;
  /** How long the open circuit skips the endpoint before one trial query (default 30 s). */
  queryCoolDownMs?: number;
  /** Clock of the query circuit breaker (default: the wall clock). */
  clock?: Clock;
  logger?: Logger;
}

/** Default cap on the query-time embeddings timeout: a user is waiting and BM25 can answer alone. */
export const QUERY_TIMEOUT_CAP_MS = 3000;

/** Build options from the parsed config. */
export function openAIEmbedderOptions(config: Config): OpenAIEmbedderOptions {
  return {
    baseURL: config.EMBEDDINGS_BASE_URL,
    apiKey: config.EMBEDDINGS_API_KEY,
    model: config.EMBEDDINGS_MODEL,
    dimensions: config.EMBEDDINGS_DIMENSIONS || undefined,
    timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** OpenAI-compatible embedder; `dimension` is learned from the first response unless configured. */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private dim: number;
  private readonly client: OpenAI;
  private readonly queryBreaker: CircuitBreaker;

  constructor(private readonly opts: OpenAIEmbedderOptions) {
    this.id = `openai:${opts.model}${opts.dimensions ? `@${opts.dimensions}` : ''}`;
    this.dim = opts.dimensions ?? 0;
    // Local servers (Ollama, vLLM) accept any key; the SDK insists on one.
    this.client = new OpenAI({ baseURL: opts.baseURL, apiKey: opts.apiKey ?? 'not-needed', timeout: opts.timeoutMs, maxRetries: 0 });
    this.queryBreaker = new CircuitBreaker({
      clock: opts.clock ?? systemClock,
      failureThreshold: opts.queryFailureThreshold ?? 3,
      coolDownMs: opts.queryCoolDownMs ?? 30_000,
      code: 'embedding_failed',
      name: `embeddings endpoint (${opts.model})`,
      onStateChange: (from, to) => opts.logger?.warn('embeddings circuit breaker', { from, to }),
    });
  }

  /** Vector length; 0 until the first response when not configured. */
  get dimension(): number {
    return this.dim;
  }

  /** Embed many texts in batches, order preserved. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const size = this.opts.batchSize ?? 64;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.batch(texts.slice(i, i + size))));
    return out;
  }

  /**
   * Embed one query: short timeout, few retries, and a circuit breaker so that while the endpoint
   * is down questions skip it at once (the retriever then ranks with BM25 alone).
   */
  async embedQuery(text: string): Promise<number[]> {
    const timeout = this.opts.queryTimeoutMs ?? Math.min(this.opts.timeoutMs, QUERY_TIMEOUT_CAP_MS);
    const [v] = await this.queryBreaker.run(() => this.batch([text], { maxRetries: this.opts.queryRetries ?? 0, timeout }));
    return v!;
  }

  private async batch(input: string[], o: { maxRetries?: number; timeout?: number } = {}): Promise<number[][]> {
    const maxRetries = o.maxRetries ?? this.opts.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(input, o.timeout);
      } catch (err) {
        const retryable = err instanceof APIConnectionError || (err instanceof APIError && (err.status === 429 || (err.status ?? 0) >= 500));
        if (!retryable || attempt >= maxRetries) {
          if (err instanceof CodedError) throw err;
          const status = err instanceof APIError && err.status ? ` (HTTP ${err.status})` : '';
          throw new CodedError('embedding_failed', `embeddings request failed${status}: ${(err as Error).message}`, { cause: err });
        }
        const delay = (this.opts.retryDelayMs ?? 500) * 2 ** attempt;
        this.opts.logger?.warn('embeddings request failed, retrying', { attempt: attempt + 1, delayMs: delay, error: (err as Error).message });
        await sleep(delay);
      }
    }
  }

  private async once(input: string[], timeout?: number): Promise<number[][]> {
    const res = await this.client.embeddings
      .create({ model: this.opts.model, input, encoding_format: 'float', ...(this.opts.dimensions ? { dimensions: this.opts.dimensions } : {}) }, timeout ? { timeout } : undefined)
      .asResponse();
    const body = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (err) {
      throw new CodedError('embedding_failed', `embeddings endpoint returned malformed JSON (HTTP ${res.status}): ${body.slice(0, 120)}`, { cause: err });
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      throw new CodedError('embedding_failed', `embeddings response has an unexpected shape: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const vectors: number[][] = new Array(input.length);
    for (const d of parsed.data.data) vectors[d.index] = d.embedding;
    for (let i = 0; i < input.length; i++) {
      const v = vectors[i];
      if (!v) throw new CodedError('embedding_failed', `embeddings response is missing item ${i} of ${input.length}`);
      if (this.dim === 0) this.dim = v.length;
      if (v.length !== this.dim) throw new CodedError('embedding_failed', `embedding ${i} has dimension ${v.length}, expected ${this.dim}`);
    }
    return vectors;
  }
}
