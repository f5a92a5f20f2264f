/**
 * Knowledge gaps that are real: logged questions that got no answer, a partial one or a 👎 —
 * minus small talk, off-topic and injection messages (the intent model), commands (the command
 * words), answers to a lead-capture prompt, and questions staff already handled (taught items in
 * force). Text is redacted before anything else sees it; similar questions are grouped.
 */
import { redactPersonalData } from '../core/privacy.js';
import type { GapOccurrence } from '../store/gap-log.js';
import { gapKey } from '../store/insights.js';
import { commandOf } from '../understanding/commands.js';
import { classifyMessage, INTENT_SURE } from '../understanding/intent-model.js';
import { clusterTexts } from './gap-groups.js';

/** A group of similar gap questions, as the console shows it. */
export interface GapGroup {
  /** Stable while the group's first question stays: the normalised text of that question. */
  key: string;
  /** The most asked wording (redacted). */
  question: string;
  /** Every distinct wording in the group (redacted), most asked first. */
  questions: string[];
  count: number;
  firstAt: number;
  lastAt: number;
  reasons: Record<GapOccurrence['reason'], number>;
  /** The latest reply the bot gave, and the passages it cited then. */
  reply: string;
  citations: { title: string; path: string }[];
}

/**
 * Not a question for the knowledge base: a command, what the intent model takes for small talk,
 * off-topic or an injection attempt (the question service answered it as a question only because
 * the model was unsure), or a reply to a lead-capture prompt that the model does not take for a question.
 */
export function isRealQuestion(text: string, previousIntent?: string): boolean {
  if (commandOf(text)) return false;
  const v = classifyMessage(text);
  if (v.intent === 'smalltalk') return false;
  // Off-topic or an injection only when the model is sure, as the question service decides too: an
  // unsure verdict was searched and answered as a question, and is an investor's question staff should see.
  if ((v.intent === 'off_topic' || v.intent === 'injection') && v.confidence >= INTENT_SURE) return false;
  // Right after a capture prompt, only what the model takes for a question is one ("明年春天" answers the prompt).
  if (previousIntent === 'lead' && v.intent !== 'question') return false;
  return true;
}

/** Filter, redact and group gap occurrences; `handled` holds gapKeys of questions taught items cover. */
export function realGaps(occurrences: GapOccurrence[], handled: ReadonlySet<string>, limit = 100): GapGroup[] {
  const kept = occurrences
    .filter((o) => isRealQuestion(o.question, o.previousIntent))
    .map((o) => ({ ...o, question: redactPersonalData(o.question).replace(/\s+/g, ' ').trim().slice(0, 300) }))
    .filter((o) => o.question && !handled.has(gapKey(o.question)));
  const groups = clusterTexts(kept.map((o) => o.question)).map((members) => members.map((i) => kept[i]!));
  return groups
    .map((g): GapGroup => {
      const byText = new Map<string, number>();
      for (const o of g) byText.set(o.question, (byText.get(o.question) ?? 0) + 1);
      const questions = [...byText.entries()].sort((a, b) => b[1] - a[1]).map(([q]) => q);
      const last = g.reduce((a, b) => (b.at >= a.at ? b : a));
      const reasons = { unanswered: 0, partial: 0, downvoted: 0 };
      for (const o of g) reasons[o.reason]++;
      return {
        key: gapKey(g[0]!.question),
        question: questions[0]!,
        questions,
        count: g.length,
        firstAt: Math.min(...g.map((o) => o.at)),
        lastAt: last.at,
        reasons,
        reply: last.reply,
        citations: last.citations,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt)
    .slice(0, limit);
}
