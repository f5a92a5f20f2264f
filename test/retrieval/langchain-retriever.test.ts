/**
 * The knowledge base as a LangChain retriever: a real index over knowledge/, and the chain of
 * docs/langchain.md (ZixingRetriever → prompt → chat model) run with @langchain/core's echoing
 * FakeChatModel, so nothing leaves the machine. The fake only echoes, so the assertions are on
 * the Documents the chain returns and on the prompt the model was given, not on its "answer".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { Document } from '@langchain/core/documents';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { FakeChatModel } from '@langchain/core/utils/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, type Config } from '../../src/config.js';
import type { RetrievalResult } from '../../src/core/types.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { EmbedderEmbeddings, LocalHashEmbedder, openKnowledgeBase, ZixingRetriever, type KnowledgeBase, type PassageMetadata } from '../../src/retrieval/index.js';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge', import.meta.url));
const COVERED = '鹏博士资兴算力中心总投资多少？';
// Near misses rank (the computing centre's 20 亩), but the price of land is in no passage.
const UNCOVERED = '资兴工业用地每亩多少钱？';
const NOT_COVERED = 'NOT COVERED';

/** FakeChatModel (echoes its input) that also keeps the messages it was given. */
class RecordingChatModel extends FakeChatModel {
  readonly prompts: BaseMessage[][] = [];
  override async _generate(messages: BaseMessage[], options?: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    this.prompts.push(messages);
    return super._generate(messages, options, runManager);
  }
}

// ── The chain of docs/langchain.md (keep the two alike) ──────────────────────────────────────
function formatPassages(docs: Document<PassageMetadata>[]): string {
  // Unanswerable: give the model no passages to answer from, only the instruction to say so.
  if (!docs[0]?.metadata.answerable) return NOT_COVERED;
  return docs.map((d) => `[${d.metadata.rank}] 《${d.metadata.title}》 ${d.metadata.headingPath.join(' › ')} (${d.metadata.path})\n${d.pageContent}`).join('\n\n');
}

const prompt = ChatPromptTemplate.fromMessages([
  [
    'system',
    'You answer investors’ questions about Zixing from the numbered passages only, citing them as [n]. ' +
      `If the passages are ${NOT_COVERED}, say that the knowledge base does not cover the question and offer to connect a member of the investment bureau; never guess a figure.`,
  ],
  ['human', 'Passages:\n{context}\n\nQuestion: {question}'],
]);

/** What the chain returns: the question, its Documents, the prompt's passages, the model's answer. */
interface ChainOutput {
  question: string;
  docs: Document<PassageMetadata>[];
  context: string;
  answer: string;
}

function buildChain(retriever: ZixingRetriever, model: BaseChatModel) {
  return RunnableSequence.from<string, ChainOutput>([
    { question: new RunnablePassthrough<string>(), docs: retriever },
    RunnablePassthrough.assign({ context: (x: { docs: Document<PassageMetadata>[] }) => formatPassages(x.docs) }),
    RunnablePassthrough.assign({ answer: prompt.pipe(model).pipe(new StringOutputParser()) }),
  ]);
}
// ─────────────────────────────────────────────────────────────────────────────────────────────

let root = '';
let config: Config;
let kb: KnowledgeBase;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zx-langchain-'));
  config = testConfig({ KNOWLEDGE_DIR: KNOWLEDGE, DATA_DIR: root });
  await runIngest(config);
  kb = await openKnowledgeBase(config);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const textOf = (m: BaseMessage) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content));

describe('ZixingRetriever in an LCEL chain over the sample knowledge base', () => {
  it('a covered question: cited Documents, answerable, and the passages in the prompt', async () => {
    const model = new RecordingChatModel({});
    const out = await buildChain(new ZixingRetriever({ retriever: kb }), model).invoke(COVERED);
    const { docs } = out;
    const direct = await kb.retrieve(COVERED);

    expect(docs).toHaveLength(config.RETRIEVAL_TOP_K);
    const top = docs[0]!;
    expect(top.metadata).toMatchObject({
      path: 'knowledge/project/dr-peng-zixing-computing-centre.md',
      headingPath: ['用地和投资规模'],
      rank: 1,
      query: COVERED,
      answerable: true,
      answerProbability: direct.confidence,
    });
    expect(top.pageContent).toContain('30亿元');
    expect(top.id).toBe(top.metadata.chunkId);
    expect(top.metadata.title).toBeTruthy();
    expect(top.metadata.source).toMatch(/湖南日报/);
    // The same passages, in the same order, as the bot's own retrieval; best first.
    expect(docs.map((d) => [d.metadata.path, d.metadata.score])).toEqual(direct.passages.map((p) => [p.path, p.score]));
    const scores = docs.map((d) => d.metadata.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const d of docs) expect(d.metadata.score).toBeGreaterThanOrEqual(0), expect(d.metadata.score).toBeLessThanOrEqual(1);
    expect(docs.every((d) => d.metadata.answerable)).toBe(true);

    expect(model.prompts).toHaveLength(1);
    const [system, human] = model.prompts[0]!;
    expect(system!.type).toBe('system');
    expect(human!.type).toBe('human');
    const asked = textOf(human!);
    expect(asked).toContain(`Question: ${COVERED}`);
    expect(asked).toContain(`[1] 《${top.metadata.title}》 用地和投资规模 (knowledge/project/dr-peng-zixing-computing-centre.md)`);
    expect(asked).toContain('30亿元');
    expect(asked).not.toContain(NOT_COVERED);
    expect(typeof out.answer).toBe('string');
  });

  it('an uncovered question: Documents marked unanswerable, and no passage reaches the prompt', async () => {
    const model = new RecordingChatModel({});
    const { docs } = await buildChain(new ZixingRetriever({ retriever: kb }), model).invoke(UNCOVERED);
    const direct = await kb.retrieve(UNCOVERED);
    expect(direct.relevant).toBe(false);

    // The near misses are still returned, so a caller can see what was close, but each says no.
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect(d.metadata).toMatchObject({ answerable: false, answerProbability: direct.confidence, query: UNCOVERED });
    expect(docs[0]!.metadata.answerProbability).toBeLessThan(0.6);
    expect(docs[0]!.metadata.path).toMatch(/^knowledge\//);
    expect(Array.isArray(docs[0]!.metadata.headingPath)).toBe(true);
    const scores = docs.map((d) => d.metadata.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const asked = textOf(model.prompts[0]![1]!);
    expect(asked).toContain(`Question: ${UNCOVERED}`);
    expect(asked).toContain(`Passages:\n${NOT_COVERED}`);
    // The top near miss carries figures (20亩, 30亿元); none may reach a model told to answer.
    expect(asked).not.toMatch(/\d/);
    expect(asked).not.toContain('knowledge/');
  });

  it('takes the verdict from an injected answerability function, sync or async', async () => {
    const calls: [string, RetrievalResult][] = [];
    const learned = async (question: string, retrieval: RetrievalResult) => {
      calls.push([question, retrieval]);
      return { answerable: true, probability: 0.25 };
    };
    const docs = await new ZixingRetriever({ retriever: kb, answerability: learned }).invoke(UNCOVERED);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(UNCOVERED);
    expect(calls[0]![1].relevant).toBe(false);
    expect(calls[0]![1].passages.map((p) => p.id)).toEqual(docs.map((d) => d.metadata.chunkId));
    for (const d of docs) expect(d.metadata).toMatchObject({ answerable: true, answerProbability: 0.25 });

    const never = () => ({ answerable: false, probability: 0 });
    const refused = await new ZixingRetriever({ retriever: kb, answerability: never }).invoke(COVERED);
    expect(refused[0]!.metadata).toMatchObject({ path: 'knowledge/project/dr-peng-zixing-computing-centre.md', answerable: false, answerProbability: 0 });
  });

  it('honours k, and returns nothing for an empty question', async () => {
    const two = await new ZixingRetriever({ retriever: kb, k: 2 }).invoke(COVERED);
    expect(two.map((d) => d.metadata.rank)).toEqual([1, 2]);
    expect(await new ZixingRetriever({ retriever: kb }).invoke('   ')).toEqual([]);
  });
});

describe('the embedders as LangChain Embeddings', () => {
  it('EmbedderEmbeddings passes the local embedder through: different texts, different vectors', async () => {
    const local = new LocalHashEmbedder(config.LOCAL_EMBEDDING_DIM);
    const lc = new EmbedderEmbeddings(local);
    const [a, b] = await lc.embedDocuments(['鹏博士资兴算力中心', '东江湖大数据产业园']);
    expect(a).toHaveLength(local.dimension);
    expect(a).not.toEqual(b);
    expect(await lc.embedQuery('鹏博士资兴算力中心')).toEqual(await local.embedQuery('鹏博士资兴算力中心'));
  });
});
