/**
 * Lead fields from one message, for capture and the dialog. Meaning comes from the learned span
 * scorer (src/understanding/lead-fields.ts); what stays here is format: whether digits make a
 * phone number, whether a token can be a WeChat id. The per-field regex rules that used to live
 * here (amount, area, company, industry, timeline, contact name) are gone: the model replaced them.
 */
import { extractLeadFields as extractWithModel, type BadPhone } from '../understanding/lead-fields.js';
import { scanLexical } from '../text/lexical-scan.js';
import type { Lead, LeadField } from './lead-schema.js';
import { WECHAT_RE } from './lead-schema.js';

/** A valid phone number, or why the digits found are not one. */
export type PhoneResult = { ok: true; value: string; text: string } | BadPhone;

/** The first phone-shaped number of a text, checked against the mainland mobile and landline formats. */
export function parsePhone(text: string): PhoneResult | undefined {
  const phones = scanLexical(text).candidates.filter((c) => c.kind === 'phone');
  const good = phones.find((c) => c.ok);
  if (good) return { ok: true, value: good.value, text: good.text };
  const bad = phones[0];
  if (!bad) return undefined;
  const digits = bad.text.replace(/\D/g, '');
  return { ok: false, reason: /^[01]/.test(digits) ? 'length' : 'prefix', digits: bad.digits, text: bad.text };
}

/** A bare token that can only be a WeChat id (has a digit or '_'), for when the bot asked for one. */
export function looksLikeWechatId(token: string): boolean {
  const t = token.trim();
  return WECHAT_RE.test(t) && /[\d_]/.test(t) && !/^\d/.test(t);
}

/** Everything one message says about a lead, plus a phone number that failed validation. */
export interface Extraction {
  fields: Lead;
  /** The verbatim words each field came from. */
  spans: Partial<Record<LeadField, string>>;
  /** The message corrects an earlier answer. */
  correction: boolean;
  badPhone?: BadPhone;
  /** The text left when every chosen span is removed (for free-text answers). */
  rest: string;
}

/** Take every field one message states; `asked` is what the bot had just asked for. */
export function extractLeadFields(text: string, lang: 'zh' | 'en' = 'zh', opts: { asked?: LeadField | readonly LeadField[] } = {}): Extraction {
  return extractWithModel(text, lang, opts);
}
