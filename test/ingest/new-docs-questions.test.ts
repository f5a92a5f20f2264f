/**
 * The knowledge editor's day: the sample knowledge base plus the fixture policy files in one
 * folder, ingested, and the fixture questions asked the way people ask them, through the batch
 * interface (`runCase`, what `npm run --silent ask -- --jsonl` runs). The answer layer is being
 * rebuilt elsewhere, so this test reports answer accuracy and asserts what ingest and retrieval
 * own: each covered question's document is among the top 5 sources (the reply's, or retrieval's
 * when the reply is a refusal and shows none), and no reply states a figure that is in no source.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/log.js';
import { scoreAnswers, type AnswerScores } from '../../tools/eval/answer-metrics.js';
import { readNewDocCases, type NewDocCase } from '../../tools/eval/new-docs-eval.js';
import { openBatchCore, runCase, type BatchCore, type BatchReply } from '../../src/channels/cli/batch.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { NEW_DOCS } from './helpers.js';

/**
 * TODO(answer layer): the answer accuracy the rebuilt answerer must reach on these questions.
 * Switch ENFORCE_ANSWER_THRESHOLD on when it lands; until then the score is only reported.
 */
const ANSWER_ACCURACY_THRESHOLD = 0.85;
const ENFORCE_ANSWER_THRESHOLD = false;

/**
 * Covered questions whose document retrieval does not yet bring into the top 5, each with why.
 * A miss outside this list fails the test; a listed case that starts hitting is reported.
 */
const KNOWN_RETRIEVAL_GAPS: Record<string, string> = {
  'nd-37': 'English question, Chinese-only document',
  'nd-34': '本地人 for 本市户籍劳动者: no shared term',
  'nd-44': '刻章 for 印章刻制: no shared term',
};

const QUESTIONS = fileURLToPath(new URL('../fixtures/new-docs/questions.jsonl', import.meta.url));
const KNOWLEDGE = fileURLToPath(new URL('../../knowledge', import.meta.url));

/** The cases, as `npm run eval` reads them: a follow-up without its own history carries the question before it (same document). */
const fixtureCases = (): NewDocCase[] => readNewDocCases(QUESTIONS);

describe('fixture questions over the sample plus the fixture documents', () => {
  const cases = fixtureCases();
  let root: string;
  let core: BatchCore;
  let replies: BatchReply[];
  let scores: AnswerScores;
  /** Top-5 passages per case: the reply's sources, or — for a refusal, which shows none — what retrieval returns. */
  const top5 = new Map<string, { path: string }[]>();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'zx-newdocs-'));
    cpSync(KNOWLEDGE, join(root, 'knowledge'), { recursive: true });
    cpSync(NEW_DOCS, join(root, 'knowledge', 'policy', 'new'), { recursive: true });
    const config = testConfig({ KNOWLEDGE_DIR: join(root, 'knowledge'), DATA_DIR: join(root, 'data') });
    const summary = await runIngest(config);
    expect(summary.errors).toEqual([]);
    core = await openBatchCore(config, silentLogger);
    replies = [];
    for (const c of cases) {
      const reply = await runCase(core, c);
      replies.push(reply);
      // A follow-up is searched with the question before it, as the dialog's rewriting would.
      const query = [...(c.history ?? []), c.question].join(' ');
      top5.set(c.id, reply.sources.length ? reply.sources.slice(0, 5) : (await core.kb.retrieve(query, { k: 5 })).passages);
    }
    scores = scoreAnswers(cases, replies);
    if (process.env.NEW_DOCS_DUMP) (await import('node:fs')).writeFileSync(process.env.NEW_DOCS_DUMP, replies.map((r) => JSON.stringify(r)).join('\n'));
    const fails = scores.cases.filter((s) => !s.pass).map((s) => s.id);
    console.log(
      `[new-docs] answer accuracy ${scores.answerAccuracy.toFixed(3)} (${scores.factCases} fact cases; threshold ${ANSWER_ACCURACY_THRESHOLD} ${ENFORCE_ANSWER_THRESHOLD ? 'enforced' : 'not yet enforced'}), ` +
        `facts in sources ${scores.retrievalAccuracy.toFixed(3)}, refusals ${scores.refusalCorrect}/${scores.refusalCases}, ` +
        `invented figures ${scores.inventedFigures}; failing: ${fails.join(' ')}`,
    );
  }, 240_000);
  afterAll(() => {
    core?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('has the document of every covered question among the top 5 sources, known gaps aside', () => {
    const covered = cases.filter((c) => c.doc && c.expect.facts?.length);
    expect(covered.length).toBeGreaterThanOrEqual(40);
    const missed = covered
      .filter((c) => !top5.get(c.id)!.some((s) => s.path.includes(`/new/${c.doc}.`)))
      .map((c) => c.id);
    const healed = Object.keys(KNOWN_RETRIEVAL_GAPS).filter((id) => !missed.includes(id));
    if (healed.length) console.log(`[new-docs] known retrieval gaps now retrieved (remove them from the list): ${healed.join(' ')}`);
    expect(missed.filter((id) => !(id in KNOWN_RETRIEVAL_GAPS))).toEqual([]);
  });

  it('states no figure that is in no source', () => {
    expect(scores.cases.filter((s) => s.invented.length).map((s) => `${s.id}: ${s.invented.join(', ')}`)).toEqual([]);
  });

  it.runIf(ENFORCE_ANSWER_THRESHOLD)(`answers at least ${ANSWER_ACCURACY_THRESHOLD} of the fact questions with the facts`, () => {
    expect(scores.answerAccuracy).toBeGreaterThanOrEqual(ANSWER_ACCURACY_THRESHOLD);
  });
});
