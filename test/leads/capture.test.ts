import { describe, expect, it } from 'vitest';
import { continueCapture, isQuestion, startCapture, type CaptureStep } from '../../src/leads/capture.js';
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
    const s = startCapture('我们计划投资2亿元，需要50亩，华芯科技有限公司，新能源，明年', zh);
    expect(s.draft.asked).toEqual(['contactName', 'phone']);
    expect(s.text).toMatch(/仅用于.*保存365天.*删除我的信息.*个人信息保护法/);
    const again = prompt(continueCapture(s.draft, '嗯', zh));
    expect(again.text).not.toContain('保存365天');
  });

  it('shows the privacy notice in the summary when contact details came unasked', () => {
    const s = startCapture('We are Acme Robotics, we plan to invest $20 million in solar, need 50 acres, next year, my name is Anna Li, phone 13800138000', en);
    expect(s.draft.stage).toBe('confirm');
    expect(s.text).toContain('kept for 365 days');
    expect(s.text).toContain('Acme Robotics');
  });

  it('submits on confirm only with a contact', () => {
    const s = startCapture('我们计划投资2亿元，需要50亩，华芯科技有限公司，新能源，明年，联系人张三，电话13800138000', zh);
    expect(continueCapture(s.draft, '确认', zh).kind).toBe('submit');
    expect(continueCapture(s.draft, 'OK!', zh).kind).toBe('submit');
  });

  it('edits a field by name without a value: asks for it, then shows the summary again', () => {
    const s = startCapture('我们计划投资2亿元，需要50亩，华芯科技有限公司，新能源，明年，联系人张三，电话13800138000', zh);
    const ask = prompt(continueCapture(s.draft, '修改公司', zh));
    expect(ask.text).toContain('贵公司的名称');
    const back = prompt(continueCapture(ask.draft, '鑫源集团', zh));
    expect(back.draft.stage).toBe('confirm');
    expect(back.text).toContain('鑫源集团');
  });

  it('edits a free-text field with its value', () => {
    const s = startCapture('我们计划投资2亿元，需要50亩，华芯科技有限公司，新能源，明年，联系人张三，电话13800138000', zh);
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

  it('re-asks an invalid phone in English too', () => {
    const s = startCapture('We plan to invest $20 million in a solar plant; we are Acme Robotics; need 50 acres; next year', en);
    const bad = prompt(continueCapture(s.draft, 'Anna, 1380013800', en));
    expect(bad.text).toContain('10 digits');
    expect(bad.draft.fields.contactName).toBe('Anna');
  });

  it('takes the first phrase as a free-text answer', () => {
    const s = startCapture('我们计划在资兴投资建厂', zh);
    const next = prompt(continueCapture(s.draft, '华芯电子，芯片封装', zh));
    expect(next.draft.fields).toMatchObject({ company: '华芯电子', industry: '电子信息' });
  });

  it('takes a bare WeChat id when asked for contact details', () => {
    const s = startCapture('我们计划投资2亿元，需要50亩，华芯科技有限公司，新能源，明年', zh);
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
  ])('isQuestion(%s) = %s', (t, q) => expect(isQuestion(t)).toBe(q));
});
