/**
 * Red-team finding: the investor was told their data was erased, but the Slack lead card still
 * showed the phone, SQLite ran with secure_delete off (15 copies of the phone were left in the
 * database file), and the console's in-memory feed kept the messages. An erasure now publishes an
 * 'erased' event (the Slack card is updated, the console feed forgets the lead), deleted rows are
 * overwritten, and the WAL is checkpointed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleDesk } from '../../src/channels/web/console-desk.js';
import { testConfig } from '../../src/config.js';
import { ManualClock, sequentialIds } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { LeadEvent, StaffDesk } from '../../src/core/ports.js';
import { createAssistant } from '../../src/dialog/create-assistant.js';
import { DeliveryRouter } from '../../src/dialog/delivery.js';
import { erasePerson } from '../../src/leads/admin.js';
import { openStore } from '../../src/store/index.js';
import { FakeDeliverer, FakeQuestions } from '../dialog/helpers.js';
import { sampleLead } from '../slack/fakes.js';
import { startHarness, type Harness } from '../slack/harness.js';

const PHONE = '13912345678';
const dirs: string[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The dialog over a file database, with the console desk and the real Slack desk (fake Slack API). */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'zx-erase-'));
  dirs.push(dir);
  const path = join(dir, 'assistant.db');
  const clock = new ManualClock();
  const store = openStore({ path }, clock);
  h = await startHarness();
  const console = new ConsoleDesk(clock);
  const delivery = new DeliveryRouter();
  delivery.register('wechat', new FakeDeliverer());
  const desks: StaffDesk[] = [console, h.built.desk];
  const handle = createAssistant({ store, questions: new FakeQuestions(), desks, delivery, clock, ids: sequentialIds('lead'), logger: silentLogger, config: testConfig() });
  const say = (text: string, conversationId = 'investor') => handle.assistant.handle({ channel: 'wechat', conversationId, userId: `u-${conversationId}`, text });
  // The investor registers, repeats the phone in later messages and asks again: many copies.
  await say(`我们是深圳华芯电子，计划投资2亿元在资兴建厂，我是王经理，电话${PHONE}`);
  for (let i = 0; i < 8 && (await store.listLeads()).length === 0; i++) {
    const conv = await store.getConversation('wechat:investor');
    await say(conv?.data.draft?.stage === 'confirm' ? '确认' : '跳过');
  }
  await say(`再说一次，我的手机是${PHONE}，尽快联系`);
  await handle.flush();
  const lead = (await store.listLeads())[0]!;
  expect(lead.fields.phone).toBe(PHONE);
  return { store, path, clock, console, handle, say, lead, slack: h.slack };
}

/** Every file SQLite keeps for the database, as bytes. */
function databaseFiles(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((p) => readFileSync(p)));
}

describe('erasure is complete', () => {
  it('the attack: after "确认删除" the Slack card is updated, the console feed forgets, and the database file holds no copy', async () => {
    const { store, path, console, handle, say, lead, slack } = await setup();
    const cardBefore = JSON.stringify(slack.callsOf('chat.postMessage')[0]!.args);
    expect(cardBefore).toContain(PHONE);
    expect(JSON.stringify(console.since(0).items)).toContain(lead.id);

    await say('删除我的信息');
    const [done] = await say('确认删除');
    expect(done!.text).toContain('已删除');
    await handle.flush();

    // Slack: the card that showed the phone is overwritten, in place.
    const updates = slack.callsOf('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(JSON.stringify(updates.at(-1)!.args)).not.toContain(PHONE);
    expect(JSON.stringify(updates.at(-1)!.args)).toContain(lead.id);
    // Console: the feed holds nothing of the lead but the erasure itself.
    const feed = console.since(0).items;
    expect(JSON.stringify(feed)).not.toContain(PHONE);
    expect(feed.filter((i) => i.kind === 'lead' && i.leadId === lead.id).map((i) => (i.kind === 'lead' ? i.event : ''))).toEqual(['erased']);
    // The database: no plaintext copy in the file, the WAL or the shared memory.
    expect(databaseFiles(path).includes(Buffer.from(PHONE))).toBe(false);
    store.close();
  });

  it('the staff erasure (npm run leads -- delete) also updates the card and leaves no copy', async () => {
    const { store, path, console, handle, lead, slack } = await setup();
    await erasePerson(store, lead.id);
    await handle.flush();
    expect(JSON.stringify(slack.callsOf('chat.update').at(-1)!.args)).not.toContain(PHONE);
    expect(JSON.stringify(console.since(0).items)).not.toContain(PHONE);
    expect(databaseFiles(path).includes(Buffer.from(PHONE))).toBe(false);
    store.close();
  });

  it('an erasure in another process (the leads CLI) reaches the desks the server registered', async () => {
    const { store, path, clock, handle, lead, slack } = await setup();
    // The same clock: the outbox rows it writes are due when the server's dispatcher looks.
    const cli = openStore({ path }, clock);
    await cli.deletePerson(lead.id);
    cli.close();
    const before = slack.callsOf('chat.update').length;
    await handle.flush();
    expect(slack.callsOf('chat.update').length).toBeGreaterThan(before);
    expect(JSON.stringify(slack.callsOf('chat.update').at(-1)!.args)).not.toContain(PHONE);
    store.close();
  });
});

describe('the console feed after an erasure: the class', () => {
  it('whatever events came before, nothing of an erased lead stays in the feed', async () => {
    const leadIds = ['L1', 'L2', 'L3'];
    const event = fc.record({ lead: fc.constantFrom(...leadIds), kind: fc.constantFrom('created', 'investor_message', 'staff_reply', 'closed', 'escalated'), text: fc.string({ minLength: 1, maxLength: 12 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 40 }), fc.constantFrom(...leadIds), fc.integer({ min: 5, max: 60 }), async (events, erased, capacity) => {
        const desk = new ConsoleDesk(new ManualClock(), capacity);
        const secret = `秘密${erased}`;
        for (const e of events) {
          const lead = sampleLead(e.lead);
          const text = e.lead === erased ? `${secret}${e.text}` : e.text;
          const by = { id: 'console:li', name: '李' };
          const ev: LeadEvent =
            e.kind === 'investor_message' ? { type: 'investor_message', lead, text, at: 1 } : e.kind === 'staff_reply' ? { type: 'staff_reply', lead, by, text, at: 1 } : e.kind === 'closed' ? { type: 'closed', lead, by, outcome: text } : e.kind === 'created' ? { type: 'created', lead } : { type: 'escalated', lead };
          await desk.notify(ev);
        }
        await desk.notify({ type: 'erased', lead: sampleLead(erased, { fields: {} }) });
        const items = desk.since(0).items;
        expect(JSON.stringify(items)).not.toContain(secret);
        expect(items.filter((i) => i.kind === 'lead' && i.leadId === erased)).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
