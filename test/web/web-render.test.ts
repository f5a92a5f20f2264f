/**
 * What the investors' page receives: sources worded by the shared investor formatter, no file
 * paths anywhere (citation, raw source, the text footer, the stream), and other open pages on the
 * conversation woken by each new message instead of waiting for their long poll to time out.
 */
import { describe, expect, it } from 'vitest';
import { formatCitation } from '../../src/answer/citations.js';
import { sourcesFooter } from '../../src/answer/compose.js';
import { webDeltaFilter, webMessage, webReply } from '../../src/channels/web/render.js';
import { testConfig } from '../../src/config.js';
import type { Citation, Outbound, Passage } from '../../src/core/types.js';
import { createHttpApp } from '../../src/http/app.js';
import { fakeCore } from './fake-core.js';

const citation: Citation = {
  n: 1,
  title: '资兴市招商引资优惠政策',
  path: 'knowledge/policy/one-plus-eight-72-measures.md',
  headingPath: ['优惠政策'],
  text: '新落户企业可享受奖励。',
  score: 0.9,
  source: '湖南日报报道（李秉钧 黄欣 刘向辉），shared/sources/000_49566af0655d33aa.txt',
  published: '2023-06-01',
};
const passage = { ...citation, docId: 'policy-1', id: 'c1' } as unknown as Passage;
const body = '新落户企业可享受奖励[1]。';
const reply: Outbound = { text: body + sourcesFooter([passage], 'zh'), citations: [citation], answered: true, handoffOffered: false, intent: 'question', speaker: 'bot' };

describe('the web chat rendering', () => {
  it('words sources for investors with the shared formatter and sends no file path', () => {
    expect(reply.text).toContain('knowledge/policy/');
    const out = webReply(reply);
    expect(out.text).toBe(body);
    const c = out.citations[0]!;
    expect(c.label).toBe(formatCitation(citation, 'investor', 'zh'));
    expect(c.label).toBe('[1] 《资兴市招商引资优惠政策》 — 湖南日报报道（李秉钧 黄欣 刘向辉），2023-06-01');
    expect(c.origin).toBe('湖南日报报道（李秉钧 黄欣 刘向辉），2023-06-01');
    expect(c.displayTitle).toBe('《资兴市招商引资优惠政策》');
    const json = JSON.stringify(out);
    expect(json).not.toMatch(/knowledge\/|shared\/sources|\.md|\.txt/);
    // A stored message reads the same.
    const stored = webMessage({ seq: 2, conversationId: 'web-1', role: 'assistant', text: reply.text, outbound: reply, at: 0 });
    expect(JSON.stringify(stored)).not.toMatch(/knowledge\/|shared\/sources/);
    // …and keeps its id (its sequence number), so a reloaded page can still offer 👍/👎.
    expect(stored.outbound?.messageId).toBe('2');
  });

  it('streams the reply without its sources footer, however the deltas split it', () => {
    const full = reply.text;
    for (const size of [1, 2, 3, 5, 8, 1000]) {
      const filter = webDeltaFilter();
      let shown = '';
      for (let i = 0; i < full.length; i += size) shown += filter.push(full.slice(i, i + size));
      expect(shown, `deltas of ${size}`).toBe(body);
    }
    const en = webDeltaFilter();
    const english = 'New companies get rewards [1].';
    const shownEn = [...(english + sourcesFooter([passage], 'en'))].map((ch) => en.push(ch)).join('');
    expect(shownEn).toBe(english);
    // A paragraph break that is not a footer is held only until the next delta shows it is text.
    const filter = webDeltaFilter();
    expect(filter.push('第一段。\n\n')).toBe('第一段。');
    expect(filter.push('第二段')).toBe('\n\n第二段');
  });
});

describe('new messages wake the other pages of a conversation', () => {
  const json = (b: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });

  it('a long poll held open for an hour ends as soon as the investor writes from another tab', async () => {
    const core = fakeCore();
    const app = createHttpApp(core, testConfig({ WEB_LONG_POLL_S: '3600' }));
    const first = (await (await app.request('/api/chat', json({ text: '你好' }))).json()) as { conversationId: string; conversationKey: string; seq: number };
    const ac = new AbortController();
    const pending = app.request(`/api/conversations/${first.conversationId}/messages?after=${first.seq}&wait=3600`, { headers: { 'X-Conversation-Key': first.conversationKey }, signal: ac.signal });
    // The poll is waiting (nothing new yet): one waiter on the hub.
    await expect.poll(() => core.web.hub.size()).toBe(1);
    await (await app.request('/api/chat/stream', json({ text: '产业', conversationId: first.conversationId, conversationKey: first.conversationKey }))).text();
    const res = (await (await pending).json()) as { messages: { role: string; text: string }[] };
    expect(res.messages.map((m) => m.role)).toContain('user');
    expect(res.messages.find((m) => m.role === 'user')!.text).toBe('产业');
    ac.abort();
  });

  it('cuts a longer wait to WEB_LONG_POLL_S instead of refusing it', async () => {
    const core = fakeCore();
    const app = createHttpApp(core, testConfig({ WEB_LONG_POLL_S: '1' }));
    const first = (await (await app.request('/api/chat', json({ text: '你好' }))).json()) as { conversationId: string; conversationKey: string; seq: number };
    const res = await app.request(`/api/conversations/${first.conversationId}/messages?after=${first.seq}&wait=600`, { headers: { 'X-Conversation-Key': first.conversationKey } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { messages: unknown[] }).messages).toEqual([]);
    expect((await app.request(`/api/conversations/${first.conversationId}/messages?wait=3601`, { headers: { 'X-Conversation-Key': first.conversationKey } })).status).toBe(400);
  });
});
