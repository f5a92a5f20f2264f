/**
 * The intent classifier: what a user wants with one message (question, lead, handoff, smalltalk,
 * off_topic, injection), learned from the labelled corpus by `npm run train` and shipped as
 * `models/intent.json`. Command words (转人工, 跳过, 取消, 删除我的信息) are decided before it, in
 * the commands module; everything else a person writes is judged here.
 */
import { readFileSync } from 'node:fs';
import { INTENTS, type CorpusExample, type UnderstoodIntent } from './corpus.js';
import { predict, train, vectorize, type LogRegModel } from './logreg.js';
import { messageFeatures } from './message-features.js';

const DIM = 1 << 18;
export const INTENT_MODEL_FILE = new URL('./models/intent.json', import.meta.url);

/** From this probability a small-talk, off-topic or injection verdict is acted on alone (below it, the message is still searched as a question). */
export const INTENT_SURE = 0.5;

/** The classifier's verdict: the most likely intent and every class's probability. */
export interface IntentVerdict {
  intent: UnderstoodIntent;
  confidence: number;
  probabilities: Record<UnderstoodIntent, number>;
}

function features(text: string, asked?: string) {
  return vectorize(messageFeatures(text, asked ? { asked } : {}), DIM);
}

/** Train the intent model on corpus examples (balanced class weights). */
export function trainIntentModel(examples: CorpusExample[], opts: { epochs?: number; learningRate?: number; l2?: number; maxClassWeight?: number } = {}): LogRegModel {
  const classes = [...INTENTS];
  const xs = examples.map((e) => features(e.question, e.asked));
  const ys = examples.map((e) => classes.indexOf(e.intent));
  const counts = classes.map((_, c) => ys.filter((y) => y === c).length);
  const classWeight = counts.map((n) => (n ? Math.min(opts.maxClassWeight ?? 4, examples.length / (classes.length * n)) : 1));
  const model = train('intent', classes, DIM, xs, ys, { epochs: opts.epochs ?? 120, learningRate: opts.learningRate ?? 0.3, l2: opts.l2 ?? 2e-5, classWeight });
  return { ...model, meta: { ...model.meta, counts: Object.fromEntries(classes.map((c, i) => [c, counts[i]])) } };
}

let shipped: LogRegModel | undefined;

/** The shipped model (read once). */
export function intentModel(): LogRegModel {
  shipped ??= JSON.parse(readFileSync(INTENT_MODEL_FILE, 'utf8')) as LogRegModel;
  return shipped;
}

/** Classify one message; `asked` is the lead field the bot has just asked for, during capture. */
export function classifyMessage(text: string, opts: { asked?: string; model?: LogRegModel } = {}): IntentVerdict {
  const model = opts.model ?? intentModel();
  const p = predict(model, features(text, opts.asked));
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  const probabilities = Object.fromEntries(model.classes.map((c, i) => [c, p[i]!])) as Record<UnderstoodIntent, number>;
  return { intent: model.classes[best] as UnderstoodIntent, confidence: p[best]!, probabilities };
}
