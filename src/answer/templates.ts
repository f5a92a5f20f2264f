/**
 * Prompt templates live in `prompts/` as plain text so the operator can read and tune them
 * without touching code; `{{name}}` placeholders are filled by a tiny single-pass renderer.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CodedError } from '../core/errors.js';

/** The LLM prompt templates this layer uses. */
export interface PromptSet {
  answerSystem: string;
  answerUser: string;
  condense: string;
  classifyIntent: string;
}

const FILES: Record<keyof PromptSet, string> = {
  answerSystem: 'answer-system.txt',
  answerUser: 'answer-user.txt',
  condense: 'condense-question.txt',
  classifyIntent: 'classify-intent.txt',
};

/**
 * Fill `{{name}}` placeholders in one pass: a value that itself contains `{{…}}` (a passage, a
 * user's message) is inserted as is and never expanded. Unknown names throw, so typos show at once.
 */
export function renderTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-zA-Z_][\w]*)\s*\}\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new CodedError('internal', `prompt template needs a value for {{${name}}}`);
    return v;
  });
}

/** Read the prompt templates from `dir` (relative to the working directory); fails naming the missing file. */
export function loadPrompts(dir: string): PromptSet {
  const out = {} as PromptSet;
  for (const [key, file] of Object.entries(FILES) as [keyof PromptSet, string][]) {
    const path = resolve(join(dir, file));
    try {
      out[key] = readFileSync(path, 'utf8');
    } catch (err) {
      throw new CodedError('config_invalid', `prompt template ${path} could not be read (PROMPTS_DIR=${dir})`, { cause: err });
    }
  }
  return out;
}
