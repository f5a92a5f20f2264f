/** Shared pieces of the fault-injection suite: temp data dirs, a prebuilt index, lead conversations. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { Assistant } from '../../src/core/ports.js';
import type { ChannelName, Outbound } from '../../src/core/types.js';
import { runIngest } from '../../src/ingest/run-ingest.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const KNOWLEDGE = join(ROOT, 'knowledge');
export const PROMPTS = join(ROOT, 'prompts');

/** A question the sample knowledge base answers with a citation. */
export const ANSWERABLE_ZH = '资兴有哪些优势产业？';

/** Distinctive fake secrets: none may ever appear in a reply. */
export const SECRETS = {
  LLM_API_KEY: 'sk-FAKE-llm-key-7f3a9c2e1b',
  EMBEDDINGS_API_KEY: 'sk-FAKE-embed-key-4d8e6a0f2c',
  CONSOLE_TOKEN: 'console-FAKE-token-9b1d7e3f5a',
  SLACK_BOT_TOKEN: 'xoxb-FAKE-bot-token-2c4e6a8b0d',
  SLACK_SIGNING_SECRET: 'FAKE-signing-secret-1a3c5e7f9b',
} as const;

export type Overrides = Partial<Record<keyof Config, string>>;

/** Make a temp dir and remember it for `cleanupDirs`. */
export function tempDir(dirs: string[], prefix = 'zx-fault-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Remove the temp dirs made by `tempDir`. */
export function cleanupDirs(dirs: string[]): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A test config over `dataDir` with knowledge and prompts from the project. */
export function faultConfig(dataDir: string, overrides: Overrides = {}): Config {
  return testConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: KNOWLEDGE, PROMPTS_DIR: PROMPTS, ...overrides });
}

/** A small knowledge folder (two documents of the sample base) for tests that ingest often. */
export function smallKnowledge(dirs: string[]): string {
  const dir = tempDir(dirs, 'zx-fault-kb-');
  for (const f of ['industry/six-advantage-industries.md', 'policy/one-plus-eight-72-measures.md']) cpSync(join(KNOWLEDGE, f), join(dir, f), { recursive: true });
  return dir;
}

/** Ingest into `dataDir` once. */
export async function buildIndex(config: Config): Promise<void> {
  await runIngest(config, { logger: silentLogger, clock: new ManualClock() });
}

/** Copy a built index (only the index, not the database) into a fresh data dir. */
export function copyIndex(fromDataDir: string, toDataDir: string): void {
  cpSync(join(fromDataDir, 'index'), join(toDataDir, 'index'), { recursive: true });
}

/** The lead message of the suite; the phone makes each one distinct. */
export function leadMessage(phone: string): string {
  return `我们是深圳市华芯电子科技有限公司，计划投资2亿元建厂，联系人张三，电话${phone}`;
}

/**
 * A whole lead conversation: the lead in one message, "跳过" until the summary asks to check it,
 * then "确认". Returns every reply, in order.
 */
export async function captureLead(assistant: Assistant, where: { channel?: ChannelName; conversationId: string; userId: string }, phone: string): Promise<Outbound[]> {
  const say = (text: string) => assistant.handle({ channel: where.channel ?? 'web', conversationId: where.conversationId, userId: where.userId, text });
  const all: Outbound[] = [];
  all.push(...(await say(leadMessage(phone))));
  for (let i = 0; i < 8 && !all.at(-1)?.text.includes('请核对'); i++) all.push(...(await say('跳过')));
  all.push(...(await say('确认')));
  return all;
}

/** Every string of a reply a user could see (text, citations, actions). */
export function visibleText(replies: Outbound[]): string {
  return replies
    .map((o) => [o.text, o.staffName ?? '', ...(o.citations ?? []).flatMap((c) => [c.title, c.path, c.text]), ...(o.actions ?? []).flatMap((a) => [a.label, a.value ?? ''])].join('\n'))
    .join('\n');
}
