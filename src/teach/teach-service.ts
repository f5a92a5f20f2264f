/**
 * What staff do with a knowledge gap, and with an FAQ spreadsheet, from the console: link the
 * question (and its group) to a passage, write an answer (a Q&A document under knowledge/faq/),
 * mark it not our business (an off-topic example) or ignore it; import FAQ rows; undo any of it.
 * Each action is a taught item in the database with an audit row, is followed by an incremental
 * re-ingest, and returns how the assistant now replies to the question.
 */
import type { Clock, QuestionService, Retriever } from '../core/ports.js';
import type { Passage } from '../core/types.js';
import { CodedError } from '../core/errors.js';
import { redactPersonalData } from '../core/privacy.js';
import { importFaq, type FaqImport } from '../ingest/faq-import.js';
import { qaDocumentRel, renderQaDocument } from '../ingest/qa-document.js';
import { gapKey } from '../store/insights.js';
import type { Actor, GapLog, TaughtAuditEntry, TaughtItem, TaughtLedger } from '../store/taught-port.js';
import { realGaps, type GapGroup } from './gaps.js';
import { both } from '../core/texts/both.js';

/** How the assistant replies to a question now (after an action). */
export interface TryResult {
  question: string;
  answered: boolean;
  text: string;
  citations: { title: string; path: string }[];
}

/** The teaching actions. */
export interface TeachService {
  /** Real gaps of the last `days` days (default 90), grouped, most asked first. */
  gaps(opts?: { days?: number; limit?: number }): Promise<GapGroup[]>;
  search(query: string): Promise<Passage[]>;
  link(input: { questions: string[]; passage: { id: string; path: string; headingPath: string[] } }, actor: Actor): Promise<{ item: TaughtItem; now: TryResult }>;
  answer(input: { question: string; similar?: string[]; answer: string; source?: string; tags?: string[] }, actor: Actor): Promise<{ item: TaughtItem; now: TryResult }>;
  dismiss(kind: 'off_topic' | 'ignore', questions: string[], actor: Actor): Promise<{ item: TaughtItem }>;
  undo(id: string, actor: Actor): Promise<{ item: TaughtItem; now?: TryResult }>;
  audit(limit?: number): Promise<TaughtAuditEntry[]>;
  previewFaq(name: string, file: Buffer): Promise<FaqImport>;
  importFaq(name: string, file: Buffer, actor: Actor): Promise<{ items: TaughtItem[]; errors: FaqImport['errors'] }>;
  ask(question: string): Promise<TryResult>;
}

/** What the teaching actions need; `refresh` re-ingests (incrementally) and reloads the knowledge base. */
export interface TeachDeps {
  taught: TaughtLedger;
  gapLog: GapLog;
  retriever: Retriever;
  questions: QuestionService;
  refresh: () => Promise<unknown>;
  /** Questions the index holds now (for FAQ duplicates). */
  indexedQuestions: () => { question: string; path: string }[];
  clock: Clock;
}

const cleanQuestion = (q: string) => redactPersonalData(q).replace(/\s+/g, ' ').trim().slice(0, 200);

/** Build the teaching actions. */
export function createTeachService(deps: TeachDeps): TeachService {
  const { taught, clock } = deps;
  const today = () => new Date(clock.now()).toISOString().slice(0, 10);
  // One re-ingest at a time: actions in quick succession each see the previous one indexed.
  let chain: Promise<unknown> = Promise.resolve();
  const refresh = () => (chain = chain.then(deps.refresh, deps.refresh));
  const questionsOf = (list: string[]) => {
    const out = [...new Set(list.map(cleanQuestion).filter(Boolean))];
    if (out.length === 0) throw new CodedError('bad_request', both((t) => t.console.questionEmpty));
    return out;
  };

  const ask = async (question: string): Promise<TryResult> => {
    const r = await deps.questions.reply({ question, history: [] });
    return { question, answered: r.answered, text: r.text, citations: r.citations.map((c) => ({ title: c.title, path: c.path })) };
  };

  return {
    async gaps(opts = {}) {
      const handled = new Set((await taught.active()).flatMap((i) => i.questions.map(gapKey)));
      return realGaps(await deps.gapLog.gapOccurrences(clock.now() - (opts.days ?? 90) * 86_400_000), handled, opts.limit ?? 100);
    },
    async search(query) {
      const q = query.trim().slice(0, 200);
      if (!q) return [];
      return (await deps.retriever.retrieve(q, { k: 8 })).passages;
    },
    async link(input, actor) {
      const questions = questionsOf(input.questions);
      const item = await taught.add({ kind: 'link', questions, path: input.passage.path, chunkId: input.passage.id, headingPath: input.passage.headingPath, actor }, both((t) => t.console.auditLink(input.passage.path, questions.length)));
      await refresh();
      return { item, now: await ask(questions[0]!) };
    },
    async answer(input, actor) {
      const [question, ...similar] = questionsOf([input.question, ...(input.similar ?? [])]);
      const text = input.answer.trim();
      if (!text) throw new CodedError('bad_request', both((t) => t.console.answerEmpty));
      const source = input.source?.trim() || `${actor.name}（控制台，${today()}）`;
      const rel = qaDocumentRel(question!);
      const document = renderQaDocument({ question: question!, answer: text, similar, source, tags: input.tags ?? [], published: today() });
      const item = await taught.add({ kind: 'answer', questions: [question!, ...similar], path: rel, document, actor }, both((t) => t.console.auditAnswer(rel)));
      await refresh();
      return { item, now: await ask(question!) };
    },
    async dismiss(kind, list, actor) {
      const questions = questionsOf(list);
      return { item: await taught.add({ kind, questions, actor }, both((t) => (kind === 'off_topic' ? t.console.auditOffTopic : t.console.auditIgnore))) };
    },
    async undo(id, actor) {
      const item = await taught.undo(id, actor);
      if (item.kind === 'link' || item.kind === 'answer' || item.kind === 'import') {
        await refresh();
        return { item, now: await ask(item.questions[0]!) };
      }
      return { item };
    },
    audit: (limit) => taught.audit(limit),
    previewFaq: (name, file) => importFaq(name, file, { today: today(), existing: deps.indexedQuestions() }),
    async importFaq(name, file, actor) {
      const result = await importFaq(name, file, { today: today(), existing: deps.indexedQuestions() });
      const items: TaughtItem[] = [];
      for (const r of result.rows) items.push(await taught.add({ kind: 'import', questions: [r.question, ...r.similar].map(cleanQuestion), path: r.doc.rel, document: r.doc.text, actor }, both((t) => t.console.auditImport(r.row))));
      if (items.length) await refresh();
      return { items, errors: result.errors };
    },
    ask,
  };
}
