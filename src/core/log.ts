/**
 * A small JSON-lines logger that masks personal data (phone numbers, WeChat ids, tokens) in
 * messages and fields before anything is written. Fields that carry what a person typed (query,
 * text, question, …) get the full redaction of `privacy.ts`, names and bare ids included, so a
 * call site cannot log a message with its contact details by forgetting to redact it.
 */
import type { Logger } from './ports.js';
import { redactPersonalData } from './privacy.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

const SECRET = /\b(xox[abpr]-|xapp-|sk-)[A-Za-z0-9-_]{6,}/g;
// Conversation and user ids embed WeChat ids and Slack user ids, so they are masked like contacts.
const SENSITIVE_KEYS = /phone|mobile|wechat|wxid|token|secret|password|authorization|api_?key|contact|conversation|user_?id/i;
// Fields holding what users typed (messages, questions, history, lead answers).
const USER_TEXT_KEYS = /^(?:query|text|question|message|messages|history|input|rest|answer|reply|utterance|content|body|preview|name|company|description)$/i;

/** Mask phone numbers, e-mail addresses, labelled WeChat ids and secrets in free text. */
export function maskText(text: string): string {
  return redactPersonalData(text, { free: false }).replace(SECRET, '$1***');
}

/** Mask what a person typed: everything `maskText` does, plus bare ids and names. */
export function maskUserText(text: string): string {
  return redactPersonalData(text).replace(SECRET, '$1***');
}

/** Mask a value by key name and content; nested objects are masked recursively. */
export function maskValue(key: string, value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') {
    if (SENSITIVE_KEYS.test(key)) return value.length <= 4 ? '***' : `${value.slice(0, 2)}***${value.slice(-2)}`;
    return USER_TEXT_KEYS.test(key) ? maskUserText(value) : maskText(value);
  }
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.map((v) => maskValue(key, v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: maskText(value.message), code: (value as { code?: string }).code };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(k, v, depth + 1);
    return out;
  }
  return value;
}

/** Create a logger writing JSON lines to `write` (stderr by default). */
export function createLogger(level: LogLevel = 'info', bindings: Record<string, unknown> = {}, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const min = LEVELS[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, data?: Record<string, unknown>) => {
    if (LEVELS[lvl] < min) return;
    const fields = maskValue('', { ...bindings, ...data }) as Record<string, unknown>;
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg: maskText(msg), ...fields }));
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    child: (b) => createLogger(level, { ...bindings, ...b }, write),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger('silent');
