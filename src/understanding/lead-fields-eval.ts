/**
 * How well an extractor reads lead fields, on labelled corpus messages: per field, the share of
 * labelled fields extracted with the right value and the fields extracted where none was stated;
 * per message, whether every labelled field came out right with no extra amount or area.
 */
import type { CorpusExample } from './corpus.js';
import type { Lead, LeadField } from '../core/lead.js';
import { SPAN_FIELDS, type SpanField } from './lead-fields.js';

/** Anything that reads a message into lead fields (today's model, or an older extractor). */
export type FieldExtractor = (text: string, lang: 'zh' | 'en', asked?: LeadField) => Lead;

/** Counts for one field. */
export interface FieldScore {
  labelled: number;
  correct: number;
  /** Extracted although the message does not state the field. */
  extra: number;
}

/** The whole report. */
export interface LeadFieldReport {
  messages: number;
  /** Every labelled field right, and no investment or area the message does not state. */
  exact: number;
  /** Every labelled field right and nothing extra at all. */
  strict: number;
  fields: Record<SpanField, FieldScore>;
  failures: { id: string; question: string; want: Record<string, unknown>; got: Lead }[];
}

const fold = (s: string): string => s.normalize('NFKC').trim().replace(/[\s.。,，!！?？;；:：、]+$/u, '').toLowerCase();
const digits = (s: string): string => s.normalize('NFKC').replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

/** Whether an extracted field equals the labelled one. */
export function fieldMatches(f: SpanField, got: Lead, want: Record<string, unknown> & { span: string }): boolean {
  switch (f) {
    case 'investment':
      return got.investment?.amountWan === want.amountWan && got.investment?.currency === (want.currency ?? 'CNY');
    case 'landOrSpace':
      return got.landOrSpace?.value === want.value && got.landOrSpace?.unit === want.unit;
    case 'phone':
      return got.phone !== undefined && digits(got.phone) === digits(want.span);
    default: {
      const v = got[f];
      return typeof v === 'string' && fold(v) === fold(want.span);
    }
  }
}

/** Score `extract` on the lead messages of `examples`. */
export function scoreLeadFields(examples: CorpusExample[], extract: FieldExtractor): LeadFieldReport {
  const fields = Object.fromEntries(SPAN_FIELDS.map((f) => [f, { labelled: 0, correct: 0, extra: 0 }])) as Record<SpanField, FieldScore>;
  const report: LeadFieldReport = { messages: 0, exact: 0, strict: 0, fields, failures: [] };
  for (const e of examples) {
    if (!e.fields) continue;
    report.messages++;
    const lang = e.lang === 'en' ? 'en' : 'zh';
    const got = extract(e.question, lang, e.asked as LeadField | undefined);
    let ok = true;
    let strict = true;
    for (const f of SPAN_FIELDS) {
      const want = e.fields[f] as (Record<string, unknown> & { span: string }) | undefined;
      if (want) {
        fields[f].labelled++;
        if (fieldMatches(f, got, want)) fields[f].correct++;
        else ok = strict = false;
      } else if (got[f] !== undefined) {
        fields[f].extra++;
        strict = false;
        if (f === 'investment' || f === 'landOrSpace') ok = false;
      }
    }
    if (ok) report.exact++;
    else report.failures.push({ id: e.id, question: e.question, want: e.fields, got });
    if (strict) report.strict++;
  }
  return report;
}

/** The report as a few lines of text. */
export function formatLeadFieldReport(title: string, r: LeadFieldReport): string {
  const pct = (a: number, b: number): string => (b ? (a / b).toFixed(3) : '-');
  const lines = [`${title}: ${r.messages} messages, exact ${pct(r.exact, r.messages)} (${r.exact}), strict ${pct(r.strict, r.messages)}`];
  for (const f of SPAN_FIELDS) {
    const s = r.fields[f];
    lines.push(`  ${f.padEnd(12)} ${pct(s.correct, s.labelled)} (${s.correct}/${s.labelled}), extra ${s.extra}`);
  }
  return lines.join('\n');
}
