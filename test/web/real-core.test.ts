import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { realCore, type RealCore } from './real-core.js';

const post = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', Host: '127.0.0.1:3000', 'x-zx-console': '1' }, body: JSON.stringify(body) });
type Reply = { text: string; citations: { title: string }[]; speaker: string; intent: string; messageId?: string };

describe('web API over the real core', () => {
  let rc: RealCore;
  let app: ReturnType<typeof createHttpApp>;
  beforeAll(async () => {
    rc = await realCore();
    app = createHttpApp(rc.core, rc.config);
  });
  afterAll(async () => {
    await rc?.dispose();
  });

  it('answers with sources, hands off to staff who claim and reply, and the bot answers again after release', async () => {
    const first = (await (await app.request('/api/chat', post({ text: '资兴有哪些招商优惠政策？' }))).json()) as { conversationId: string; conversationKey: string; replies: Reply[]; seq: number };
    const answer = first.replies[0]!;
    expect(answer.citations.length).toBeGreaterThan(0);
    // The plain-text footer is for other channels; the web shows citations instead.
    expect(answer.text).not.toContain('来源：');
    expect(answer).not.toHaveProperty('sources');
    const vote = await app.request('/api/feedback', post({ messageId: answer.messageId, value: 1, conversationId: first.conversationId, conversationKey: first.conversationKey }));
    expect(vote.status).toBe(200);

    const conv = first.conversationId;
    const conversationKey = first.conversationKey;
    const keyed = { headers: { 'X-Conversation-Key': conversationKey } };
    await app.request('/api/chat', post({ conversationId: conv, conversationKey, text: '转人工' }));
    await app.request('/api/chat', post({ conversationId: conv, conversationKey, text: '13800138000' }));
    await rc.core.flush();
    const { leads } = (await (await app.request('/api/console/leads?status=new', { headers: { Host: '127.0.0.1:3000' } })).json()) as { leads: { id: string; conversation: { conversationId: string } }[] };
    const lead = leads.find((l) => l.conversation.conversationId === conv)!;
    expect(lead).toBeDefined();

    const before = (await (await app.request(`/api/conversations/${conv}/messages?after=0`, keyed)).json()) as { last: number };
    expect((await app.request(`/api/console/leads/${lead.id}/claim`, post({ staff: '李专员' }))).status).toBe(200);
    expect((await app.request(`/api/console/leads/${lead.id}/reply`, post({ staff: '李专员', text: '您好，我是李专员，请问贵公司计划投资多少？' }))).status).toBe(200);
    const pushed = (await (await app.request(`/api/conversations/${conv}/messages?after=${before.last}&wait=2`, keyed)).json()) as { messages: { role: string; text: string }[] };
    expect(pushed.messages.map((m) => m.role)).toContain('staff');
    expect(pushed.messages.some((m) => m.text.includes('李专员') && m.role === 'system')).toBe(true);

    // While taken over, the bot stays quiet.
    const quiet = (await (await app.request('/api/chat', post({ conversationId: conv, conversationKey, text: '大概两个亿' }))).json()) as { replies: Reply[] };
    expect(quiet.replies.filter((r) => r.speaker === 'bot' && r.intent === 'question')).toHaveLength(0);

    expect((await app.request(`/api/console/leads/${lead.id}/release`, post({ staff: '李专员' }))).status).toBe(200);
    const again = (await (await app.request('/api/chat', post({ conversationId: conv, conversationKey, text: '资兴有哪些产业园区？' }))).json()) as { replies: Reply[] };
    expect(again.replies.some((r) => r.speaker === 'bot' && r.citations.length > 0)).toBe(true);

    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/zx_questions_total\{channel="web"\} [2-9]/);
    expect(metrics).toContain('zx_leads{state="claimed"} 0');
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
  });
});
