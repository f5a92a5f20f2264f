/**
 * The store contract: the same cases against both back-ends (SQLite in memory, PostgreSQL in a
 * schema of its own per test; see ./backends.ts). What is specific to one back-end (SQLite's
 * pragmas and backup, PostgreSQL's concurrency across connections) lives in
 * sqlite-store.test.ts and pg-store.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Outbound } from '../../src/core/types.js';
import { createStaffDirectory } from '../../src/leads/staff-directory.js';
import { backends, PG_MISSING, PG_REQUIRED, TEST_PG_URL, type Backend, type OpenedStore } from './backends.js';

const bot = (text: string, answered = true, intent: Outbound['intent'] = 'question'): Outbound => ({ text, citations: [], answered, handoffOffered: false, intent, speaker: 'bot' });

if (!TEST_PG_URL) {
  if (PG_REQUIRED) {
    describe('store contract on PostgreSQL', () => {
      it('runs under CI', () => {
        throw new Error(`CI=true but ${PG_MISSING}`);
      });
    });
  } else {
    console.warn(`store contract: PostgreSQL skipped. ${PG_MISSING}`);
    describe.skip(`store contract on PostgreSQL (${PG_MISSING})`, () => {
      it('skipped', () => {});
    });
  }
}

describe.each(backends().map((b) => [b.name, b] as [string, Backend]))('store contract on %s', (_name, backend) => {
  afterEach(() => backend.cleanup());

  const open = (clock?: ManualClock): Promise<OpenedStore> => backend.open(clock);
  async function conversation(o: OpenedStore, id = 'c1', channel: 'wechat' | 'web' = 'wechat') {
    return o.store.ensureConversation({ channel, conversationId: id, userId: 'u1', lang: 'zh' });
  }

  it('stores conversations and messages, de-duplicating platform ids', async () => {
    const o = await open();
    const s = o.store;
    const c = await conversation(o);
    expect(c).toMatchObject({ id: 'wechat:c1', state: 'answering', data: {} });
    await s.saveConversation({ id: c.id, state: 'collecting', data: { leadId: 'x' }, lang: 'en' });
    expect(await s.getConversation(c.id)).toMatchObject({ state: 'collecting', data: { leadId: 'x' }, lang: 'en' });
    expect(await s.addMessage({ conversation: c.id, role: 'user', text: 'hi', platformId: 'p1' })).toBe(1);
    expect(await s.addMessage({ conversation: c.id, role: 'user', text: 'hi', platformId: 'p1' })).toBeUndefined();
    await s.addMessage({ conversation: c.id, role: 'assistant', text: 'hello', outbound: bot('hello') });
    expect((await s.recentMessages(c.id, 10)).map((m) => m.text)).toEqual(['hi', 'hello']);
    expect((await s.recentMessages(c.id, 10))[1]!.outbound?.speaker).toBe('bot');
    const light = (await s.recentMessages(c.id, 10, { outbound: false }))[1]!;
    expect(light).toMatchObject({ text: 'hello', answered: true, intent: 'question' });
    expect(light.outbound).toBeUndefined();
    expect(await s.recentMessages(c.id, 0)).toEqual([]);
  });

  it('serves transcripts by internal id or by the channel’s own id', async () => {
    const o = await open();
    const s = o.store;
    const c = await conversation(o, 'sess-1', 'web');
    await s.addMessage({ conversation: c.id, role: 'user', text: 'q' });
    await s.addMessage({ conversation: c.id, role: 'assistant', text: 'a', outbound: bot('a') });
    expect((await s.messagesSince('web:sess-1', 0)).map((m) => m.text)).toEqual(['q', 'a']);
    expect((await s.messagesSince('sess-1', 1)).map((m) => m.text)).toEqual(['a']);
    expect((await s.messagesSince('sess-1', 1))[0]!.outbound?.speaker).toBe('bot');
    expect(await s.messagesSince('nobody', 0)).toEqual([]);
    expect(await s.conversations()).toEqual([{ id: 'web:sess-1', channel: 'web', state: 'answering', lastAt: expect.any(Number), messageCount: 2, firstQuestion: 'q' }]);
  });

  it('lists a conversation by who it is (company, else contact) and its first question', async () => {
    const o = await open();
    const s = o.store;
    const c = await conversation(o, 'sess-who', 'web');
    await s.addMessage({ conversation: c.id, role: 'user', text: '  去资兴投资有什么\n优惠政策？ ' });
    await s.addMessage({ conversation: c.id, role: 'user', text: '第二个问题' });
    expect((await s.conversations())[0]).toMatchObject({ id: 'web:sess-who', firstQuestion: '去资兴投资有什么 优惠政策？' });
    expect((await s.conversations())[0]!.who).toBeUndefined();
    await s.createLead({ id: 'L-who', conversation: c.id, fields: { contactName: '李四' } });
    expect((await s.conversations())[0]!.who).toBe('李四');
    await s.updateLeadFields('L-who', { contactName: '李四', company: '远航新材料' });
    expect((await s.conversations())[0]!.who).toBe('远航新材料');
  });

  it('records votes and lists knowledge gaps and daily numbers', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 10, 12));
    const o = await open(clock);
    const s = o.store;
    const c = await conversation(o);
    for (const [q, answered] of [['工业用地多少钱？', false], ['工业用地多少钱?', false], ['资兴有哪些产业？', true]] as const) {
      await s.addMessage({ conversation: c.id, role: 'user', text: q });
      await s.addMessage({ conversation: c.id, role: 'assistant', text: 'x', outbound: bot('x', answered) });
    }
    await s.vote('6', -1, 'u1');
    await s.vote('6', -1, 'u1');
    await expect(s.vote('999', 1)).rejects.toMatchObject({ code: 'not_found' });
    // A user message is not a bot message; a vote scoped to another conversation finds nothing.
    await expect(s.vote('5', 1)).rejects.toMatchObject({ code: 'not_found' });
    await expect(s.vote('6', 1, 'u1', { conversation: 'elsewhere' })).rejects.toMatchObject({ code: 'not_found' });
    await s.vote('6', -1, 'u2', { conversation: c.id });
    expect(await s.knowledgeGaps()).toEqual([
      { question: '工业用地多少钱?', count: 2, lastAt: clock.now(), reason: 'unanswered' },
      { question: '资兴有哪些产业？', count: 1, lastAt: clock.now(), reason: 'downvoted' },
    ]);
    expect(await s.dailyStats(2)).toEqual([
      { day: '2026-01-09', questions: 0, answered: 0 },
      { day: '2026-01-10', questions: 3, answered: 1 },
    ]);
  });

  it('keeps small key-value state per namespace, first writer wins, old entries pruned', async () => {
    const clock = new ManualClock();
    const o = await open(clock);
    const s = o.store;
    await s.set('slack', 'lead-1', { ts: '123.4' });
    await s.set('slack', 'Lead-0', [1, 2]);
    expect(await s.get('slack', 'lead-1')).toEqual({ ts: '123.4' });
    expect(await s.entries('slack')).toEqual([
      ['Lead-0', [1, 2]],
      ['lead-1', { ts: '123.4' }],
    ]);
    await s.delete('slack', 'lead-1');
    expect(await s.get('slack', 'lead-1')).toBeUndefined();
    expect(await s.setIfAbsent('dedup', 'm1', true)).toBe(true);
    expect(await s.setIfAbsent('dedup', 'm1', true)).toBe(false);
    clock.advance(10_000);
    await s.setIfAbsent('dedup', 'm2', true);
    expect(await s.deleteOlderThan('dedup', 5_000)).toBe(1);
    expect((await s.entries('dedup')).map(([k]) => k)).toEqual(['m2']);
  });

  it('purges message bodies past retention but keeps counts', async () => {
    const clock = new ManualClock();
    const o = await open(clock);
    const s = o.store;
    const c = await conversation(o);
    await s.addMessage({ conversation: c.id, role: 'user', text: 'old 13800138000' });
    clock.advance(10 * 86_400_000);
    await s.addMessage({ conversation: c.id, role: 'user', text: 'new' });
    expect(await s.purgeMessagesOlderThan(5 * 86_400_000)).toBe(1);
    expect(await s.purgeMessagesOlderThan(5 * 86_400_000)).toBe(0);
    expect((await s.recentMessages(c.id, 10)).map((m) => m.text)).toEqual(['', 'new']);
    expect((await s.conversations())[0]!.messageCount).toBe(2);
  });

  it('links leads of one person and erases that person everywhere on request', async () => {
    const o = await open();
    const s = o.store;
    const a = await conversation(o, 'a');
    const b = await conversation(o, 'b', 'web');
    const other = await conversation(o, 'o');
    await s.registerDesks(['log']);
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
    expect(await o.dump('leads')).not.toContain('13800138000');
    expect(await o.dump('messages')).not.toContain('13800138000');
    // The registered desk hears of each erased lead, with what is left of it.
    expect((await s.outboxItems()).map((i) => [i.event.type, i.leadId])).toEqual([
      ['erased', 'L2'],
      ['erased', 'L1'],
    ]);
    expect(await o.dump('outbox')).not.toContain('13800138000');
    expect((await s.leadEvents('L1')).map((e) => e.type)).toEqual(['erased']);
    expect(await s.deletePerson('missing')).toBeUndefined();
  });

  it('erases what one conversation supplied, and nothing of another sharing its phone', async () => {
    const o = await open();
    const s = o.store;
    const a = await conversation(o, 'a');
    const b = await conversation(o, 'b');
    await s.createLead({ id: 'L1', conversation: a.id, fields: { contactName: '张三', phone: '13800138000' } });
    await s.createLead({ id: 'L2', conversation: b.id, fields: { phone: '13800138000' } });
    await s.saveConversation({ id: a.id, state: 'collecting', data: { draft: { fields: { phone: '13800138000' }, asked: [], skipped: [], stage: 'collect', privacyShown: true } }, lang: 'zh' });
    await s.addMessage({ conversation: a.id, role: 'user', text: '13800138000' });
    const report = await s.eraseConversation(a.id);
    expect(report).toMatchObject({ leadIds: ['L1'], conversations: [a.id], messagesErased: 1 });
    expect(report.fieldsErased.sort()).toEqual(['contactName', 'phone']);
    expect(await s.getConversation(a.id)).toMatchObject({ state: 'answering', data: {} });
    expect((await s.getLead('L2'))!.fields.phone).toBe('13800138000');
    expect(await s.eraseConversationMessages(b.id)).toBe(0);
  });

  it('erases lead contacts past retention and prunes delivered notifications', async () => {
    const clock = new ManualClock();
    const o = await open(clock);
    const s = o.store;
    const c = await conversation(o);
    await s.createLead({ id: 'OLD', conversation: c.id, fields: { company: 'X', phone: '13800138000' } });
    const [id] = await s.enqueue({ type: 'created', lead: { id: 'OLD' } as never }, ['log']);
    await s.markDelivered(id!);
    clock.advance(10 * 86_400_000);
    await s.createLead({ id: 'NEW', conversation: c.id, fields: { phone: '13912345678' } });
    expect(await s.purgeLeadContactsOlderThan(5 * 86_400_000)).toEqual(['OLD']);
    expect((await s.getLead('OLD'))!.fields).toEqual({ company: 'X' });
    expect((await s.getLead('NEW'))!.fields.phone).toBe('13912345678');
    expect(await s.pruneDeliveredOutbox(5 * 86_400_000)).toBe(1);
    expect(await s.outboxItems()).toEqual([]);
  });

  it('claims a lead once, hands it back as follow-up for its owner, closes it, and escalates once', async () => {
    const o = await open();
    const s = o.store;
    const c = await conversation(o);
    await s.createLead({ id: 'L1', conversation: c.id, fields: {} });
    expect((await s.dueForEscalation(Date.now() * 2)).map((l) => l.id)).toEqual(['L1']);
    expect(await s.markEscalated('L1')).toBe(true);
    expect(await s.markEscalated('L1')).toBe(false);
    expect(await s.dueForEscalation(Date.now() * 2)).toEqual([]);
    expect((await s.claimLead('L1', { id: 'a', name: 'A' })).claimed).toBe(true);
    expect(await s.claimLead('L1', { id: 'b', name: 'B' })).toMatchObject({ claimed: false, lead: { owner: { id: 'a', name: 'A' } } });
    await s.releaseLead('L1');
    expect(await s.getLead('L1')).toMatchObject({ status: 'follow_up', owner: { id: 'a' } });
    expect((await s.claimLead('L1', { id: 'b', name: 'B' })).claimed).toBe(false);
    expect((await s.claimLead('L1', { id: 'sup', name: 'S', supervisor: true })).claimed).toBe(true);
    await s.closeLead('L1', '已签约', { id: 'sup', name: 'S' });
    expect(await s.getLead('L1')).toMatchObject({ status: 'closed', outcome: '已签约', closedBy: { id: 'sup', name: 'S' }, closedAt: expect.any(Number) });
    expect(await s.openLeadOf(c.id)).toBeUndefined();
    await s.createLead({ id: 'L2', conversation: c.id, fields: { company: 'Y' } });
    expect((await s.openLeadOf(c.id))!.id).toBe('L2');
    expect((await s.leadsOfConversation(c.id)).map((l) => l.id)).toEqual(['L1', 'L2']);
    expect((await s.listLeads({ status: 'closed' })).map((l) => l.id)).toEqual(['L1']);
    expect((await s.listLeads({ ownerId: 'sup' })).map((l) => l.id)).toEqual(['L1']);
    expect((await s.updateLeadFields('L2', { company: 'Z', phone: '13800138000' }))!.fields).toEqual({ company: 'Z', phone: '13800138000' });
    expect(await s.updateLeadFields('missing', {})).toBeUndefined();
    expect(await s.getLead('missing')).toBeUndefined();
  });

  it('composite operations commit the lead change, its history and its desk rows together', async () => {
    const o = await open();
    const s = o.store;
    const c = await conversation(o);
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
    expect([a.claimed, b.claimed].sort()).toEqual([false, true]);
    const [won, lost] = a.claimed ? [a, b] : [b, a];
    expect(won.conversation).toMatchObject({ id: c.id, state: 'taken_over', data: { leadId: 'L1' } });
    expect(lost).toMatchObject({ claimed: false, lead: { owner: { id: won.lead!.owner!.id } } });
    expect(lost.conversation).toBeUndefined();

    expect(await s.escalateAndEnqueue('L1', event('escalated'), ['log'])).toMatchObject({ id: 'L1', escalatedAt: expect.any(Number) });
    expect(await s.escalateAndEnqueue('L1', event('escalated'), ['log'])).toBeUndefined();
    await s.addLeadEventAndEnqueue({ leadId: 'L1', type: 'replied', actor: { id: 'a', name: 'A' }, data: { n: 1 } }, { type: 'replied', lead: { id: 'L1' } } as never, ['log']);
    expect((await s.outboxItems()).map((i) => i.event.type)).toEqual(['created', 'created', 'claimed', 'escalated', 'replied']);
    expect((await s.leadEvents('L1')).map((e) => e.type)).toEqual(['created', 'claimed', 'escalated', 'replied']);
    expect((await s.leadEvents('L1'))[3]).toMatchObject({ actorId: 'a', actorName: 'A', data: { n: 1 } });
  });

  it('assigns a lead to a colleague: owner or supervisor only, claimed stays claimed, else follow-up; history and desk row commit with it', async () => {
    const clock = new ManualClock(10_000);
    const o = await open(clock);
    const s = o.store;
    const c = await conversation(o);
    const A = { id: 'staff:1', name: 'A' };
    const B = { id: 'staff:2', name: 'B' };
    const sup = { id: 'staff:9', name: 'S', supervisor: true };
    const event = (lead: { id: string; status: string; owner?: { id: string } }) => ({ type: 'assigned', lead: { id: lead.id, status: lead.status, owner: lead.owner } }) as never;
    const assignedRows = async () => (await s.outboxItems()).filter((i) => i.event.type === 'assigned').map((i) => [i.leadId, (i.event.lead as { owner?: { id: string } }).owner?.id]);
    await s.createLead({ id: 'L1', conversation: c.id, fields: {} });
    await s.createLead({ id: 'L2', conversation: c.id, fields: {} });
    await s.claimLead('L2', A);

    // A non-owner who is not a supervisor changes nothing, writes no history and queues nothing.
    expect(await s.assignLeadAndEnqueue('L1', A, B, event, ['log'])).toMatchObject({ assigned: false, lead: { status: 'new' } });
    expect(await s.assignLeadAndEnqueue('L2', B, B, event, ['log'])).toMatchObject({ assigned: false, lead: { status: 'claimed', owner: A } });
    // A supervisor hands the new lead to A: it waits for A as follow-up and no longer escalates.
    const r1 = await s.assignLeadAndEnqueue('L1', A, sup, event, ['log', 'slack']);
    expect(r1).toMatchObject({ assigned: true, lead: { id: 'L1', status: 'follow_up', owner: A } });
    expect(r1.from).toBeUndefined();
    expect((await s.dueForEscalation(Date.now() * 2)).map((l) => l.id)).toEqual([]);
    expect(await s.assignLeadAndEnqueue('L1', A, sup, event, ['log'])).toMatchObject({ assigned: false, lead: { owner: A } });
    // The owner hands a claimed lead on: still claimed, now B's, the claim time restarts.
    clock.advance(5_000);
    const r2 = await s.assignLeadAndEnqueue('L2', B, A, event, ['log']);
    expect(r2).toMatchObject({ assigned: true, from: A, lead: { status: 'claimed', owner: B, claimedAt: 15_000 } });
    expect(await s.assignLeadAndEnqueue('L2', sup, A, event, ['log'])).toMatchObject({ assigned: false, lead: { owner: B } });
    expect(await assignedRows()).toEqual([
      ['L1', 'staff:1'],
      ['L1', 'staff:1'],
      ['L2', 'staff:2'],
    ]);
    expect((await s.leadEvents('L1')).filter((e) => e.type === 'assigned')).toEqual([{ type: 'assigned', actorId: 'staff:9', actorName: 'S', at: 10_000, data: { to: A } }]);
    expect((await s.leadEvents('L2')).filter((e) => e.type === 'assigned')).toEqual([{ type: 'assigned', actorId: 'staff:1', actorName: 'A', at: 15_000, data: { from: A, to: B } }]);

    // A builder that throws rolls the assignment back.
    const boom = () => {
      throw new Error('boom');
    };
    await expect(s.assignLeadAndEnqueue('L2', A, sup, boom, ['log'])).rejects.toThrow('boom');
    expect(await s.getLead('L2')).toMatchObject({ status: 'claimed', owner: B });
    expect((await s.leadEvents('L2')).filter((e) => e.type === 'assigned')).toHaveLength(1);

    // Two supervisors at once: both happen, one after the other, and the history chains them.
    const [x, y] = await Promise.all([s.assignLeadAndEnqueue('L1', { id: 'staff:3', name: 'X' }, sup, event, ['log']), s.assignLeadAndEnqueue('L1', { id: 'staff:4', name: 'Y' }, sup, event, ['log'])]);
    expect([x.assigned, y.assigned]).toEqual([true, true]);
    const chain = (await s.leadEvents('L1')).filter((e) => e.type === 'assigned').map((e) => e.data as { from?: { id: string }; to: { id: string } });
    expect(chain).toHaveLength(3);
    expect(chain[2]!.from!.id).toBe(chain[1]!.to.id);
    expect(chain[1]!.from!.id).toBe('staff:1');
    expect((await s.getLead('L1'))!.owner!.id).toBe(chain[2]!.to.id);

    // Closed and missing leads are not assigned.
    await s.closeLead('L2', 'duplicate', B);
    expect(await s.assignLeadAndEnqueue('L2', A, sup, event, ['log'])).toMatchObject({ assigned: false, lead: { status: 'closed', owner: B } });
    expect(await s.assignLeadAndEnqueue('missing', A, sup, event, ['log'])).toEqual({ assigned: false, lead: undefined });
  });

  it('retries desk rows with backoff and leases due rows to one drainer', async () => {
    const clock = new ManualClock(1_000);
    const o = await open(clock);
    const s = o.store;
    const c = await conversation(o);
    await s.createLead({ id: 'L1', conversation: c.id, fields: {} });
    const ids = await s.enqueue({ type: 'created', lead: { id: 'L1' } as never }, ['log', 'slack']);
    expect(ids).toHaveLength(2);
    await s.markFailed(ids[1]!, 'slack down', 5_000);
    expect((await s.dueOutbox(1_000)).map((i) => i.desk)).toEqual(['log']);
    expect((await s.outboxItems({ pendingOnly: true }))[1]).toMatchObject({ desk: 'slack', attempts: 1, lastError: 'slack down', nextAttemptAt: 5_000 });
    // A lease takes the due rows; until it ends nobody else gets them.
    const leased = await s.claimDueOutbox(1_000, 60_000);
    expect(leased.map((i) => i.desk)).toEqual(['log']);
    expect(await s.claimDueOutbox(1_000, 60_000)).toEqual([]);
    await s.markDelivered(leased[0]!.id);
    clock.set(6_000);
    expect((await s.claimDueOutbox(6_000, 60_000)).map((i) => i.desk)).toEqual(['slack']);
    expect((await s.outboxItems({ pendingOnly: true })).map((i) => i.desk)).toEqual(['slack']);
  });

  it('receives a message in one step: conversation, sender, language switch and de-duplication', async () => {
    const clock = new ManualClock(1_000);
    const o = await open(clock);
    const s = o.store;
    const first = await s.receiveMessage({ channel: 'web', conversationId: 's1', userId: 'u1', text: '123', platformId: 'm1' });
    expect(first.seq).toBe(1);
    expect(first.conversation).toMatchObject({ id: 'web:s1', state: 'answering', lang: 'zh', userId: 'u1', createdAt: 1_000, updatedAt: 1_000 });
    clock.advance(5);
    const second = await s.receiveMessage({ channel: 'web', conversationId: 's1', userId: 'u2', userName: 'Ann', lang: 'en', text: 'hello' });
    expect(second.conversation).toMatchObject({ lang: 'en', userId: 'u2', userName: 'Ann', updatedAt: 1_005 });
    clock.advance(5);
    const again = await s.receiveMessage({ channel: 'web', conversationId: 's1', userId: 'u2', text: '123', platformId: 'm1' });
    expect(again.seq).toBeUndefined();
    expect(again.conversation).toMatchObject({ lang: 'en', userName: 'Ann', updatedAt: 1_005 });
    expect(await s.getConversation('web:s1')).toEqual(again.conversation);
    expect((await s.recentMessages('web:s1', 10)).map((m) => m.text)).toEqual(['123', 'hello']);
  });

  it('stores a reply and the conversation state it leads to together', async () => {
    const o = await open();
    const s = o.store;
    const c = await conversation(o);
    await s.addMessage({ conversation: c.id, role: 'assistant', text: 'a', outbound: bot('a', false, 'lead') }, { id: c.id, state: 'collecting', data: { leadId: 'L9' }, lang: 'en' });
    expect(await s.getConversation(c.id)).toMatchObject({ state: 'collecting', data: { leadId: 'L9' }, lang: 'en' });
    // A failing message insert (unknown role) rolls the state back too.
    await expect(s.addMessage({ conversation: c.id, role: 'robot' as never, text: 'x' }, { id: c.id, state: 'waiting', data: {}, lang: 'zh' })).rejects.toThrow();
    expect(await s.getConversation(c.id)).toMatchObject({ state: 'collecting', lang: 'en' });
  });

  it('counts leads by status without reading them', async () => {
    const o = await open();
    const s = o.store;
    const c = await conversation(o);
    expect(await s.countLeadsByStatus()).toEqual({ new: 0, claimed: 0, follow_up: 0, closed: 0 });
    for (const id of ['L1', 'L2', 'L3']) await s.createLead({ id, conversation: c.id, fields: {} });
    await s.claimLead('L2', { id: 'a', name: 'A' });
    await s.closeLead('L3', 'done');
    expect(await s.countLeadsByStatus()).toEqual({ new: 1, claimed: 1, follow_up: 0, closed: 1 });
  });

  it('staff accounts and console sessions: add, authenticate, disable (ending sessions), passwords, Slack links', async () => {
    const clock = new ManualClock(1_000_000);
    const o = await open(clock);
    const s = o.store;
    const store = o.staff;
    const dir = createStaffDirectory(store);
    expect(await dir.activeCount()).toBe(0);
    const li = await dir.add({ name: '李专员', password: 'correct horse battery' });
    await expect(dir.add({ name: '李专员', password: 'another long one' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(dir.add({ name: 'short', password: 'abc' })).rejects.toMatchObject({ code: 'bad_request' });
    const wang = await dir.add({ name: 'Wang', password: 'correct horse battery', role: 'supervisor' });
    // Names are unique regardless of ASCII case.
    await expect(dir.add({ name: 'WANG', password: 'correct horse battery' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await o.dump('staff_accounts')).not.toContain('correct horse');
    expect((await store.listStaffAccounts()).map((a) => a.name)).toEqual(['Wang', '李专员']);

    expect(await dir.authenticate('李专员', 'correct horse battery')).toMatchObject({ id: li.id, role: 'staff' });
    expect(await dir.authenticate('wang', 'correct horse battery')).toMatchObject({ id: wang.id, role: 'supervisor' });
    expect(await dir.authenticate('李专员', 'wrong horse battery')).toBeUndefined();

    await store.createConsoleSession({ tokenHash: 'h1', accountId: li.id, createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    await store.createConsoleSession({ tokenHash: 'h2', accountId: li.id, createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    await store.createConsoleSession({ tokenHash: 'boot', createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    await dir.setPassword('李专员', 'a new long password', 'h2');
    expect(await store.consoleSession('h1', clock.now())).toBeUndefined();
    expect(await store.consoleSession('h2', clock.now())).toMatchObject({ accountId: li.id });
    expect(await store.consoleSession('boot', clock.now())).toEqual({ tokenHash: 'boot', createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    expect(await store.deleteBootstrapSessions()).toBe(1);
    clock.advance(1000);
    expect(await store.consoleSession('h2', clock.now())).toBeUndefined();
    expect(await store.pruneConsoleSessions(clock.now())).toBe(1);

    await store.createConsoleSession({ tokenHash: 'h3', accountId: li.id, createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    await dir.setDisabled('李专员', true);
    expect(await store.consoleSession('h3', clock.now())).toBeUndefined();
    expect(await dir.activeCount()).toBe(1);

    await s.ensureConversation({ channel: 'web', conversationId: 'c1', userId: 'u1', lang: 'zh' });
    await s.createLead({ id: 'L1', conversation: 'web:c1', fields: {} });
    await s.claimLead('L1', { id: 'slack:U0WANG', name: 'Slack Wang' });
    await dir.linkSlack('Wang', 'U0WANG');
    expect((await s.getLead('L1'))!.owner).toEqual({ id: `staff:${wang.id}`, name: 'Wang' });
    expect(await dir.memberForSlackUser('U0WANG')).toEqual({ id: `staff:${wang.id}`, name: 'Wang', supervisor: true, slackUserId: 'U0WANG' });
    await expect(dir.linkSlack('李专员', 'U0WANG')).rejects.toMatchObject({ code: 'conflict' });
  });
});
