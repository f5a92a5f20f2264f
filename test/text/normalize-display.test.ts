import { describe, expect, it } from 'vitest';
import { normalize, normalizeDisplay } from '../../src/text/index.js';

describe('normalizeDisplay', () => {
  it('maps Kangxi radicals, radical-supplement forms and compatibility ideographs to unified ideographs', () => {
    // ⾦ U+2FA6, ⽀ U+2F40, ⼊ U+2F0A, ⼀ U+2F00, ⾼ U+2FBC, ⽉ U+2F49, ⽇ U+2F47, ⻓ U+2ED3, ⻔ U+2ED4, 不 U+F967
    const pdf = '资\u2fa6\u2f40持\u2f0a驻，第\u2f00条，最\u2fbc，10\u2f4931\u2f47，市\u2ed3，部\u2ed4，\uf967';
    expect(normalizeDisplay(pdf)).toBe('资金支持入驻，第一条，最高，10月31日，市长，部门，不');
  });
  it('drops invisible characters but keeps what the document wrote', () => {
    expect(normalizeDisplay('补\u200b助\u00ad标\ufeff准')).toBe('补助标准');
    const kept = '面积60㎡，①按月缴纳：１０元；資興　经开区\n第二段';
    expect(normalizeDisplay(kept)).toBe(kept);
  });
  it('leaves component-only radicals alone', () => {
    expect(normalizeDisplay('\u2e85\u2ea1')).toBe('\u2e85\u2ea1');
  });
  it('is applied before matching, so radicals match the ideographs', () => {
    expect(normalize('资\u2fa6 60㎡ ①')).toBe('资金 60m2 1');
  });
});
