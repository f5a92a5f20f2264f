import { describe, expect, it } from 'vitest';
import { detectLang, looksLikePinyin } from '../../src/text/lang.js';

describe('the language of a message', () => {
  it('reads Chinese typed in pinyin as Chinese, so the reply is Chinese too', () => {
    expect(detectLang('zixing you shenme youhui zhengce')).toBe('zh');
    expect(detectLang('pengboshi suanli zhongxin touzi duoshao')).toBe('zh');
    expect(detectLang('zixing gongye yongdi duoshao qian yi mu')).toBe('zh');
  });

  it('keeps English English, including short questions and place names', () => {
    for (const t of ['What incentives are there?', 'can you help me', 'I want to invest in Zixing', 'Hunan Zixing', 'Tell me about Dongjiang Lake', 'Is there a subsidy for a new factory in Zixing?']) {
      expect(looksLikePinyin(t)).toBe(false);
      expect(detectLang(t)).toBe('en');
    }
  });

  it('is Chinese for Han text and falls back without letters', () => {
    expect(detectLang('资兴有哪些优惠政策？')).toBe('zh');
    expect(detectLang('👍', null)).toBe(null);
  });
});
