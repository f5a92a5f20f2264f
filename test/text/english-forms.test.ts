/**
 * British and American spellings meet in the tokeniser (glosses are American, investors write
 * either), and base forms of inflected words are offered for the bridge, without mangling names.
 */
import { describe, expect, it } from 'vitest';
import { americanSpelling, baseForms } from '../../src/text/english-forms.js';
import { stem, tokenize } from '../../src/text/index.js';

describe('americanSpelling', () => {
  it('folds British spellings by rule', () => {
    const cases: Record<string, string> = {
      licence: 'license', licencing: 'licensing', defence: 'defense', offence: 'offense',
      centre: 'center', centred: 'centered', kilometre: 'kilometer', theatre: 'theater',
      programme: 'program', labour: 'labor', favourable: 'favorable', favourite: 'favorite', behaviour: 'behavior',
      subsidise: 'subsidize', subsidised: 'subsidized', subsidising: 'subsidizing', organisation: 'organization',
      organise: 'organize', commercialisation: 'commercialization', analyse: 'analyze',
      travelled: 'traveled', travelling: 'traveling', traveller: 'traveler', cancelled: 'canceled', modelling: 'modeling',
      counsellor: 'counselor', jeweller: 'jeweler', aluminium: 'aluminum', tyre: 'tire',
    };
    for (const [british, american] of Object.entries(cases)) expect([british, americanSpelling(british)]).toEqual([british, american]);
  });

  it('leaves words that only look British alone, and American spellings as they are', () => {
    const same = 'hour tour tourism your flourish resource journal contour advertise enterprise exercise promising franchising supervised otherwise premise expertise practice called installed recalled foretelling controlled excelled compelling spelled dwelling genre acre cadre beijing nanjing xining zixing license center labor organization traveled'.split(' ');
    expect(same.filter((w) => americanSpelling(w) !== w)).toEqual([]);
  });

  it('is applied by stem and tokenize, after plurals', () => {
    expect(stem('centres')).toBe('center');
    expect(stem('licences')).toBe('license');
    expect(stem('programmes')).toBe('program');
    expect(tokenize('Business licence for the training centre')).toEqual(tokenize('business license for the training center'));
  });
});

describe('baseForms', () => {
  it('offers base forms of -ing, -ed, -ied and -al words, most likely first', () => {
    expect(baseForms('leasing')).toEqual(['lease', 'leas']);
    expect(baseForms('leased').slice(0, 1)).toEqual(['lease']);
    expect(baseForms('planned')).toContain('plan');
    expect(baseForms('applied')[0]).toBe('apply');
    expect(baseForms('rental')).toContain('rent');
    expect(baseForms('subsidy')).toEqual([]);
  });
});
