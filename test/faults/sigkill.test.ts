/**
 * Fault 4: the process is killed (SIGKILL, no shutdown hook runs) while it is writing leads.
 * A child process captures leads in a loop on a temp DATA_DIR; after a few confirmed leads it is
 * killed mid-stream. Reopening the database: integrity_check is ok, every lead the investor was
 * told about is there, and the conversation cut mid-capture carries on at the next message.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { buildCore } from '../../src/server.js';
import { openStore } from '../../src/store/index.js';
import { buildIndex, cleanupDirs, copyIndex, faultConfig, ROOT, smallKnowledge, tempDir } from './helpers.js';

const dirs: string[] = [];
let indexDir = '';

beforeAll(async () => {
  indexDir = tempDir(dirs);
  // Two documents are enough here, and ingest fast.
  await buildIndex(faultConfig(indexDir, { KNOWLEDGE_DIR: smallKnowledge(dirs) }));
});
afterAll(() => cleanupDirs(dirs));

interface ChildRun {
  confirmed: { leadId: string; phone: string; conversationId: string }[];
  started: string[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Run the writer and SIGKILL it once `killAfter` leads are confirmed and the next capture has
 * started. `node --import tsx` rather than `npx tsx`: npx and the tsx CLI each put a process in
 * between, and a SIGKILL is not forwarded, so the writer would live on.
 */
function runAndKill(dataDir: string, killAfter: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/faults/child/lead-writer.ts'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { confirmed: [], started: [], signal: null, stderr: '' };
    let buf = '';
    let killed = false;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lead writer produced too little before the guard timeout: ${JSON.stringify(run)}`));
    }, 40_000);
    child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        const [kind, a, b, c] = line.split(' ');
        if (kind === 'CONFIRMED' && a && b && c) run.confirmed.push({ leadId: a, phone: b, conversationId: c });
        if (kind === 'STARTED' && a) run.started.push(a);
        // Kill in the middle of the next capture: its first message has been handled, more are coming.
        if (!killed && run.confirmed.length >= killAfter && run.started.length > run.confirmed.length) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      run.signal = signal;
      resolve(run);
    });
  });
}

describe('fault 4: SIGKILL while writing leads', () => {
  it('database intact, every confirmed lead kept, the cut conversation resumes', async () => {
    const dataDir = tempDir(dirs);
    copyIndex(indexDir, dataDir);
    const run = await runAndKill(dataDir, 3);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    expect(run.confirmed.length).toBeGreaterThanOrEqual(3);

    // The database file survived the kill.
    const store = openStore({ DATA_DIR: dataDir });
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      // Every lead the investor was told about is there, with its contact.
      for (const c of run.confirmed) {
        const lead = await store.getLead(c.leadId);
        expect(lead, `lead ${c.leadId}`).toBeDefined();
        expect(lead!.fields.phone).toBe(c.phone);
        expect(lead!.conversation).toBe(`web:${c.conversationId}`);
        expect(await store.leadsOfConversation(`web:${c.conversationId}`)).toHaveLength(1);
      }
      // Each confirmed lead's "created" notification is in the outbox (delivered or pending), not lost.
      const outboxLeadIds = new Set((await store.outboxItems()).map((i) => i.leadId));
      for (const c of run.confirmed) expect(outboxLeadIds.has(c.leadId)).toBe(true);
    } finally {
      store.close();
    }

    // The conversation that was cut mid-capture: the investor's next message carries on.
    const cut = run.started.find((id) => !run.confirmed.some((c) => c.conversationId === id))!;
    expect(cut).toBeDefined();
    const i = Number(cut.slice(2));
    const phone = `1380000${String(i).padStart(4, '0')}`;
    const core = await buildCore(faultConfig(dataDir), { logger: silentLogger, clock: new ManualClock(Date.now()), ids: sequentialIds('after-kill') });
    try {
      const conv = await core.store.getConversation(`web:${cut}`);
      // Its first message was handled before the kill, so the capture state was persisted.
      expect(conv).toBeDefined();
      const say = (text: string) => core.assistant.handle({ channel: 'web', conversationId: cut, userId: `investor-${i}`, text });
      const existing = await core.store.leadsOfConversation(`web:${cut}`);
      if (existing.length === 0) {
        expect(conv!.state).toBe('collecting');
        // Resumable: the next message continues the same capture, which still knows the phone.
        let last = await say('跳过');
        // The skip itself states nothing (reported as small talk); capture goes on.
        expect(last[0]!.intent).toBe('smalltalk');
        expect((await core.store.getConversation(`web:${cut}`))!.state).toBe('collecting');
        for (let n = 0; n < 8 && !last.at(-1)?.text.includes('请核对'); n++) last = await say('跳过');
        expect(last.at(-1)!.text).toContain(phone);
        last = await say('确认');
        expect(last.at(-1)!.text).toContain('招商专员会尽快与您联系');
      }
      // Either way: exactly one lead for that investor, with the phone they gave before the kill.
      const leads = await core.store.leadsOfConversation(`web:${cut}`);
      expect(leads).toHaveLength(1);
      expect(leads[0]!.fields.phone).toBe(phone);
      // And the restarted core answers questions as usual.
      const [answer] = await core.assistant.handle({ channel: 'web', conversationId: 'after-kill', userId: 'q', text: '资兴有哪些优势产业？' });
      expect(answer!.answered).toBe(true);
    } finally {
      await core.close();
    }
  });
});
