/**
 * Time expressions the lexical scanner offers as timeline candidates: whole, as people write them
 * (a half or a quarter of a named year, H1 2026, "March next year", 这个月底), without the
 * preposition before them.
 */
import { describe, expect, it } from 'vitest';
import { scanLexical } from '../../src/text/lexical-scan.js';

const times = (text: string) => scanLexical(text).candidates.filter((c) => c.kind === 'time').map((c) => c.text);

describe('time spans', () => {
  it('reads halves and quarters of a named year whole', () => {
    expect(times('We would like to start in the first half of 2026.')).toEqual(['the first half of 2026']);
    expect(times('We would start in H1 2026.')).toEqual(['H1 2026']);
    expect(times('starting construction in the third quarter.')).toEqual(['the third quarter']);
    expect(times('production from the fourth quarter of next year')).toEqual(['the fourth quarter of next year']);
  });

  it('reads a month with its year', () => {
    expect(times('We plan to move in March next year.')).toEqual(['March next year']);
  });

  it('reads 这个月底 as one time', () => {
    expect(times('这个月底想来资兴租四千平')).toEqual(['这个月底']);
  });
});
