import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiChatModel } from '../../src/answer/chat-model.js';
import { loadPrompts } from '../../src/answer/templates.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/log.js';
import { createIntentClassifier, llmIntentClassifier } from '../../src/dialog/llm-intent.js';
import { startFakeChatServer, type FakeChatServer } from '../answer/fixtures.js';
import { rig } from './helpers.js';

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

// The real OpenAI SDK against a loopback OpenAI-compatible server.
function classifier() {
  const config = testConfig({ LLM_PROVIDER: 'openai', LLM_BASE_URL: server.baseURL, LLM_API_KEY: 'sk-test-key-123456', LLM_TIMEOUT_MS: '2000', LLM_MAX_RETRIES: '0' });
  const chat = createOpenAiChatModel(config, { logger: silentLogger });
  return llmIntentClassifier(chat, loadPrompts('prompts').classifyIntent, silentLogger);
}

describe('LLM intent classifier (only where the rules say nothing)', () => {
  it('starts lead capture when the model recognises an intent the rules missed', async () => {
    server.script({ kind: 'json', content: 'lead' });
    const r = rig({ classifier: classifier() });
    const replies = await r.say('我们这边有个锂电池正极材料的项目，一直在看中部的落脚点');
    expect(replies[0]!.intent).toBe('lead');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body.messages[0]!.content).toContain('锂电池正极材料');
  });

  it('leaves plain questions to the question service when the model says none', async () => {
    server.script({ kind: 'json', content: 'none' });
    const r = rig({ classifier: classifier() });
    const replies = await r.say('资兴有哪些优势产业？');
    expect(replies[0]!.intent).toBe('question');
    expect(r.questions.calls.map((c) => c.question)).toContain('资兴有哪些优势产业？');
  });

  it('lets the rules decide when the model fails or answers nonsense', async () => {
    server.script({ kind: 'status', status: 500 }, { kind: 'json', content: 'Sure! Here is a poem' });
    const r = rig({ classifier: classifier() });
    expect((await r.say('资兴有哪些优势产业？'))[0]!.intent).toBe('question');
    expect((await r.say('鹏博士资兴算力中心总投资多少？'))[0]!.intent).toBe('question');
  });

  it('is not asked when the rules already know (hand-off, lead)', async () => {
    const r = rig({ classifier: classifier() });
    expect((await r.say('转人工'))[0]!.intent).toBe('handoff');
    expect(server.requests).toHaveLength(0);
  });

  it('exists only when an LLM is configured', () => {
    expect(createIntentClassifier(testConfig(), silentLogger)).toBeUndefined();
  });
});
