/**
 * Coded errors: one string code per failure, a cause kept, so each adapter has one error path
 * that logs the code and sends the user a polite reply.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'model_mismatch'
  | 'bad_request'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'index_missing'
  | 'index_corrupt'
  | 'index_mismatch'
  | 'ingest_file_failed'
  | 'embedding_failed'
  | 'llm_failed'
  | 'llm_unverified'
  | 'store_failed'
  | 'channel_failed'
  | 'internal';

/** An error with a stable code and an optional cause. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CodedError';
  }
}

/** Wrap anything thrown into a CodedError (code 'internal' unless it already has one). */
export function asCodedError(err: unknown): CodedError {
  if (err instanceof CodedError) return err;
  if (err instanceof Error) return new CodedError('internal', err.message, { cause: err });
  return new CodedError('internal', String(err));
}
