/**
 * Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, bge-m3 on Ollama,
 * Xinference, vLLM, cloud providers) through the official SDK. Batched, retried with backoff
 * on 429/5xx and network errors, and the response checked with zod.
 */
import OpenAI, { APIConnectionError, APIError } from 'openai';
import { z } from 'zod';
import type { Config } from '../config.js';
import { CodedError } from '../core/errors.js';
import type { Embedder, Logger } from '../core/ports.js';

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
  logger?: Logger;
}

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

  constructor(private readonly opts: OpenAIEmbedderOptions) {
    this.id = `openai:${opts.model}${opts.dimensions ? `@${opts.dimensions}` : ''}`;
    this.dim = opts.dimensions ?? 0;
    // Local servers (Ollama, vLLM) accept any key; the SDK insists on one.
    this.client = new OpenAI({ baseURL: opts.baseURL, apiKey: opts.apiKey ?? 'not-needed', timeout: opts.timeoutMs, maxRetries: 0 });
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

  /** Embed one query. */
  async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.batch([text]);
    return v!;
  }

  private async batch(input: string[]): Promise<number[][]> {
    const maxRetries = this.opts.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(input);
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

  private async once(input: string[]): Promise<number[][]> {
    const res = await this.client.embeddings
      .create({ model: this.opts.model, input, encoding_format: 'float', ...(this.opts.dimensions ? { dimensions: this.opts.dimensions } : {}) })
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
