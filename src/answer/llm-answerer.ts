/**
 * Answers with a chat model that sees only the retrieved passages, without the sentences in them
 * that read as instructions, then verifies the reply (citations, figures, titles, each sentence
 * against its passage, no instruction text repeated). Any failure — transport, timeout, malformed or empty response,
 * an unverifiable reply, an open circuit — falls back to the extractive answerer: the user always
 * gets a reply, and never one with a figure no cited passage holds.
 */
import type { Answer, AnswerInput, Answerer, Logger } from '../core/ports.js';
import type { Lang, Passage, Turn } from '../core/types.js';
import { asCodedError } from '../core/errors.js';
import { redactPersonalData } from '../core/privacy.js';
import type { ChatModel } from './chat-model.js';
import { buildCitations, renumberMarkers } from './citations.js';
import { sourcesFooter } from './compose.js';
import { renderTemplate, type PromptSet } from './templates.js';
import { dropInstructions } from './sentences.js';
import { verifyReply } from './verify.js';

/** What `LlmAnswerer` needs. */
export interface LlmAnswererDeps {
  chat: ChatModel;
  prompts: PromptSet;
  /** Used whenever the model fails or its reply does not verify. */
  fallback: Answerer;
  /** Hosts a reply may link to; a reply linking elsewhere falls back (default: no check here). */
  allowedLinkHosts?: readonly string[];
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
    // Nothing relevant: the refusal is fixed text, no reason to spend a model call on it.
    if (!input.retrieval.relevant || input.retrieval.passages.length === 0) return this.deps.fallback.answer(input, opts);
    // The model sees, and its reply is checked against, the passages without planted instructions.
    const shown = modelPassages(input.retrieval.passages);
    if (shown.length === 0) return this.deps.fallback.answer(input, opts);
    const passages = shown.map((s) => s.shown);
    const messages = buildMessages(this.deps.prompts, { ...input, retrieval: { ...input.retrieval, passages } });

    let streamed = false;
    let reply: string;
    try {
      reply = await this.deps.chat.complete({
        messages,
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

    const checked = verifyReply(stripModelSources(reply), passages, { instructions: instructionTexts(this.deps.prompts, input.lang), ...(this.deps.allowedLinkHosts ? { allowedLinkHosts: this.deps.allowedLinkHosts } : {}) });
    if (!checked.ok) {
      this.log.warn('generated reply failed verification, falling back', { code: 'llm_unverified', reason: checked.reason, detail: checked.detail });
      return this.fallback(input, opts, streamed);
    }
    // Cite the passages as retrieved (the same ones the extractive answerer would cite).
    const cited = checked.cited.map((c) => shown.find((s) => s.shown === c)!.original);
    // The model numbers passages; the sources are numbered per document.
    const text = renumberMarkers(checked.text, buildCitations(cited).numberOf);
    return { text: text + sourcesFooter(cited, input.lang), cited, answered: true, handoffOffered: false };
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
        // What the investor typed is redacted; the passages above are the bureau's and go as written.
        question: redactPersonalData(input.question),
      }),
    },
  ];
}

/**
 * Passages as the model is shown them: sentences that read as instructions removed
 * (`dropInstructions`); a passage with nothing else left is not shown at all.
 */
export function modelPassages(passages: Passage[]): { original: Passage; shown: Passage }[] {
  return passages
    .map((original) => {
      const text = dropInstructions(original.text);
      return { original, shown: text === original.text ? original : { ...original, text } };
    })
    .filter((p) => p.shown.text.trim() !== '');
}

/** The fixed text of the instructions the model is given: the rendered system prompt and the user template around its slots. */
export function instructionTexts(prompts: PromptSet, lang: Lang): string[] {
  return [renderTemplate(prompts.answerSystem, { language: LANGUAGE[lang] }), ...prompts.answerUser.split(/\{\{\s*[a-zA-Z_]\w*\s*\}\}/)];
}

/**
 * Numbered passages as quoted data, without sentences that read as instructions (a no-op for
 * `modelPassages` output); the closing delimiter cannot be forged from inside a passage.
 */
export function formatPassages(passages: Passage[]): string {
  return passages
    .map((p, i) => {
      const where = p.headingPath.length ? ` › ${p.headingPath.join(' › ')}` : '';
      const body = dropInstructions(p.text).replace(/"""/g, '“”“').replace(/PASSAGES>>>/g, 'PASSAGES>');
      return `[${i + 1}] 《${p.title}》${where}\n"""\n${body}\n"""`;
    })
    .join('\n\n');
}

function formatHistory(history: Turn[]): string {
  const asked = history.filter((t) => t.role === 'user').slice(-4);
  return asked.length ? asked.map((t) => `- ${redactPersonalData(t.text).replace(/\s+/g, ' ').slice(0, 300)}`).join('\n') : '(nothing)';
}
