/**
 * Red-team findings: the question service logged whole queries at info with a phone mask that
 * missed +86, dashed, spaced, full-width and landline numbers and every WeChat id; and with an LLM
 * configured, the intent-classifier, condense and answer prompts carried `１３９１２３４５６７８`,
 * `1391 234 5678`, `0735 2345678`, `lisi_2024`, `zhangsan_88`, `wang_wu_99` and `张三`. One
 * redaction (`src/core/privacy.ts`) now covers every form the lead parser accepts, in logs and in
 * every prompt — and never touches knowledge passages.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiChatModel } from '../../src/answer/chat-model.js';
import { llmCondenser } from '../../src/answer/follow-up.js';
import { LlmAnswerer } from '../../src/answer/llm-answerer.js';
import { createQuestionService } from '../../src/answer/question-service.js';
import { loadPrompts } from '../../src/answer/templates.js';
import { testConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/core/log.js';
import type { Answerer } from '../../src/core/ports.js';
import { redactPersonalData } from '../../src/core/privacy.js';
import type { Passage, Turn } from '../../src/core/types.js';
import { llmIntentClassifier } from '../../src/dialog/llm-intent.js';
import { openStore } from '../../src/store/index.js';
import { fakeRetriever, retrievalOf, startFakeChatServer, type FakeChatServer } from '../answer/fixtures.js';
import { idLeft, nameForm, phoneForm, phoneLeft, wechatForm } from './pii-forms.js';

// The reported payloads, as an investor would type them.
const REPORTED = ['我叫张三，手机１３９１２３４５６７８', '电话 1391 234 5678', '座机 0735 2345678', '微信 lisi_2024', 'zhangsan_88', 'wx: wang_wu_99'];
const REPORTED_VALUES = ['１３９１２３４５６７８', '13912345678', '1391 234 5678', '0735 2345678', '2345678', 'lisi_2024', 'zhangsan_88', 'wang_wu_99', '张三'];

const HOTLINE: Passage = { id: 'p-hotline', docId: 'd', title: '资兴市招商服务', path: 'knowledge/service.md', headingPath: [], text: '资兴市投资促进服务热线为0735-3321234，工作日受理企业咨询。', score: 0.9, lang: 'zh' };

let server: FakeChatServer;
const prompts = loadPrompts('prompts');
beforeAll(async () => {
  server = await startFakeChatServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function chat() {
  const config = testConfig({ LLM_PROVIDER: 'openai', LLM_BASE_URL: server.baseURL, LLM_API_KEY: 'sk-test-key-123456', LLM_TIMEOUT_MS: '2000', LLM_MAX_RETRIES: '0' });
  return createOpenAiChatModel(config, { logger: silentLogger, breakerThreshold: 1_000_000 });
}
/** Everything the fake LLM received, as one text. */
const sent = () => server.requests.map((r) => r.body.messages.map((m) => m.content).join('\n')).join('\n');
const userTurns = (texts: string[]): Turn[] => texts.map((text, i) => ({ role: 'user', text, at: i }));
const extractive: Answerer = { name: 'stub', answer: async () => ({ text: 'x', cited: [], answered: false, handoffOffered: false }) };
const answerer = () => new LlmAnswerer({ chat: chat(), prompts, fallback: extractive, logger: silentLogger });

describe('redaction covers every form the lead parser accepts', () => {
  it('phones: +86, spaces, dashes, full-width, landlines', () => {
    fc.assert(
      fc.property(phoneForm, (f) => {
        expect(phoneLeft(redactPersonalData(f.text), f.digits)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('WeChat ids: labelled, bare wxid_, and typed on their own', () => {
    fc.assert(
      fc.property(wechatForm, (f) => {
        expect(idLeft(redactPersonalData(f.text), f.id)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('names introduced as names, and names a lead field holds', () => {
    fc.assert(
      fc.property(nameForm, (f) => {
        expect(redactPersonalData(f.text)).not.toContain(f.name);
        expect(redactPersonalData(`请转告${f.name}回电`, { known: [f.name] })).not.toContain(f.name);
      }),
    );
  });

  it('keeps the figures and wording of a question', () => {
    const q = '总投资估算30亿元的项目，用地约20亩，2026年7月投产，能享受哪些优惠？';
    expect(redactPersonalData(q)).toBe(q);
  });
});

describe('logs: what users typed is redacted in every field that carries it', () => {
  it('every generated phone and WeChat id is absent from the captured log line', () => {
    const lines: string[] = [];
    const log = createLogger('debug', {}, (l) => lines.push(l));
    const form = fc.oneof(phoneForm.map((f) => ({ text: f.text, left: (o: string) => phoneLeft(o, f.digits) })), wechatForm.map((f) => ({ text: f.text, left: (o: string) => idLeft(o, f.id) })));
    fc.assert(
      fc.property(form, fc.constantFrom('query', 'text', 'question'), (f, key) => {
        lines.length = 0;
        log.info('not covered', { [key]: f.text, confidence: 0.5 });
        const { t: _t, ...rest } = JSON.parse(lines[0]!) as Record<string, unknown>;
        expect(f.left(JSON.stringify(rest))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('the attack: the question service logs "not covered" and "topic without the asked detail" without the reported data', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', {}, (l) => lines.push(l));
    const config = testConfig();
    const empty = createQuestionService({ config, logger, retriever: { retrieve: async (query) => ({ passages: [], relevant: false, confidence: 0, query }) }, answerer: extractive });
    const some = createQuestionService({ config, logger, retriever: fakeRetriever([HOTLINE]), answerer: extractive });
    for (const text of REPORTED) {
      await empty.reply({ question: `资兴有什么政策？${text}`, history: [] });
      await some.reply({ question: `资兴招商服务热线？${text}`, history: [] });
    }
    const logged = lines.join('\n');
    expect(logged).toContain('not covered');
    expect(logged).toContain('topic without the asked detail');
    for (const v of REPORTED_VALUES) expect(logged).not.toContain(v);
  });
});

describe('knowledge gaps: staff read the question, not the person', () => {
  it('an unanswered question is listed without the phone or id typed into it', async () => {
    const s = openStore({ path: ':memory:' });
    const c = await s.ensureConversation({ channel: 'web', conversationId: 'g1', userId: 'u', lang: 'zh' });
    await s.addMessage({ conversation: c.id, role: 'user', text: '工业用地多少钱？我叫张三，电话１３９１２３４５６７８，微信 lisi_2024' });
    await s.addMessage({ conversation: c.id, role: 'assistant', text: 'x', outbound: { text: 'x', citations: [], answered: false, handoffOffered: true, intent: 'question', speaker: 'bot' } });
    const [gap] = await s.knowledgeGaps();
    expect(gap!.question).toContain('工业用地多少钱');
    for (const v of ['张三', '１３９１２３４５６７８', 'lisi_2024']) expect(gap!.question).not.toContain(v);
    s.close();
  });
});

describe('prompts: no personal data reaches the LLM', () => {
  it('the attack: classifier, condense and answer prompts carry none of the reported data', async () => {
    server.script({ kind: 'json', content: 'none' });
    const classifier = llmIntentClassifier(chat(), prompts.classifyIntent, silentLogger);
    for (const text of REPORTED) await classifier.classify(text);
    const condenser = llmCondenser(chat(), prompts.condense, silentLogger);
    await condenser.condense('那用地多大？', userTurns(REPORTED));
    await answerer().answer({ question: `热线是多少？我叫张三，电话１３９１２３４５６７８`, lang: 'zh', history: userTurns(REPORTED), retrieval: retrievalOf([HOTLINE]) });
    expect(server.requests.length).toBe(REPORTED.length + 2);
    const all = sent();
    for (const v of REPORTED_VALUES) expect(all).not.toContain(v);
    // The bureau's own hotline in the passage goes as written, so it can still be answered.
    expect(all).toContain('0735-3321234');
  });

  const form = fc.oneof(
    phoneForm.map((f) => ({ text: f.text, left: (o: string) => phoneLeft(o, f.digits) })),
    wechatForm.map((f) => ({ text: f.text, left: (o: string) => idLeft(o, f.id) })),
    nameForm.map((f) => ({ text: f.text, left: (o: string) => o.includes(f.name) })),
  );

  it('intent-classifier prompt: every generated form is absent', async () => {
    server.script({ kind: 'json', content: 'none' });
    const classifier = llmIntentClassifier(chat(), prompts.classifyIntent, silentLogger);
    await fc.assert(
      fc.asyncProperty(form, async (f) => {
        server.requests.length = 0;
        await classifier.classify(f.text);
        expect(server.requests).toHaveLength(1);
        expect(f.left(sent())).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('condense prompt (earlier messages and the question): every generated form is absent', async () => {
    server.script({ kind: 'json', content: '资兴的用地政策' });
    const condenser = llmCondenser(chat(), prompts.condense, silentLogger);
    await fc.assert(
      fc.asyncProperty(form, form, async (earlier, now) => {
        server.requests.length = 0;
        await condenser.condense(`那用地多大？${now.text}`, userTurns([`资兴经开区 ${earlier.text}`]));
        expect(server.requests).toHaveLength(1);
        expect(earlier.left(sent()) || now.left(sent())).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('answer prompt (question and history): every generated form is absent, the passage is intact', async () => {
    server.script({ kind: 'json', content: '资兴市投资促进服务热线为0735-3321234。[1]' });
    const a = answerer();
    await fc.assert(
      fc.asyncProperty(form, form, async (earlier, now) => {
        server.requests.length = 0;
        const answer = await a.answer({ question: `服务热线是多少？${now.text}`, lang: 'zh', history: userTurns([earlier.text]), retrieval: retrievalOf([HOTLINE]) });
        expect(server.requests).toHaveLength(1);
        expect(earlier.left(sent()) || now.left(sent())).toBe(false);
        expect(sent()).toContain(HOTLINE.text);
        expect(answer.text).toContain('0735-3321234');
      }),
      { numRuns: 60 },
    );
  });
});
