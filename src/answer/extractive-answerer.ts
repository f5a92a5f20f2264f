/**
 * The default answerer: no network. It quotes the sentences the ranker picks from the retrieved
 * passages, verbatim, so every figure in the reply is in a cited passage — when the answerability
 * model says they answer; otherwise it refuses. It is also the LLM answerer's fallback.
 */
import type { Answer, AnswerInput, Answerer } from '../core/ports.js';
import { judgeQuestion } from './answer-gate.js';
import type { IntentVerdict } from '../understanding/intent-model.js';
import { composeQuotes } from './compose.js';
import { noAnswerReply } from './replies.js';
import type { Selection } from './sentence-selection.js';

export { candidateSentences, rankSentences, relaxUnstated, selectQuotes, statedShare, type ExtractiveOptions, type Selection } from './sentence-selection.js';
export { enumerates, nearDuplicate, onlyEmbedded } from './term-match.js';

/** The reply text of a selection: its quotes with markers, and the sources footer. */
export function composeSelection(sel: Selection, lang: AnswerInput['lang']): string {
  return composeQuotes(sel.quotes, sel.cited, lang, sel.cited.some((c) => (c.lang ?? 'zh') === 'zh'));
}

/** Extractive answerer: the ranker's sentences, when the answerability model says they answer. */
export class ExtractiveAnswerer implements Answerer {
  readonly name = 'extractive';

  async answer(input: AnswerInput, opts?: { onDelta?: (text: string) => void; signal?: AbortSignal }): Promise<Answer> {
    // Judged as the question service judged it (the whole message's intent verdict, its follow-up
    // reading); on its own, the question alone (a message's introduction can read off-topic alone).
    const u = input.understood;
    const verdict = judgeQuestion(input.question, input.lang, input.retrieval, u ? { followUp: u.followUp, intent: u.intent as IntentVerdict, ...(u.message ? { message: u.message } : {}) } : { followUp: input.history.length > 0 });
    const sel = verdict.decision === 'answer' ? verdict.selection : undefined;
    const answer: Answer = sel
      ? { text: composeSelection(sel, input.lang), cited: sel.cited, answered: true, handoffOffered: false }
      : { text: noAnswerReply(input.lang), cited: [], answered: false, handoffOffered: true };
    opts?.onDelta?.(answer.text);
    return answer;
  }
}
