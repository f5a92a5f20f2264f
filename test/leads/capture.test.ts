import { describe, expect, it } from 'vitest';
import { continueCapture, startCapture, type CaptureStep } from '../../src/leads/capture.js';
import type { CaptureDraft } from '../../src/store/types.js';

const zh = { lang: 'zh' as const, retentionDays: 365 };
const en = { lang: 'en' as const, retentionDays: 365 };

function prompt(step: CaptureStep): { draft: CaptureDraft; text: string } {
  if (step.kind !== 'prompt') throw new Error(`expected a prompt, got ${step.kind}`);
  return step;
}

describe('lead capture steps', () => {
  it('asks only for what is missing, at most two fields at a time', () => {
    const s = startCapture('我们是华芯科技有限公司，做光伏，计划投资2亿元', zh);
    expect(s.draft.asked).toEqual(['landOrSpace']);
    expect(s.text).toContain('已记录');
    expect(s.text).toContain('用地或厂房面积');
  });

  it('shows the privacy notice (why, how long, how to delete) before asking for contact details, once', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工', zh);
    expect(s.draft.asked).toEqual(['contactName', 'phone']);
    expect(s.text).toMatch(/仅用于.*保存365天.*删除我的信息.*个人信息保护法/);
    const again = prompt(continueCapture(s.draft, '嗯', zh));
    expect(again.text).not.toContain('保存365天');
  });

  it('shows the privacy notice in the summary when contact details came unasked', () => {
    const s = startCapture('We plan to invest $20 million in solar, need 50 acres, next year, my name is Anna Li, phone 13800138000', en);
    expect(s.draft.asked).toEqual(['company']);
    expect(s.text).not.toContain('kept for 365 days');
    const sum = prompt(continueCapture(s.draft, 'Acme Robotics', en));
    expect(sum.draft.stage).toBe('confirm');
    expect(sum.text).toContain('kept for 365 days');
    expect(sum.text).toContain('Acme Robotics');
    expect(sum.text).toContain('Anna Li');
  });

  it('leaves the asked field out when the investor declines it in words, and asks the next one', () => {
    const s = startCapture('我们是华芯科技有限公司，做光伏，计划投资', zh);
    expect(s.draft.asked).toContain('investment');
    const declined = prompt(continueCapture(s.draft, '投资额目前不便透露。', { ...zh, declines: true }));
    expect(declined.text.startsWith('好的，这一项可以先不填。')).toBe(true);
    expect(declined.draft.skipped).toContain('investment');
    expect(declined.draft.asked).not.toContain('investment');
    // Without the model's reading, the same words are not an answer: the field is asked again.
    const again = prompt(continueCapture(s.draft, '投资额目前不便透露。', zh));
    expect(again.text).toContain('没有识别出');
    expect(again.draft.skipped).not.toContain('investment');
  });

  it('a decline of the contact details still says they are needed', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工', zh);
    expect(s.draft.asked).toEqual(['contactName', 'phone']);
    const step = prompt(continueCapture(s.draft, '不方便说', { ...zh, declines: true }));
    expect(step.text).toContain('好的，这一项可以先不填。');
    expect(step.draft.asked).toContain('phone');
  });

  it('a decline asked for the industry records no industry; a trade, a name or a company typed alone still counts', () => {
    const s = startCapture('We plan to invest RMB 50 million in Zixing.', en);
    expect(s.draft.asked).toContain('industry');
    for (const words of ['Not sure yet, still working it out.', "Let's talk about that later."]) {
      const step = prompt(continueCapture(s.draft, words, { ...en, declines: true }));
      expect(step.draft.fields.industry).toBeUndefined();
      expect(step.draft.skipped).toContain('industry');
    }
    // A real trade, or a bare word that is the whole reply, is kept even when heard as a decline.
    const trade = prompt(continueCapture(s.draft, 'we make furniture', { ...en, declines: true }));
    expect(trade.draft.fields.industry).toBeDefined();
    const bare = prompt(continueCapture(s.draft, 'solar', { ...en, declines: true }));
    expect(bare.draft.fields.industry).toBeDefined();
    const company = startCapture('我们计划在资兴投资2亿元，做新能源，需要50亩，明年开工', zh);
    expect(company.draft.asked).toContain('company');
    for (const name of ['华芯科技有限公司', '鑫源']) {
      const named = prompt(continueCapture(company.draft, name, { ...zh, declines: true }));
      expect(named.draft.fields.company).toBe(name);
    }
  });

  it('submits on confirm only with a contact', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    expect(continueCapture(s.draft, '确认', zh).kind).toBe('submit');
    expect(continueCapture(s.draft, 'OK!', zh).kind).toBe('submit');
  });

  it('edits a field by name without a value: asks for it, then shows the summary again', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    const ask = prompt(continueCapture(s.draft, '修改公司', zh));
    expect(ask.text).toContain('贵公司的名称');
    const back = prompt(continueCapture(ask.draft, '鑫源集团', zh));
    expect(back.draft.stage).toBe('confirm');
    expect(back.text).toContain('鑫源集团');
  });

  it('a reply at the summary that is neither a confirmation nor an edit shows the summary again', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    expect(s.draft.stage).toBe('confirm');
    const again = prompt(continueCapture(s.draft, '跳过', zh));
    expect(again.draft.stage).toBe('confirm');
    expect(again.text).toContain('13800138000');
    expect(again.text).toContain('华芯科技有限公司');
    expect(again.text).toContain('请核对以上信息');
    // The privacy notice was shown with the first summary; it is not repeated.
    expect(again.text).not.toContain('保存365天');
  });

  it('edits a free-text field with its value', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    const edited = prompt(continueCapture(s.draft, '修改 时间 2027年Q1', zh));
    expect(edited.draft.fields.timeline).toBe('2027年Q1');
  });

  it('cancels, hands off, and treats questions as questions', () => {
    const s = startCapture('我们计划投资建厂', zh);
    expect(continueCapture(s.draft, '取消', zh).kind).toBe('cancel');
    expect(continueCapture(s.draft, 'cancel', en).kind).toBe('cancel');
    expect(continueCapture(s.draft, '转人工', { ...zh, handoff: true }).kind).toBe('handoff');
    const q = continueCapture(s.draft, '资兴有哪些园区？', zh);
    expect(q).toMatchObject({ kind: 'question' });
    expect((q as { reprompt: string }).reprompt).toContain('贵公司的名称');
  });

  it('re-asks an invalid phone in English too, keeping the name beside it', () => {
    const s = startCapture('We plan to invest $20 million in a solar plant, need 50 acres, next year', en);
    const named = prompt(continueCapture(s.draft, 'Acme Robotics', en));
    expect(named.draft.asked).toEqual(['contactName', 'phone']);
    const bad = prompt(continueCapture(named.draft, 'Anna, 1380013800', en));
    expect(bad.text).toContain('10 digits');
    expect(bad.draft.fields.contactName).toBe('Anna');
  });

  it('takes the first phrase as a free-text answer', () => {
    const s = startCapture('我们计划在资兴投资建厂', zh);
    const next = prompt(continueCapture(s.draft, '华芯电子，芯片封装', zh));
    expect(next.draft.fields).toMatchObject({ company: '华芯电子', industry: '电子信息' });
  });

  it('takes a bare WeChat id when asked for contact details', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工', zh);
    const next = prompt(continueCapture(s.draft, 'hx_zhang2026', zh));
    expect(next.draft.fields.wechatId).toBe('hx_zhang2026');
  });

  it.each([
    ['资兴有哪些园区？', true],
    ['有优惠政策吗', true],
    ['What about tax?', true],
    ['介绍一下资兴的园区', true],
    ['华芯科技', false],
    ['张三 13800138000', false],
  ])('the intent model tells a question in the middle of capture (%s) from an answer: %s', (t, q) => {
    const collecting = startCapture('我们计划在资兴投资2亿元建厂', zh).draft;
    expect(continueCapture(collecting, t, zh).kind === 'question').toBe(q);
  });
});

describe('capture: fields come only from the message that states them', () => {
  const collectingContact = () => startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工', zh).draft;

  it.each(['13800138000', '我的手机是13800138000', '电话13800138000'])('asks for the contact name when only a phone came (%s)', (reply) => {
    const next = prompt(continueCapture(collectingContact(), reply, zh));
    expect(next.draft.fields.phone).toBe('13800138000');
    expect(next.draft.fields.contactName).toBeUndefined();
    expect(next.draft.asked).toEqual(['contactName']);
    expect(next.text).toContain('联系人姓名');
  });

  it('answers a question mid-capture with a one-line reprompt, taking nothing from the question', () => {
    const s = startCapture('我们计划投资建厂', zh);
    const q = continueCapture(s.draft, '资兴对新能源企业有什么优惠政策？', zh);
    if (q.kind !== 'question') throw new Error(`expected a question, got ${q.kind}`);
    expect(q.reprompt).toBe('（继续登记：贵公司的名称、所属行业？）');
    expect(q.draft.fields.industry).toBeUndefined();
    expect(q.draft.privacyShown).toBe(false);
  });

  it('keeps the reprompt to one line in English and at the confirmation step', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    const q = continueCapture(s.draft, 'What incentives are there?', en);
    expect(q).toMatchObject({ kind: 'question' });
    expect((q as { reprompt: string }).reprompt).not.toContain('\n');
    expect((q as { reprompt: string }).reprompt).toContain('confirm');
  });

  it.each([
    ['What about logistics?', en],
    ['Which industrial parks do you have?', en],
    ['Who handles tax questions?', en],
    ['资兴有哪些园区？', zh],
    ['有什么税收优惠吗', zh],
  ])('at the confirmation step, a question (%s) is answered and the draft is left as it was', (text, o) => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    const q = continueCapture(s.draft, text, o);
    if (q.kind !== 'question') throw new Error(`expected a question, got ${q.kind}`);
    expect(q.draft.fields).toEqual(s.draft.fields);
    expect(q.draft.stage).toBe('confirm');
  });

  it('at the confirmation step, a correction still changes the draft', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    const next = prompt(continueCapture(s.draft, '公司名不对，是鑫源科技', zh));
    expect(next.draft.fields.company).toBe('鑫源科技');
    expect(next.draft.fields.phone).toBe('13800138000');
  });

  it('does not take a plan as the company name', () => {
    const s = startCapture('你好，想了解一下', zh);
    const next = prompt(continueCapture(s.draft, '计划投资 建个新材料工厂', zh));
    expect(next.draft.fields.company).toBeUndefined();
  });

  it('reads 2万平方米 as floor space, never as an investment of 2万', () => {
    const s = startCapture('我们计划在资兴投资建厂', zh);
    const next = prompt(continueCapture({ ...s.draft, asked: ['investment', 'landOrSpace'] }, '需要2万平方米厂房', zh));
    expect(next.draft.fields.landOrSpace).toMatchObject({ value: 20_000, unit: 'm2' });
    expect(next.draft.fields.investment).toBeUndefined();
  });

  it('corrects the company in natural words', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工', zh);
    const next = prompt(continueCapture(s.draft, '公司名不对，是鑫源科技', zh));
    expect(next.draft.fields.company).toBe('鑫源科技');
    // A correction skips nothing: the contact question is asked again.
    expect(next.draft.asked).toEqual(['contactName', 'phone']);
  });

  it('corrects an amount at the confirmation step', () => {
    const s = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2万，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    expect(s.draft.stage).toBe('confirm');
    const next = prompt(continueCapture(s.draft, '不是2万，是5000万', zh));
    expect(next.draft.fields.investment).toMatchObject({ amountWan: 5000, currency: 'CNY' });
    expect(next.draft.stage).toBe('confirm');
  });

  it('keeps the command words: skip, cancel, confirm, change', () => {
    const s = startCapture('我们计划在资兴投资建厂', zh);
    expect(prompt(continueCapture(s.draft, '跳过', zh)).draft.skipped).toEqual(['company', 'industry']);
    expect(continueCapture(s.draft, '取消', zh).kind).toBe('cancel');
    const full = startCapture('我们是华芯科技有限公司，做新能源的，计划投资2亿元，需要50亩，明年开工，联系人张三，电话13800138000', zh);
    expect(continueCapture(full.draft, '确认', zh).kind).toBe('submit');
    expect(prompt(continueCapture(full.draft, '修改 电话 13912345678', zh)).draft.fields.phone).toBe('13912345678');
  });
});
