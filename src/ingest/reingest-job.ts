/**
 * Re-ingest from the console as a background job: one run at a time, its outcome kept for the
 * index panel. The run itself (runIngest then kb.reload()) is injected by `src/server.ts`.
 */
import { asCodedError } from '../core/errors.js';
import type { Clock, Logger } from '../core/ports.js';

/** State of the last (or current) re-ingest, as the console shows it. */
export interface ReingestState {
  running: boolean;
  startedAt?: number;
  finishedAt?: number;
  summary?: unknown;
  error?: { code: string; message: string };
}

/** A single-flight background job. */
export interface ReingestJob {
  /** Start a run; false when one is already running. */
  start(): boolean;
  state(): ReingestState;
  /** Resolves when the current run (if any) ends. */
  idle(): Promise<void>;
}

/** Wrap `run` (ingest + reload) as a single-flight job. */
export function createReingestJob(run: () => Promise<unknown>, clock: Clock, logger: Logger): ReingestJob {
  let state: ReingestState = { running: false };
  let current: Promise<void> = Promise.resolve();
  return {
    start() {
      if (state.running) return false;
      state = { running: true, startedAt: clock.now() };
      logger.info('re-ingest started');
      current = run().then(
        (summary) => {
          state = { running: false, startedAt: state.startedAt, finishedAt: clock.now(), summary };
          logger.info('re-ingest finished', { summary: summary as Record<string, unknown> });
        },
        (err: unknown) => {
          const coded = asCodedError(err);
          state = { running: false, startedAt: state.startedAt, finishedAt: clock.now(), error: { code: coded.code, message: coded.message } };
          logger.error('re-ingest failed', { code: coded.code, err: coded.cause ?? coded });
        },
      );
      return true;
    },
    state: () => state,
    idle: () => current,
  };
}
