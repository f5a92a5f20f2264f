/** Fakes of the dialog's collaborators, implementing our own ports. */
import { testConfig, type Config } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Deliverer, LeadEvent, Logger, QuestionService, StaffDesk } from '../../src/core/ports.js';
import type { ConversationRef, Inbound, Outbound, Passage, Turn } from '../../src/core/types.js';
import { createAssistant } from '../../src/dialog/create-assistant.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import type { IntentClassifier } from '../../src/dialog/intent.js';
import { openStore, type SqliteStore } from '../../src/store/index.js';

/** Answers every question with "ANSWER: <question>" and records what it was asked. */
export class FakeQuestions implements QuestionService {
  calls: { question: string; history: Turn[] }[] = [];
  /** Yield to the event loop before answering, like a real retrieval would. */
  slow = false;
  /** Reply as a knowledge base that does not cover the question. */
  unanswered = false;
  /** Throw this instead of answering (a retrieval or model failure the service did not handle). */
  failWith: Error | undefined;
  /** Cite this document in answers. */
  cites: string | undefined;
  async reply(input: { question: string; history: Turn[] }): Promise<Outbound & { sources: Passage[] }> {
    this.calls.push({ question: input.question, history: input.history });
    if (this.failWith) throw this.failWith;
    if (this.slow) await new Promise((res) => setImmediate(res));
    if (this.unanswered) return { text: 'NOT COVERED', citations: [], answered: false, handoffOffered: true, intent: 'question', speaker: 'bot', sources: [] };
    const citations = this.cites ? [{ n: 1, title: '文件', path: this.cites, headingPath: [], text: '……', score: 0.8 }] : [];
    return { text: `ANSWER: ${input.question}`, citations, answered: true, handoffOffered: false, intent: 'question', speaker: 'bot', sources: [] };
  }
}

/** A desk that records events and can be told to fail. */
export class FakeDesk implements StaffDesk {
  events: LeadEvent[] = [];
  notices: string[] = [];
  failing = false;
  attempts = 0;
  constructor(readonly name = 'fake') {}
  async notify(event: LeadEvent): Promise<void> {
    this.attempts++;
    if (this.failing) throw new Error('desk down');
    this.events.push(event);
  }
  async notice(text: string): Promise<void> {
    this.notices.push(text);
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

/** Collects delivered messages per channel. */
export class FakeDeliverer implements Deliverer {
  delivered: { ref: ConversationRef; message: Outbound }[] = [];
  async deliver(ref: ConversationRef, message: Outbound): Promise<void> {
    this.delivered.push({ ref, message });
  }
}

export interface Rig {
  store: SqliteStore;
  clock: ManualClock;
  questions: FakeQuestions;
  desk: FakeDesk;
  deliverer: FakeDeliverer;
  config: Config;
  handle: ReturnType<typeof createAssistant>;
  say(text: string, over?: Partial<Inbound>): Promise<Outbound[]>;
}

/** An assistant over a store at `path` (':memory:' by default) with fakes around it. */
export function rig(opts: { path?: string; clock?: ManualClock; config?: Partial<Record<keyof Config, string>>; desk?: FakeDesk; classifier?: IntentClassifier; logger?: Logger } = {}): Rig {
  const clock = opts.clock ?? new ManualClock();
  const store = openStore({ path: opts.path ?? ':memory:' }, clock);
  const questions = new FakeQuestions();
  const desk = opts.desk ?? new FakeDesk();
  const deliverer = new FakeDeliverer();
  const delivery = new DeliveryRouter();
  delivery.register('wechat', deliverer);
  delivery.register('web', deliverer);
  const config = testConfig(opts.config ?? {});
  const handle = createAssistant({ store, questions, desks: [desk], delivery, clock, ids: sequentialIds('lead'), logger: opts.logger ?? silentLogger, config, ...(opts.classifier ? { classifier: opts.classifier } : {}) });
  const say = (text: string, over: Partial<Inbound> = {}) =>
    handle.assistant.handle({ channel: 'wechat', conversationId: 'c1', userId: 'u1', text, ...over });
  return { store, clock, questions, desk, deliverer, config, handle, say };
}
