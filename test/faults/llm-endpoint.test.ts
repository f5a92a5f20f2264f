/**
 * Fault 1: the chat model endpoint is down, slow or answering garbage. Through the whole core
 * (`buildCore` + `assistant.handle`, the real `openai` SDK against a loopback fake), every question
 * still gets a cited extractive answer, and after repeated failures the circuit breaker stops
 * sending requests to the endpoint at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Outbound } from '../../src/core/types.js';
import { buildCore, type Core } from '../../src/server.js';
import { FakeOpenAI, refusedPort, type FakeMode } from './fake-openai.js';
import { ANSWERABLE_ZH, buildIndex, cleanupDirs, copyIndex, faultConfig, SECRETS, smallKnowledge, tempDir, visibleText, type Overrides } from './helpers.js';

const dirs: string[] = [];
let indexDir = '';
const fake = new FakeOpenAI();
const cores: Core[] = [];

beforeAll(async () => {
  indexDir = tempDir(dirs);
  // Two documents are enough here, and ingest fast.
  await buildIndex(faultConfig(indexDir, { KNOWLEDGE_DIR: smallKnowledge(dirs) }));
  await fake.start();
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
afterAll(async () => {
  await fake.stop();
  cleanupDirs(dirs);
});

const QUESTIONS = 5;

/** An answer request (system + user prompt), as opposed to the intent classifier's single user message. */
const isAnswerCall = (c: { messages: { role: string }[] }) => c.messages.some((m) => m.role === 'system');

async function coreWithLlm(baseUrl: string, over: Overrides = {}): Promise<{ core: Core; clock: ManualClock }> {
  const dataDir = tempDir(dirs);
  copyIndex(indexDir, dataDir);
  const config = faultConfig(dataDir, {
    LLM_PROVIDER: 'openai',
    LLM_BASE_URL: baseUrl,
    LLM_API_KEY: SECRETS.LLM_API_KEY,
    LLM_TIMEOUT_MS: '300',
    LLM_MAX_RETRIES: '0',
    ...over,
  });
  const clock = new ManualClock();
  const core = await buildCore(config, { logger: silentLogger, clock, ids: sequentialIds('lead') });
  cores.push(core);
  return { core, clock };
}

/** Ask the answerable question once per fresh conversation (no history: the condenser stays out). */
async function askMany(core: Core, n: number, tag: string): Promise<Outbound[][]> {
  const out: Outbound[][] = [];
  for (let i = 0; i < n; i++) out.push(await core.assistant.handle({ channel: 'web', conversationId: `${tag}-${i}`, userId: `${tag}-u${i}`, text: ANSWERABLE_ZH }));
  return out;
}

function expectCitedExtractive(replies: Outbound[]): void {
  expect(replies).toHaveLength(1);
  const [o] = replies;
  expect(o!.answered, o!.text).toBe(true);
  expect(o!.speaker).toBe('bot');
  expect(o!.citations.length).toBeGreaterThan(0);
  expect(o!.text).toMatch(/\[1\]/);
  // The extractive answer quotes the knowledge base: the six industries of six-advantage-industries.md.
  expect(o!.text).toContain('电子信息');
  expect(visibleText(replies)).not.toContain(SECRETS.LLM_API_KEY);
}

describe('fault 1: LLM endpoint failing', () => {
  it('baseline: a healthy endpoint is really used (the fake sees the call and its reply is shown)', async () => {
    fake.chatMode = 'ok';
    fake.respond = () => '资兴的优势产业包括大数据和电子信息。[1]';
    const before = fake.chatCalls.length;
    const { core } = await coreWithLlm(fake.baseUrl);
    const [replies] = await askMany(core, 1, 'base');
    // One call: the answer (the intent model is sure this is a question, so the LLM is not asked for the intent).
    expect(fake.chatCalls.length).toBe(before + 1);
    expect(fake.chatCalls.slice(before).filter(isAnswerCall)).toHaveLength(1);
    expect(replies![0]!.text).toContain('资兴的优势产业包括大数据和电子信息。[1]');
    expect(replies![0]!.citations.length).toBe(1);
  });

  it('connection refused: every question gets a cited extractive answer', async () => {
    const port = await refusedPort();
    const { core } = await coreWithLlm(`http://127.0.0.1:${port}/v1`);
    for (const replies of await askMany(core, QUESTIONS, 'down')) expectCitedExtractive(replies);
  });

  const garbage: [string, FakeMode][] = [
    ['slower than LLM_TIMEOUT_MS', 'slow'],
    ['HTTP 200 with a non-JSON body', 'non_json'],
    ['HTTP 200 JSON of the wrong shape', 'wrong_shape'],
    ['HTTP 200 with an empty reply', 'empty'],
    ['HTTP 500', 'http500'],
  ];
  for (const [what, mode] of garbage) {
    it(`${what}: cited extractive answers, and the circuit breaker stops calling after repeated failures`, async () => {
      fake.chatMode = mode;
      const { core } = await coreWithLlm(fake.baseUrl);
      const before = fake.chatCalls.length;
      for (const replies of await askMany(core, QUESTIONS, mode)) expectCitedExtractive(replies);
      const calls = fake.chatCalls.length - before;
      expect(calls).toBeGreaterThan(0);
      // Breaker threshold is 3 consecutive failures: the first three questions' answer calls fail, then it is open.
      expect(calls).toBeLessThan(QUESTIONS);
      expect(calls).toBe(3);
    });
  }

  it('after the cool-down a trial request goes out again and a recovered endpoint is used', async () => {
    fake.chatMode = 'http500';
    const { core, clock } = await coreWithLlm(fake.baseUrl);
    const before = fake.chatCalls.length;
    await askMany(core, QUESTIONS, 'cool');
    expect(fake.chatCalls.length - before).toBe(3);

    fake.chatMode = 'ok';
    fake.respond = () => '资兴的优势产业包括大数据和电子信息。[1]';
    // Still open: the recovered endpoint is not tried yet, the answer is extractive.
    const [still] = await askMany(core, 1, 'cool-open');
    expectCitedExtractive(still!);
    expect(fake.chatCalls.length - before).toBe(3);

    clock.advance(61_000);
    const [trial] = await askMany(core, 1, 'cool-trial');
    // The trial (the answer call: the intent model needs no LLM here) succeeds and closes the circuit.
    expect(fake.chatCalls.length - before).toBe(4);
    expect(fake.chatCalls.slice(before).filter(isAnswerCall)).toHaveLength(4);
    expect(trial![0]!.text).toContain('资兴的优势产业包括大数据和电子信息。[1]');
  });

  it('a stream that stalls midway is cut by the deadline and the streamed text is superseded', async () => {
    fake.chatMode = 'stall';
    const { core } = await coreWithLlm(fake.baseUrl);
    const deltas: string[] = [];
    const replies = await core.assistant.handle({ channel: 'web', conversationId: 'stream-1', userId: 'su', text: ANSWERABLE_ZH }, { onDelta: (d) => deltas.push(d) });
    // The first delta did stream before the endpoint went silent…
    expect(deltas.join('')).toContain('资兴工业用地');
    // …and the final reply is the complete, cited extractive answer, not the half sentence.
    expectCitedExtractive(replies);
    expect(replies[0]!.text).not.toContain('资兴工业用地');
  });
});
