/** Bolt and the WebClient log through our Logger (masked, one format), via @slack/logger's shape. */
import { LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

/** The logger interface Bolt and the WebClient expect. */
export interface SlackSdkLogger {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
  setLevel(level: LogLevel): void;
  getLevel(): LogLevel;
  setName(name: string): void;
}

/** A log argument as text; never throws (a circular object must not turn logging into a crash). */
function stringify(p: unknown): string {
  if (typeof p === 'string') return p;
  try {
    return JSON.stringify(p) ?? String(p);
  } catch {
    return String(p);
  }
}

function text(parts: unknown[]): { msg: string; err?: unknown } {
  const err = parts.find((p) => p instanceof Error);
  const msg = parts
    .filter((p) => !(p instanceof Error))
    .map(stringify)
    .join(' ')
    .slice(0, 2000);
  return err ? { msg: msg || (err as Error).message, err } : { msg };
}

/** Adapt our Logger for the Slack SDK; SDK chatter (debug/info) lands at debug. */
export function sdkLogger(logger: Logger): SlackSdkLogger {
  let level: LogLevel = LogLevel.DEBUG;
  const emit = (fn: (m: string, d?: Record<string, unknown>) => void, parts: unknown[]) => {
    const { msg, err } = text(parts);
    fn(`slack-sdk: ${msg}`, err ? { err } : undefined);
  };
  return {
    debug: (...m) => emit(logger.debug, m),
    info: (...m) => emit(logger.debug, m),
    warn: (...m) => emit(logger.warn, m),
    error: (...m) => emit(logger.error, m),
    // Filtering is our Logger's job; remember the level only because Bolt asks for it back.
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
