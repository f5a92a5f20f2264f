import { describe, expect, it } from 'vitest';
import { redactPersonalData } from '../src/core/privacy.js';

describe('redactPersonalData', () => {
  it.each([
    ['我的电话13800138000，想了解政策', '我的电话[电话]，想了解政策'],
    ['call +86 138 0013 8000 please', 'call [电话] please'],
    ['座机0735-3321234', '座机[电话]'],
    ['邮箱 zhang.san@example.com', '邮箱 [邮箱]'],
    ['我的微信号是 zhang_san88', '我的微信号是 [微信号]'],
    ['WeChat: li-si_2024', 'WeChat: [微信号]'],
    ['wxid_abc12345 联系我', '[微信号] 联系我'],
  ])('%s', (input, expected) => expect(redactPersonalData(input)).toBe(expected));

  it('keeps figures, years and amounts from the knowledge base', () => {
    const text = '总投资估算30亿元，投放助保贷4440万元，减税降费3.82亿元，用地约20亩，2026年7月投产，11名招商大使。';
    expect(redactPersonalData(text)).toBe(text);
  });
});
