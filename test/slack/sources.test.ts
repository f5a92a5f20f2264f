/**
 * Sources under a Slack answer, made where citations are made (compose) and rendered by the
 * adapter, through Bolt's real receiver and the loopback fake Slack: a title that already is a
 * document name keeps one pair of 《》, and a document cited by two passages is listed once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeQuotes, toCitations } from '../../src/answer/compose.js';
import type { Passage } from '../../src/core/types.js';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const passage = (id: string, text: string): Passage => ({
  id,
  docId: 'tech',
  title: '《鼓励企业技术创新奖励办法》',
  path: 'knowledge/policy/technology-innovation-reward-measures.md',
  headingPath: [],
  text,
  score: 0.9,
  source: '湖南日报报道（李秉钧 黄欣 刘向辉），shared/sources/000_49566af0655d33aa.txt',
});

describe('sources in Slack', () => {
  it('lists a document once, with one pair of 《》, the source and the path for staff', async () => {
    const cited = [passage('p1', '资兴出台了鼓励企业技术创新奖励办法。'), passage('p2', '对技术创新企业给予奖励。')];
    h.assistant.reply = () => [
      {
        text: composeQuotes([{ text: cited[0]!.text, cite: 0 }, { text: cited[1]!.text, cite: 1 }], cited, 'zh'),
        citations: toCitations(cited),
        answered: true,
        handoffOffered: false,
        intent: 'question',
        speaker: 'bot',
        messageId: 'm1',
      },
    ];
    await h.event({ type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: '技术创新有什么奖励？', ts: '1700000001.000001' });
    const post = await waitFor(() => h.slack.callsOf('chat.postMessage')[0], 'answer');
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).not.toContain('《《');
    expect(blocks.match(/鼓励企业技术创新奖励办法》 —/g)).toHaveLength(1);
    expect(blocks).not.toContain('[2]');
    expect(blocks).toContain('[1] 《鼓励企业技术创新奖励办法》 — 湖南日报报道（李秉钧 黄欣 刘向辉） · knowledge/policy/technology-innovation-reward-measures.md');
  });
});
