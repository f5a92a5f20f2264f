/** A real logger (`createLogger`, masking included) that keeps the JSON lines it writes, for tests of what reaches the log. */
import { createLogger } from '../src/core/log.js';
import type { Logger } from '../src/core/ports.js';

/** One written log line. */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A logger at debug level and the lines it wrote; `errors()` are the error lines' messages. */
export function recordingLogger(): { logger: Logger; lines: LogLine[]; errors(): string[] } {
  const lines: LogLine[] = [];
  const logger = createLogger('debug', {}, (l) => lines.push(JSON.parse(l) as LogLine));
  return { logger, lines, errors: () => lines.filter((l) => l.level === 'error').map((l) => l.msg) };
}
