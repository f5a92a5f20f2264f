import { describe, expect, it } from 'vitest';
import { describeErasure, erasePerson, leadsToCsv, listLeadsText, showLead } from '../../src/leads/admin.js';
import { openStore } from '../../src/store/index.js';

async function seeded() {
  const s = openStore({ path: ':memory:' });
  const c = await s.ensureConversation({ channel: 'wechat', conversationId: 'x', userId: 'u', lang: 'zh' });
  await s.createLead({ id: 'L1', conversation: c.id, fields: { company: '华芯,"科技"', contactName: '=cmd', phone: '13800138000', investment: { amountWan: 20000, currency: 'CNY', text: '2亿元' } } });
  return s;
}

describe('lead admin tools', () => {
  it('lists and shows leads', async () => {
    const s = await seeded();
    expect(await listLeadsText(s)).toMatch(/^L1\tnew\t.*华芯/);
    expect(JSON.parse((await showLead(s, 'L1'))!)).toMatchObject({ id: 'L1', fields: { phone: '13800138000', investmentWan: 20000 } });
    expect(await showLead(s, 'nope')).toBeUndefined();
    s.close();
  });

  it('exports CSV safely (quotes, formula injection, BOM)', async () => {
    const s = await seeded();
    const csv = await leadsToCsv(s);
    expect(csv.startsWith('\uFEFF编号,公司,联系人,')).toBe(true);
    expect(csv).toContain('2亿元');
    expect(csv).toContain('"华芯,""科技"""');
    expect(csv).toContain(",'=cmd,");
    s.close();
  });

  it('erases a person and says what was erased', async () => {
    const s = await seeded();
    const text = describeErasure(await erasePerson(s, 'L1'));
    expect(text).toContain('contactName, phone');
    await expect(erasePerson(s, 'nope')).rejects.toThrow(expect.objectContaining({ code: 'not_found' }));
    s.close();
  });
});
