/**
 * What an English question asks for: "when" asks a date where it opens a question or a clause, not
 * where it joins two ("…react when a company reports a problem"); "how quick" asks a duration.
 */
import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/question-analysis.js';

const asks = (q: string) => analyzeQuestion(q, 'en').asks;

describe('English ask kinds', () => {
  it('reads "when" as a date question where it opens the question or a clause', () => {
    expect(asks('When does the application window open?').has('date')).toBe(true);
    expect(asks('We are a battery maker, when can we start building?').has('date')).toBe(true);
    expect(asks('What is the subsidy and when is it paid?').has('date')).toBe(true);
    expect(asks('Could you tell me when the deadline is?').has('date')).toBe(true);
  });

  it('does not read a "when" that joins two clauses as asking a date', () => {
    expect(asks('How quickly do you react when a company reports a problem?').has('date')).toBe(false);
    expect(asks('Is there any help when a small firm cannot renew its bank loan?').has('date')).toBe(false);
  });

  it('reads "how quick" as asking a duration, as "how quickly" is', () => {
    expect(asks('how quick do you respond to problems').has('duration')).toBe(true);
    expect(asks('how quickly do you respond to problems').has('duration')).toBe(true);
  });
});
