/**
 * Fault 2: EMBEDDINGS_PROVIDER=openai, the endpoint worked at ingest and fails at query time
 * (down, HTTP 500, garbage). The user must still get a reply; the design asks for more: a BM25-only
 * answer, since half of the hybrid retriever does not need the embedder at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Outbound } from '../../src/core/types.js';
import { buildCore, type Core } from '../../src/server.js';
import { FakeOpenAI, refusedPort, type FakeMode } from './fake-openai.js';
import { ANSWERABLE_ZH, buildIndex, cleanupDirs, copyIndex, faultConfig, SECRETS, smallKnowledge, tempDir, visibleText } from './helpers.js';

const dirs: string[] = [];
let indexDir = '';
const fake = new FakeOpenAI();
const cores: Core[] = [];

let knowledgeDir = '';
const embedOverrides = (baseUrl: string) => ({
  KNOWLEDGE_DIR: knowledgeDir,
  EMBEDDINGS_PROVIDER: 'openai',
  EMBEDDINGS_BASE_URL: baseUrl,
  EMBEDDINGS_API_KEY: SECRETS.EMBEDDINGS_API_KEY,
  EMBEDDINGS_MODEL: 'fake-embed',
  EMBEDDINGS_TIMEOUT_MS: '10000',
});

beforeAll(async () => {
  await fake.start();
  knowledgeDir = smallKnowledge(dirs);
  indexDir = tempDir(dirs);
  fake.embedMode = 'ok';
  await buildIndex(faultConfig(indexDir, embedOverrides(fake.baseUrl)));
  expect(fake.embedCalls.length).toBeGreaterThan(0);
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
afterAll(async () => {
  await fake.stop();
  cleanupDirs(dirs);
});

async function coreAt(baseUrl: string): Promise<Core> {
  const dataDir = tempDir(dirs);
  copyIndex(indexDir, dataDir);
  const core = await buildCore(faultConfig(dataDir, embedOverrides(baseUrl)), { logger: silentLogger, clock: new ManualClock(), ids: sequentialIds('lead') });
  cores.push(core);
  return core;
}

const ask = (core: Core, id: string): Promise<Outbound[]> => core.assistant.handle({ channel: 'web', conversationId: id, userId: `u-${id}`, text: ANSWERABLE_ZH });

function expectPoliteReply(replies: Outbound[]): void {
  expect(replies.length).toBeGreaterThan(0);
  const [o] = replies;
  expect(o!.text.length).toBeGreaterThan(0);
  expect(visibleText(replies)).not.toContain(SECRETS.EMBEDDINGS_API_KEY);
  // BM25 still answers the question when the embeddings endpoint is down, with its source.
  expect(o!.answered).toBe(true);
  expect(o!.citations.length).toBeGreaterThan(0);
}

function expectCitedAnswer(replies: Outbound[]): void {
  const [o] = replies;
  expect(o!.answered).toBe(true);
  expect(o!.citations.length).toBeGreaterThan(0);
  expect(o!.text).toContain('电子信息');
}

const failures: [string, FakeMode][] = [
  ['HTTP 200 with a non-JSON body', 'non_json'],
  ['HTTP 200 JSON of the wrong shape', 'wrong_shape'],
  // HTTP 500 is retried like a refused connection (3 retries, 0.5/1/2 s back-off): covered by that case.
];

describe('fault 2: embeddings endpoint failing at query time', () => {
  it('baseline: with the endpoint healthy the question is answered through it', async () => {
    fake.embedMode = 'ok';
    const core = await coreAt(fake.baseUrl);
    const before = fake.embedCalls.length;
    expectCitedAnswer(await ask(core, 'base'));
    expect(fake.embedCalls.length).toBeGreaterThan(before);
  });

  it('connection refused: the user still gets a polite reply and the core keeps working', async () => {
    const core = await coreAt(`http://127.0.0.1:${await refusedPort()}/v1`);
    expectPoliteReply(await ask(core, 'down'));
    // The conversation core itself is fine: lead capture does not need embeddings.
    const [lead] = await core.assistant.handle({ channel: 'web', conversationId: 'down-lead', userId: 'dl', text: '我想在资兴投资建厂，电话13800138000' });
    expect(lead!.intent).toBe('lead');
  });

  for (const [what, mode] of failures) {
    it(`${what}: the user still gets a polite reply`, async () => {
      fake.embedMode = mode;
      const core = await coreAt(fake.baseUrl);
      expectPoliteReply(await ask(core, mode));
      fake.embedMode = 'ok';
      // Recovery needs no restart.
      expectCitedAnswer(await ask(core, `${mode}-after`));
    });
  }

  // Was a bug: a failing embeddings endpoint failed the whole retrieval. HybridRetriever now
  // catches embedder errors and ranks with BM25 + term coverage alone.
  it('the answer degrades to BM25-only retrieval and still cites its source (non-JSON body)', async () => {
    fake.embedMode = 'non_json';
    const core = await coreAt(fake.baseUrl);
    expectCitedAnswer(await ask(core, 'bm25-only'));
  });

  // Was a bug: queries waited through ingest-style retries and hit a dead endpoint on every
  // question. embedQuery now does not retry, has a short timeout and a circuit breaker.
  it('after repeated failures the embeddings endpoint is skipped (fewer calls than questions)', async () => {
    fake.embedMode = 'non_json';
    const core = await coreAt(fake.baseUrl);
    const before = fake.embedCalls.length;
    for (let i = 0; i < 5; i++) expectPoliteReply(await ask(core, `breaker-${i}`));
    expect(fake.embedCalls.length - before).toBeLessThan(5);
  });
});
