/**
 * The labelled corpus the understanding models are trained and measured on (training/*.jsonl):
 * one user message a line with its intent, and for questions the answering document and span,
 * for lead messages the fields with the words they came from.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const INTENTS = ['question', 'lead', 'handoff', 'smalltalk', 'off_topic', 'injection'] as const;
/** What a user wants with one message. */
export type UnderstoodIntent = (typeof INTENTS)[number];

const span = z.object({ span: z.string().min(1) }).loose();

/** One labelled message. */
export const corpusExampleSchema = z.object({
  id: z.string().min(1),
  group: z.string().min(1),
  voice: z.string().min(1),
  lang: z.enum(['zh', 'en', 'mixed']),
  history: z.array(z.string()).optional(),
  question: z.string().min(1),
  intent: z.enum(INTENTS),
  covered: z.boolean().optional(),
  answer: z.object({ path: z.string(), span: z.string().min(1) }).optional(),
  facts: z.array(z.union([z.string(), z.array(z.string())])).optional(),
  not_covered: z.string().optional(),
  topic_path: z.string().optional(),
  fields: z
    .object({
      company: span.optional(),
      contactName: span.optional(),
      phone: span.optional(),
      wechatId: span.optional(),
      industry: span.optional(),
      investment: span.extend({ amountWan: z.number().positive(), currency: z.enum(['CNY', 'USD']).default('CNY') }).optional(),
      landOrSpace: span.extend({ value: z.number().positive(), unit: z.enum(['mu', 'm2', 'acre']) }).optional(),
      timeline: span.optional(),
    })
    .optional(),
  asked: z.string().optional(),
  correction: z.boolean().optional(),
});
export type CorpusExample = z.infer<typeof corpusExampleSchema>;

/** Read one split file (training/train.jsonl …). */
export function readCorpus(path: string): CorpusExample[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => corpusExampleSchema.parse(JSON.parse(l)));
}

/** Intent as the batch interface reports it (off-topic and injection are both `out_of_scope`). */
export function reportedIntent(intent: UnderstoodIntent): 'question' | 'lead' | 'handoff' | 'smalltalk' | 'out_of_scope' {
  return intent === 'off_topic' || intent === 'injection' ? 'out_of_scope' : intent;
}

/** A corpus example as an evaluation case of shared/eval's format (facts, answered:false, intent). */
export function toEvalCase(ex: CorpusExample): { id: string; question: string; history?: string[]; lang?: string; voice: string; expect: { facts?: (string | string[])[]; answered?: boolean; intent?: string } } {
  const expect: { facts?: (string | string[])[]; answered?: boolean; intent?: string } = {};
  if (ex.intent === 'question' && ex.covered !== false && ex.facts?.length) expect.facts = ex.facts;
  else if (ex.intent === 'question') expect.answered = false;
  else if (ex.intent === 'off_topic' || ex.intent === 'injection') expect.answered = false;
  if (ex.intent !== 'question') expect.intent = reportedIntent(ex.intent);
  return { id: ex.id, question: ex.question, ...(ex.history?.length ? { history: ex.history } : {}), ...(ex.lang === 'en' ? { lang: 'en' } : {}), voice: ex.voice, expect };
}
