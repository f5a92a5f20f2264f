/**
 * Answers with a chat model that sees only the retrieved passages, then verifies the reply
 * (citations, figures, titles). Any failure — transport, timeout, malformed or empty response,
 * an unverifiable reply, an open circuit — falls back to the extractive answerer: the user always
 * gets a reply, and never one with a figure no cited passage holds.
 */
import type { Answer, AnswerInput, Answerer, Logger } from '../core/ports.js';
import type { Lang, Passage, Turn } from '../core/types.js';
import { asCodedError } from '../core/errors.js';
import type { ChatModel } from './chat-model.js';
import { sourcesFooter } from './compose.js';
import { renderTemplate, type PromptSet } from './templates.js';
import { verifyReply } from './verify.js';

/** What `LlmAnswerer` needs. */
export interface LlmAnswererDeps {
  chat: ChatModel;
  prompts: PromptSet;
  /** Used whenever the model fails or its reply does not verify. */
  fallback: Answerer;
  logger: Logger;
}

const LANGUAGE: Record<Lang, string> = { zh: 'Simplified Chinese (简体中文)', en: 'English' };

/** LLM answerer with verification and extractive fallback. */
export class LlmAnswerer implements Answerer {
  readonly name: string;
  private readonly log: Logger;

  constructor(private readonly deps: LlmAnswererDeps) {
    this.name = `llm:${deps.chat.id}`;
    this.log = deps.logger.child({ component: 'llm-answerer' });
  }

  async answer(input: AnswerInput, opts?: { onDelta?: (text: string) => void; signal?: AbortSignal }): Promise<Answer> {
    const passages = input.retrieval.passages;
    // Nothing relevant: the refusal is fixed text, no reason to spend a model call on it.
    if (!input.retrieval.relevant || passages.length === 0) return this.deps.fallback.answer(input, opts);

    let streamed = false;
    let reply: string;
    try {
      reply = await this.deps.chat.complete({
        messages: buildMessages(this.deps.prompts, input),
        ...(opts?.signal ? { signal: opts.signal } : {}),
        ...(opts?.onDelta
          ? {
              onDelta: (d: string) => {
                streamed = true;
                opts.onDelta!(d);
              },
            }
          : {}),
      });
    } catch (err) {
      const coded = asCodedError(err);
      this.log.warn('falling back to extractive answer', { code: coded.code, error: coded.message });
      return this.fallback(input, opts, streamed);
    }

    const checked = verifyReply(stripModelSources(reply), passages);
    if (!checked.ok) {
      this.log.warn('generated reply failed verification, falling back', { code: 'llm_unverified', reason: checked.reason, detail: checked.detail });
      return this.fallback(input, opts, streamed);
    }
    return { text: checked.text + sourcesFooter(checked.cited, input.lang), cited: checked.cited, answered: true, handoffOffered: false };
  }

  /** The extractive answer; not streamed again when the model already streamed (the final text supersedes). */
  private fallback(input: AnswerInput, opts: { onDelta?: (text: string) => void; signal?: AbortSignal } | undefined, streamed: boolean): Promise<Answer> {
    return this.deps.fallback.answer(input, streamed ? {} : opts);
  }
}

/** Drop a sources list the model appended itself: the verified footer replaces it. */
export function stripModelSources(reply: string): string {
  return reply.replace(/\n+\s*(?:来源|参考资料|参考来源|参考|Sources?|References?)\s*[:：]?\s*\n(?:\s*[-*]?\s*[[【]\d+[\]】].*(?:\n|$))+\s*$/iu, '').trim();
}

/** The system and user messages for one question. */
export function buildMessages(prompts: PromptSet, input: AnswerInput): { role: 'system' | 'user'; content: string }[] {
  const language = LANGUAGE[input.lang];
  return [
    { role: 'system', content: renderTemplate(prompts.answerSystem, { language }) },
    {
      role: 'user',
      content: renderTemplate(prompts.answerUser, {
        language,
        passages: formatPassages(input.retrieval.passages),
        history: formatHistory(input.history),
        question: input.question,
      }),
    },
  ];
}

/** Numbered passages as quoted data; the closing delimiter cannot be forged from inside a passage. */
export function formatPassages(passages: Passage[]): string {
  return passages
    .map((p, i) => {
      const where = p.headingPath.length ? ` › ${p.headingPath.join(' › ')}` : '';
      const body = p.text.replace(/"""/g, '“”“').replace(/PASSAGES>>>/g, 'PASSAGES>');
      return `[${i + 1}] 《${p.title}》${where}\n"""\n${body}\n"""`;
    })
    .join('\n\n');
}

function formatHistory(history: Turn[]): string {
  const asked = history.filter((t) => t.role === 'user').slice(-4);
  return asked.length ? asked.map((t) => `- ${t.text.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n') : '(nothing)';
}
