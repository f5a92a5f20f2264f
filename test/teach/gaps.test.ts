/**
 * Knowledge gaps that are real, on a fixture of 30 logged messages (test/fixtures/gaps): small talk,
 * commands, capture answers and off-topic messages are left out; paraphrases are grouped with
 * counts; a phone number typed in a question is redacted before the gap is shown.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { gapOccurrences } from '../../src/store/gap-log.js';
import { realGaps } from '../../src/teach/gaps.js';
import { gapKey } from '../../src/store/insights.js';

interface Logged {
  text: string;
  group: string | null;
  vote?: number;
  answered?: boolean;
  citations?: boolean;
  afterCapture?: boolean;
}
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/gaps/logged-questions.json', import.meta.url), 'utf8')) as { messages: Logged[] };

/** A store holding each fixture message in its own conversation, with the bot's reply (and a capture prompt before it when marked). */
function loggedStore() {
  const store = openStore({ path: ':memory:' });
  const db = store.db;
  let at = 1_700_000_000_000;
  const msg = db.prepare('INSERT INTO messages (conversation, role, text, outbound, answered, intent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  FIXTURE.messages.forEach((m, i) => {
    const conv = `web:c${i}`;
    db.prepare("INSERT INTO conversations (id, channel, conversation_id, user_id, state, created_at, updated_at) VALUES (?, 'web', ?, 'u', 'idle', ?, ?)").run(conv, `c${i}`, at, at);
    if (m.afterCapture) msg.run(conv, 'assistant', '请问贵公司计划何时投资？', null, 0, 'lead', (at += 1000));
    msg.run(conv, 'user', m.text, null, null, null, (at += 1000));
    const outbound = JSON.stringify({ text: 'reply', citations: m.citations ? [{ n: 1, title: '厂房政策', path: 'knowledge/zone/x.md', headingPath: [] }] : [], answered: m.answered ?? false, intent: 'question' });
    const seq = msg.run(conv, 'assistant', m.answered ? '根据资兴市招商资料：…' : '资兴招商资料中没有写明…', outbound, m.answered ? 1 : 0, 'question', (at += 1000)).lastInsertRowid;
    if (m.vote) db.prepare('INSERT INTO votes (message_seq, voter, value, at) VALUES (?, ?, ?, ?)').run(seq, 'u', m.vote, at);
  });
  return store;
}

describe('real knowledge gaps on 30 logged messages', () => {
  it('leaves out small talk, commands, capture answers and off-topic; groups paraphrases with counts', () => {
    const store = loggedStore();
    const occ = gapOccurrences(store.db, 0);
    expect(occ).toHaveLength(30);
    const groups = realGaps(occ, new Set());
    // The fixture's groups as a person would make them; the tuned threshold (set on
    // training/validation.jsonl, favouring precision) keeps one rent wording apart.
    const expected = new Map<string, string[]>();
    for (const m of FIXTURE.messages) if (m.group) expected.set(m.group, [...(expected.get(m.group) ?? []), m.text.replace('13812345678', '[电话]')]);
    const got = groups.map((g) => [...g.questions].sort());
    for (const name of ['land', 'power', 'flat', 'school', 'sewage']) expect(got).toContainEqual([...expected.get(name)!].sort());
    // The three rent wordings: in at most two groups, never mixed with another topic (the threshold
    // favours precision, so one wording may stay apart; which one depends on the models).
    const rent = ['厂房租金一平米多少钱？', '厂房租金每平方米多少', '标准厂房租金多少钱一平'];
    const rentGroups = got.filter((g) => g.some((q) => rent.includes(q)));
    expect(rentGroups.length).toBeLessThanOrEqual(2);
    expect(rentGroups.flat().sort()).toEqual([...rent].sort());
    expect(groups.map((g) => g.count)).toEqual([6, 4, 3, 2, 2, 1, 1]);
    const land = groups[0]!;
    expect(land.reasons).toEqual({ unanswered: 5, partial: 0, downvoted: 1 });
    expect(land.firstAt).toBeLessThan(land.lastAt);
    expect(groups.find((g) => g.question.includes('厂房租金'))!.reasons.partial).toBe(2);
    expect(groups.find((g) => g.question.includes('厂房租金'))!.citations).toEqual([{ title: '厂房政策', path: 'knowledge/zone/x.md' }]);
    const shown = JSON.stringify(groups);
    for (const noise of ['你好', '谢谢', '👍', '🙏', '转人工', '跳过', '明年春天', '天气', '写一首诗']) expect(shown).not.toContain(noise);
    // The phone number typed into a question is not shown.
    expect(shown).not.toContain('13812345678');
    expect(land.questions.some((q) => q.includes('[电话]'))).toBe(true);
    store.close();
  });

  it('a question staff already handled is no longer a gap', () => {
    const store = loggedStore();
    const handled = new Set(['资兴有没有国际学校？', '资兴有国际学校吗'].map(gapKey));
    const groups = realGaps(gapOccurrences(store.db, 0), handled);
    expect(groups.map((g) => g.count)).toEqual([6, 4, 3, 2, 1, 1]);
    store.close();
  });
});
