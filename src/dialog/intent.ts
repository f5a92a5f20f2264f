/**
 * What the dialog does with a message: command words first (the commands module), then the learned
 * intent model; where the model is unsure and an LLM is configured, the LLM decides between lead,
 * hand-off and neither. `question`, `smalltalk`, `off_topic` and `injection` all go to the question
 * service, which answers or declines them.
 */
import { commandOf } from '../understanding/commands.js';
import type { UnderstoodIntent } from '../understanding/corpus.js';
import { classifyMessage } from '../understanding/intent-model.js';

export type RuleIntent = 'lead' | 'handoff';

/** A seam for an LLM classifier, consulted only where the intent model is unsure. */
export interface IntentClassifier {
  classify(text: string): Promise<RuleIntent | null>;
}

/** Below this probability the intent model's verdict is "unsure". */
export const UNSURE = 0.6;
/** A lead or hand-off verdict this close to "question" is a tie (without an LLM to break it). */
const TIE = 0.05;
/** Below this probability a lead or hand-off verdict starts nothing (without an LLM to ask). */
export const FLOOR = 0.3;
/** From this probability of an injection attempt, no lead or hand-off is started. */
const INJECTION_VETO = 0.2;

/** The intent of one message (commands, then the model, then the LLM where the model is unsure). */
export async function dialogIntent(text: string, opts: { asked?: string; classifier?: IntentClassifier } = {}): Promise<UnderstoodIntent> {
  if (commandOf(text) === 'handoff') return 'handoff';
  const v = classifyMessage(text, opts.asked ? { asked: opts.asked } : {});
  // A message that may well be an injection attempt never starts lead capture or a hand-off: an
  // attacker gains a lead record and staff attention from it, an investor loses nothing by asking again.
  if ((v.intent === 'lead' || v.intent === 'handoff') && v.probabilities.injection >= INJECTION_VETO) return 'injection';
  if (v.confidence >= UNSURE) return v.intent;
  if (!opts.classifier) {
    // A near tie between starting capture and answering goes to the answer: the investor loses
    // nothing (stating the plan again starts capture), while a capture started on a coin flip asks
    // someone who only had a question (or typed noise) for their company and phone.
    if ((v.intent === 'lead' || v.intent === 'handoff') && v.confidence - v.probabilities.question < TIE) return 'question';
    // A lead or hand-off no likelier than this ("Wow, you're online this late?": lead 0.23 of six
    // classes) is the model knowing nothing: the best of the rest answers instead.
    if ((v.intent === 'lead' || v.intent === 'handoff') && v.confidence < FLOOR) return bestOfRest(v.probabilities);
    return v.intent;
  }
  const llm = await opts.classifier.classify(text);
  if (llm) return llm;
  // The LLM says neither lead nor hand-off: the model's best guess among the rest.
  return v.intent === 'lead' || v.intent === 'handoff' ? 'question' : v.intent;
}

function bestOfRest(p: Record<UnderstoodIntent, number>): UnderstoodIntent {
  const rest = (Object.entries(p) as [UnderstoodIntent, number][]).filter(([k]) => k !== 'lead' && k !== 'handoff');
  return rest.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** Synchronous intent without an LLM (for places that only need to know "is this a hand-off?"). */
export function quickIntent(text: string): UnderstoodIntent {
  if (commandOf(text) === 'handoff') return 'handoff';
  return classifyMessage(text).intent;
}
