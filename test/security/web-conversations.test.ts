/**
 * Red-team findings: `/api/feedback` accepted a vote for any message id from any conversation id
 * (#9), and web conversation ids could be chosen by the client (`web-1`) and read by anyone who
 * knew one, though ids appear in logs, the console and Slack (#10). Ids are now issued by the
 * server with a per-conversation key; reading, continuing and voting need it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { realCore, type RealCore } from '../web/real-core.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';

const post = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
type ChatBody = { conversationId: string; conversationKey: string; replies: { messageId?: string; text: string }[] };

let rc: RealCore;
let app: ReturnType<typeof createHttpApp>;
beforeAll(async () => {
  rc = await realCore();
  app = createHttpApp(rc.core, rc.config);
});
afterAll(async () => {
  await rc?.dispose();
});

const ask = async (body: Record<string, unknown>): Promise<ChatBody> => (await (await app.request('/api/chat', post(body))).json()) as ChatBody;
const votesOn = (seq: string) => (rc.core.store as SqliteStore).db.prepare('SELECT voter, value FROM votes WHERE message_seq = ?').all(Number(seq));

describe('web conversations: ids issued by the server, read with their key', () => {
  it('the attack: a client-chosen id (web-1) is not used; a new id and key are issued', async () => {
    const victim = await ask({ text: '资兴有哪些招商优惠政策？' });
    const chosen = await ask({ conversationId: 'web-1', text: '你好' });
    expect(chosen.conversationId).not.toBe('web-1');
    expect(chosen.conversationKey).toEqual(expect.any(String));
    // Presenting the victim's id without its key does not join the victim's conversation.
    const joined = await ask({ conversationId: victim.conversationId, text: '我也来问一句' });
    expect(joined.conversationId).not.toBe(victim.conversationId);
    const texts = (await rc.core.store.messagesSince(victim.conversationId, 0)).map((m) => m.text);
    expect(texts).not.toContain('我也来问一句');
  });

  it('the attack: reading a conversation by its id alone, or with another conversation’s key, is refused', async () => {
    const victim = await ask({ text: '资兴有哪些招商优惠政策？' });
    const attacker = await ask({ text: '你好' });
    const url = `/api/conversations/${victim.conversationId}/messages?after=0`;
    expect((await app.request(url)).status).toBe(404);
    expect((await app.request(url, { headers: { 'X-Conversation-Key': attacker.conversationKey } })).status).toBe(404);
    const own = await app.request(url, { headers: { 'X-Conversation-Key': victim.conversationKey } });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
  });

  it('no generated key opens a conversation but its own', async () => {
    const victim = await ask({ text: '资兴有哪些产业园区？' });
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }).filter((k) => k !== victim.conversationKey && /^[\x21-\x7e]+$/.test(k)), async (key) => {
        const res = await app.request(`/api/conversations/${victim.conversationId}/messages?after=0`, { headers: { 'X-Conversation-Key': key } });
        expect(res.status).toBe(404);
      }),
      { numRuns: 50 },
    );
  });
});

describe('feedback: a vote counts only in the voter’s own conversation', () => {
  it('the attack: voting on another conversation’s message is refused and records nothing', async () => {
    const victim = await ask({ text: '资兴有哪些招商优惠政策？' });
    const attacker = await ask({ text: '资兴有哪些产业园区？' });
    const target = victim.replies.find((r) => r.messageId)!.messageId!;
    // With the attacker's own id and key, naming the victim's message.
    expect((await app.request('/api/feedback', post({ messageId: target, value: -1, conversationId: attacker.conversationId, conversationKey: attacker.conversationKey }))).status).toBe(404);
    // With the victim's id but no valid key.
    expect((await app.request('/api/feedback', post({ messageId: target, value: -1, conversationId: victim.conversationId, conversationKey: attacker.conversationKey }))).status).toBe(404);
    expect((await app.request('/api/feedback', post({ messageId: target, value: -1, conversationId: victim.conversationId }))).status).toBe(400);
    expect(votesOn(target)).toEqual([]);
    // The victim's own vote counts.
    expect((await app.request('/api/feedback', post({ messageId: target, value: 1, conversationId: victim.conversationId, conversationKey: victim.conversationKey }))).status).toBe(200);
    expect(votesOn(target)).toEqual([{ voter: victim.conversationId, value: 1 }]);
  });
});
