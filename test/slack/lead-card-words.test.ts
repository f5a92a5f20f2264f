/**
 * The lead card as staff read it, through Bolt's real receiver and the loopback fake Slack:
 * labels and formatted values instead of the record's keys, a title when there is no company,
 * and a closed lead that says so in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleLead } from './fakes.js';
import { startHarness, waitFor, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const cardText = (args: Record<string, unknown>) => JSON.stringify(args.blocks);

describe('the lead card in words', () => {
  it('shows labelled fields and amounts as people write them, never the record keys', async () => {
    const lead = sampleLead('L1');
    h.staff.add(lead);
    await h.built.desk.notify({ type: 'created', lead });
    const card = cardText(h.slack.callsOf('chat.postMessage')[0]!.args);
    for (const label of ['联系人 Contact', '投资额 Investment', '用地/面积 Land / space', '需求 Request']) expect(card).toContain(label);
    expect(card).toContain('2亿元');
    expect(card).toContain('80亩');
    for (const key of ['contactName', 'investmentWan', 'investmentCurrency', 'landUnit', 'description', '20000', 'CNY']) expect(card).not.toContain(key);
  });

  it('titles a lead without a company by its contact, else as an unnamed investor, never by its id', async () => {
    const named = sampleLead('0b7e1d2c-5f3a-4b8e-9c1d-2e3f4a5b6c7d', { fields: { contactName: '李女士', phone: '13900139000' } });
    const unnamed = sampleLead('9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', { fields: { phone: '13700137000' }, createdAt: Date.UTC(2026, 2, 3, 1, 5) });
    await h.built.desk.notify({ type: 'created', lead: named });
    await h.built.desk.notify({ type: 'created', lead: unnamed });
    const [first, second] = h.slack.callsOf('chat.postMessage').map((c) => (c.args.blocks as { type: string; text: { text: string } }[])[0]!.text.text);
    expect(first).toBe('新线索 New lead · 李女士');
    expect(second).toBe('新线索 New lead · 未留名投资者 2026-03-03 09:05');
  });

  it('a closed lead says so in its header and names the outcome in words', async () => {
    const lead = sampleLead('L1');
    h.staff.add(lead);
    await h.built.desk.notify({ type: 'created', lead });
    await h.interaction({
      type: 'view_submission',
      user: { id: 'U1' },
      view: {
        id: 'V1',
        callback_id: 'lead_close_modal',
        private_metadata: JSON.stringify({ leadId: 'L1' }),
        state: { values: { outcome: { value: { type: 'static_select', selected_option: { value: 'signed' } } }, note: { value: { type: 'plain_text_input', value: '已签框架协议' } } } },
      },
    });
    const update = await waitFor(() => h.slack.callsOf('chat.update').at(-1), 'closed card');
    const blocks = update.args.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]!.text!.text).toBe('已结案 Closed · 深圳某新材料公司');
    const card = cardText(update.args);
    expect(card).toContain('已签约 Signed：已签框架协议');
    expect(card).not.toContain('signed:');
    expect(card).not.toContain('新线索');
  });
});
