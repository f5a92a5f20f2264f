import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Outbound } from '../../src/core/types.js';
import { migrate, MIGRATIONS, openStore, type SqliteStore } from '../../src/store/index.js';
import { prepared } from '../../src/store/statements.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'zx-store-'));
  dirs.push(d);
  return d;
}

function open(path = ':memory:', clock = new ManualClock()): SqliteStore {
  const s = openStore({ path }, clock);
  stores.push(s);
  return s;
}

const bot = (text: string, answered = true, intent: Outbound['intent'] = 'question'): Outbound => ({ text, citations: [], answered, handoffOffered: false, intent, speaker: 'bot' });

async function conversation(s: SqliteStore, id = 'c1', channel: 'wechat' | 'web' = 'wechat') {
  return s.ensureConversation({ channel, conversationId: id, userId: 'u1', lang: 'zh' });
}

describe('SqliteStore', () => {
  it('opens under DATA_DIR with WAL, synchronous=NORMAL and foreign keys, and migrates once', () => {
    const dir = tempDir();
    const s = openStore({ DATA_DIR: join(dir, 'data') });
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    s.close();
    const again = openStore({ DATA_DIR: join(dir, 'data') });
    stores.push(again);
    const versions = again.db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toHaveLength(MIGRATIONS.length);
  });

  it('applies only new migrations, each in its own transaction', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    const next = [...MIGRATIONS, { version: 99, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' }];
    expect(migrate(db, next)).toEqual([99]);
    expect(migrate(db, next)).toEqual([]);
    // A failing migration leaves nothing half-applied.
    const broken = [...next, { version: 100, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT nope FROM missing;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 99 });
    db.close();
  });

  it('stores conversations and messages, de-duplicating platform ids', async () => {
    const s = open();
    const c = await conversation(s);
    expect(c).toMatchObject({ id: 'wechat:c1', state: 'answering', data: {} });
    await s.saveConversation({ id: c.id, state: 'collecting', data: { leadId: 'x' }, lang: 'en' });
    expect(await s.getConversation(c.id)).toMatchObject({ state: 'collecting', data: { leadId: 'x' }, lang: 'en' });
    expect(await s.addMessage({ conversation: c.id, role: 'user', text: 'hi', platformId: 'p1' })).toBe(1);
    expect(await s.addMessage({ conversation: c.id, role: 'user', text: 'hi', platformId: 'p1' })).toBeUndefined();
    await s.addMessage({ conversation: c.id, role: 'assistant', text: 'hello', outbound: bot('hello') });
    expect((await s.recentMessages(c.id, 10)).map((m) => m.text)).toEqual(['hi', 'hello']);
    expect((await s.recentMessages(c.id, 10))[1]!.outbound?.speaker).toBe('bot');
    // History for follow-ups needs no outbound (a reply's citations are kilobytes of JSON).
    const light = (await s.recentMessages(c.id, 10, { outbound: false }))[1]!;
    expect(light).toMatchObject({ text: 'hello', answered: true, intent: 'question' });
    expect(light.outbound).toBeUndefined();
  });

  it('serves transcripts by internal id or by the channel’s own id', async () => {
    const s = open();
    const c = await conversation(s, 'sess-1', 'web');
    await s.addMessage({ conversation: c.id, role: 'user', text: 'q' });
    await s.addMessage({ conversation: c.id, role: 'assistant', text: 'a', outbound: bot('a') });
    expect((await s.messagesSince('web:sess-1', 0)).map((m) => m.text)).toEqual(['q', 'a']);
    expect((await s.messagesSince('sess-1', 1)).map((m) => m.text)).toEqual(['a']);
    expect((await s.messagesSince('sess-1', 1))[0]!.outbound?.speaker).toBe('bot');
    expect(await s.conversations()).toEqual([{ id: 'web:sess-1', channel: 'web', state: 'answering', lastAt: expect.any(Number), messageCount: 2 }]);
  });

  it('records votes and lists knowledge gaps and daily numbers', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 10, 12));
    const s = open(':memory:', clock);
    const c = await conversation(s);
    for (const [q, answered] of [['工业用地多少钱？', false], ['工业用地多少钱?', false], ['资兴有哪些产业？', true]] as const) {
      await s.addMessage({ conversation: c.id, role: 'user', text: q });
      await s.addMessage({ conversation: c.id, role: 'assistant', text: 'x', outbound: bot('x', answered) });
    }
    await s.vote('6', -1, 'u1');
    await s.vote('6', -1, 'u1');
    await expect(s.vote('999', 1)).rejects.toMatchObject({ code: 'not_found' });
    const gaps = await s.knowledgeGaps();
    expect(gaps).toEqual([
      { question: '工业用地多少钱?', count: 2, lastAt: clock.now(), reason: 'unanswered' },
      { question: '资兴有哪些产业？', count: 1, lastAt: clock.now(), reason: 'downvoted' },
    ]);
    expect(await s.dailyStats(2)).toEqual([
      { day: '2026-01-09', questions: 0, answered: 0 },
      { day: '2026-01-10', questions: 3, answered: 1 },
    ]);
  });

  it('keeps small key-value state per namespace', async () => {
    const s = open();
    await s.set('slack', 'lead-1', { ts: '123.4' });
    expect(await s.get('slack', 'lead-1')).toEqual({ ts: '123.4' });
    expect(await s.entries('slack')).toEqual([['lead-1', { ts: '123.4' }]]);
    await s.delete('slack', 'lead-1');
    expect(await s.get('slack', 'lead-1')).toBeUndefined();
  });

  it('purges message bodies past retention but keeps counts', async () => {
    const clock = new ManualClock();
    const s = open(':memory:', clock);
    const c = await conversation(s);
    await s.addMessage({ conversation: c.id, role: 'user', text: 'old 13800138000' });
    clock.advance(10 * 86_400_000);
    await s.addMessage({ conversation: c.id, role: 'user', text: 'new' });
    expect(await s.purgeMessagesOlderThan(5 * 86_400_000)).toBe(1);
    expect((await s.recentMessages(c.id, 10)).map((m) => m.text)).toEqual(['', 'new']);
    expect((await s.conversations())[0]!.messageCount).toBe(2);
  });

  it('links leads of one person and erases that person everywhere on request', async () => {
    const s = open();
    const a = await conversation(s, 'a');
    const b = await conversation(s, 'b', 'web');
    const other = await conversation(s, 'o');
    await s.createLead({ id: 'L1', conversation: a.id, fields: { company: 'X', contactName: '张三', phone: '13800138000', description: '电话13800138000' } });
    await s.createLead({ id: 'L2', conversation: b.id, fields: { company: 'X', phone: '+8613800138000', wechatId: 'zs_2026' } });
    await s.createLead({ id: 'L3', conversation: other.id, fields: { phone: '13912345678' } });
    await s.addMessage({ conversation: a.id, role: 'user', text: '我叫张三 13800138000' });
    await s.addMessage({ conversation: other.id, role: 'user', text: 'keep me' });
    await s.enqueue({ type: 'created', lead: { id: 'L1' } as never }, ['log']);
    expect(await s.linkedLeadIds('L1')).toEqual(['L2']);
    expect(await s.linkedLeadIds('L3')).toEqual([]);

    const report = (await s.deletePerson('L2'))!;
    expect(report.leadIds.sort()).toEqual(['L1', 'L2']);
    expect(report.conversations.sort()).toEqual(['web:b', 'wechat:a']);
    expect(report.fieldsErased.sort()).toEqual(['contactName', 'description', 'phone', 'wechatId']);
    expect(report.messagesErased).toBe(1);
    expect(report.outboxErased).toBe(1);
    expect((await s.getLead('L1'))!.fields).toEqual({ company: 'X' });
    expect((await s.getLead('L2'))!.fields).toEqual({ company: 'X' });
    expect((await s.getLead('L3'))!.fields.phone).toBe('13912345678');
    expect((await s.recentMessages(other.id, 5))[0]!.text).toBe('keep me');
    expect(JSON.stringify(s.db.prepare('SELECT * FROM leads').all())).not.toContain('13800138000');
    expect(await s.deletePerson('missing')).toBeUndefined();
  });

  it('claims a lead once and escalates it once', async () => {
    const s = open();
    const c = await conversation(s);
    await s.createLead({ id: 'L1', conversation: c.id, fields: {} });
    expect((await s.dueForEscalation(Date.now() * 2)).map((l) => l.id)).toEqual(['L1']);
    expect(await s.markEscalated('L1')).toBe(true);
    expect(await s.markEscalated('L1')).toBe(false);
    expect((await s.claimLead('L1', { id: 'a', name: 'A' })).claimed).toBe(true);
    expect(await s.claimLead('L1', { id: 'b', name: 'B' })).toMatchObject({ claimed: false, lead: { owner: { id: 'a', name: 'A' } } });
  });

  it('composite operations commit the lead change, its history and its desk rows together', async () => {
    const s = open();
    const c = await conversation(s);
    const event = (type: 'created' | 'claimed' | 'escalated') => (lead: { id: string; status: string }) => ({ type, lead: { id: lead.id, status: lead.status } }) as never;
    // A builder that throws rolls back the lead too: no lead exists that no desk hears of.
    await expect(
      s.createLeadAndEnqueue({ id: 'L0', conversation: c.id, fields: {} }, () => {
        throw new Error('boom');
      }, ['log']),
    ).rejects.toThrow('boom');
    expect(await s.getLead('L0')).toBeUndefined();
    expect(await s.outboxItems()).toEqual([]);

    const lead = await s.createLeadAndEnqueue({ id: 'L1', conversation: c.id, fields: { phone: '13800138000' } }, event('created'), ['log', 'slack']);
    expect(lead).toMatchObject({ id: 'L1', status: 'new' });
    expect((await s.outboxItems()).map((i) => [i.desk, i.event.type, i.leadId])).toEqual([
      ['log', 'created', 'L1'],
      ['slack', 'created', 'L1'],
    ]);
    expect(await s.leadIdsOfContact({ phone: '+86 138 0013 8000' })).toEqual(['L1']);
    expect(await s.leadIdsOfContact({})).toEqual([]);

    // Of two claims exactly one wins; only the winner moves the conversation and queues an event.
    const [a, b] = await Promise.all([
      s.claimLeadAndTakeOver('L1', { id: 'a', name: 'A' }, event('claimed'), ['log']),
      s.claimLeadAndTakeOver('L1', { id: 'b', name: 'B' }, event('claimed'), ['log']),
    ]);
    expect([a.claimed, b.claimed]).toEqual([true, false]);
    expect(a.conversation).toMatchObject({ id: c.id, state: 'taken_over', data: { leadId: 'L1' } });
    expect(b).toMatchObject({ claimed: false, lead: { owner: { id: 'a' } } });
    expect(b.conversation).toBeUndefined();

    expect(await s.escalateAndEnqueue('L1', event('escalated'), ['log'])).toMatchObject({ id: 'L1', escalatedAt: expect.any(Number) });
    expect(await s.escalateAndEnqueue('L1', event('escalated'), ['log'])).toBeUndefined();
    expect((await s.outboxItems()).map((i) => i.event.type)).toEqual(['created', 'created', 'claimed', 'escalated']);
    expect((await s.leadEvents('L1')).map((e) => e.type)).toEqual(['created', 'claimed', 'escalated']);
  });

  it('commits leads, their history and the outbox with synchronous=FULL, other writes with NORMAL', async () => {
    const s = open(join(tempDir(), 'assistant.db'));
    const level = () => s.db.pragma('synchronous', { simple: true });
    const c = await conversation(s);
    let during: unknown;
    // The event builder runs inside the lead's transaction: the level it sees is the commit's.
    await s.createLeadAndEnqueue({ id: 'L1', conversation: c.id, fields: {} }, (lead) => {
      during = level();
      return { type: 'created', lead: { id: lead.id } } as never;
    }, ['log']);
    expect(during).toBe(2);
    expect(level()).toBe(1);
    // A failed lead transaction puts the connection back to NORMAL too.
    await expect(
      s.createLeadAndEnqueue({ id: 'L2', conversation: c.id, fields: {} }, () => {
        throw new Error('boom');
      }, ['log']),
    ).rejects.toThrow('boom');
    expect(level()).toBe(1);
    await s.addLeadEvent({ leadId: 'L1', type: 'notified' });
    await s.markDelivered((await s.outboxItems())[0]!.id);
    expect(level()).toBe(1);
    expect((await s.leadEvents('L1')).map((e) => e.type)).toEqual(['created', 'notified']);
  });

  it('receives a message in one step: conversation, sender, language switch and de-duplication', async () => {
    const clock = new ManualClock(1_000);
    const s = open(':memory:', clock);
    const first = await s.receiveMessage({ channel: 'web', conversationId: 's1', userId: 'u1', text: '123', platformId: 'm1' });
    expect(first.seq).toBe(1);
    // A new conversation whose first message shows no language starts in Chinese.
    expect(first.conversation).toMatchObject({ id: 'web:s1', state: 'answering', lang: 'zh', userId: 'u1', createdAt: 1_000, updatedAt: 1_000 });
    clock.advance(5);
    const second = await s.receiveMessage({ channel: 'web', conversationId: 's1', userId: 'u2', userName: 'Ann', lang: 'en', text: 'hello' });
    expect(second.conversation).toMatchObject({ lang: 'en', userId: 'u2', userName: 'Ann', updatedAt: 1_005 });
    clock.advance(5);
    // No language shown: the conversation keeps its own; a re-delivery stores nothing and touches nothing.
    const again = await s.receiveMessage({ channel: 'web', conversationId: 's1', userId: 'u2', text: '123', platformId: 'm1' });
    expect(again.seq).toBeUndefined();
    expect(again.conversation).toMatchObject({ lang: 'en', userName: 'Ann', updatedAt: 1_005 });
    expect(await s.getConversation('web:s1')).toEqual(again.conversation);
    expect((await s.recentMessages('web:s1', 10)).map((m) => m.text)).toEqual(['123', 'hello']);
  });

  it('stores a reply and the conversation state it leads to together', async () => {
    const s = open();
    const c = await conversation(s);
    await s.addMessage({ conversation: c.id, role: 'assistant', text: 'a', outbound: bot('a', false, 'lead') }, { id: c.id, state: 'collecting', data: { leadId: 'L9' }, lang: 'en' });
    expect(await s.getConversation(c.id)).toMatchObject({ state: 'collecting', data: { leadId: 'L9' }, lang: 'en' });
    // A failing message insert (unknown role) rolls the state back too.
    await expect(s.addMessage({ conversation: c.id, role: 'robot' as never, text: 'x' }, { id: c.id, state: 'waiting', data: {}, lang: 'zh' })).rejects.toThrow();
    expect(await s.getConversation(c.id)).toMatchObject({ state: 'collecting', lang: 'en' });
  });

  it('counts leads by status without reading them', async () => {
    const s = open();
    const c = await conversation(s);
    expect(await s.countLeadsByStatus()).toEqual({ new: 0, claimed: 0, follow_up: 0, closed: 0 });
    for (const id of ['L1', 'L2', 'L3']) await s.createLead({ id, conversation: c.id, fields: {} });
    await s.claimLead('L2', { id: 'a', name: 'A' });
    await s.closeLead('L3', 'done');
    expect(await s.countLeadsByStatus()).toEqual({ new: 1, claimed: 1, follow_up: 0, closed: 1 });
  });

  it('prepares each statement once per database', () => {
    const s = open();
    const sql = 'SELECT id FROM conversations WHERE id = ?';
    expect(prepared(s.db, sql)).toBe(prepared(s.db, sql));
    const other = open();
    expect(prepared(other.db, sql)).not.toBe(prepared(s.db, sql));
  });

  it('backs up to a file that opens as a copy', async () => {
    const dir = tempDir();
    const s = open(join(dir, 'assistant.db'));
    await conversation(s);
    const dest = join(dir, 'backup.db');
    await s.backup(dest);
    expect(existsSync(dest)).toBe(true);
    const copy = new Database(dest, { readonly: true });
    expect(copy.prepare('SELECT id FROM conversations').all()).toEqual([{ id: 'wechat:c1' }]);
    copy.close();
  });

  it('fails with store_failed when the database cannot be opened', () => {
    expect(() => openStore({ path: join(tempDir(), 'missing', 'dir', 'x.db') })).toThrow(expect.objectContaining({ code: 'store_failed' }));
  });
});
