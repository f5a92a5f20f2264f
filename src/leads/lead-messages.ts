/**
 * What the bot says during lead capture, in Chinese and English: built from the per-language
 * texts of `core/texts/` (the wording lives there), plus the words that name a field when editing.
 */
import type { Lang } from '../core/types.js';
import type { Lead, LeadField } from '../core/lead.js';
import { EN } from '../core/texts/en.js';
import { ZH } from '../core/texts/zh.js';

type Texts = Record<Lang, string>;

/** The capture texts of one language. */
function texts(lang: Lang): typeof ZH.capture {
  return lang === 'en' ? EN.capture : ZH.capture;
}

/** Words a user may type to name a field when editing ("修改 电话 …", "change phone …"). */
export const FIELD_WORDS: [LeadField, RegExp][] = [
  ['company', /公司|企业名|名称|company/i],
  ['contactName', /联系人|姓名|名字|称呼|name/i],
  ['wechatId', /微信|wechat/i],
  ['phone', /电话|手机|号码|phone|mobile|number/i],
  ['industry', /行业|产业|industry/i],
  ['investment', /投资|金额|资金|investment|amount/i],
  ['landOrSpace', /用地|面积|土地|厂房|亩|land|space|area/i],
  ['timeline', /时间|时候|日期|进度|timeline|when|date/i],
];

/** One short line after answering a question mid-capture: "（继续登记：贵公司的名称？）"; no fields: the confirmation. */
export function resumeLine(fields: LeadField[], lang: Lang): string {
  const t = texts(lang);
  return t.resume(fields.map((f) => t.fieldShort[f]));
}

/** "请问贵公司的名称和所属行业？" — one or two missing fields in one question. */
export function askFor(fields: LeadField[], lang: Lang): string {
  const t = texts(lang);
  return t.askFor(fields.map((f) => t.fieldAsk[f]));
}

/** One line on why contact details are collected, how long they are kept, and how to have them deleted (PIPL). */
export function privacyNotice(lang: Lang, retentionDays: number): string {
  return texts(lang).privacy(retentionDays);
}

const CAPTURE_KEYS = ['intro', 'hint', 'noted', 'contactRequired', 'notUnderstood', 'declined', 'confirmAsk', 'summaryTitle', 'cancelled'] as const;

/** Fixed capture texts, by key and language. */
export const CAPTURE_TEXT = Object.fromEntries(CAPTURE_KEYS.map((k) => [k, { zh: ZH.capture[k], en: EN.capture[k] }])) as Record<(typeof CAPTURE_KEYS)[number], Texts>;

/** The specific re-ask for a phone number that failed validation. */
export function badPhoneText(digits: number, lang: Lang): string {
  return texts(lang).badPhone(digits);
}

/** Human-readable value of one field. */
export function fieldValue(lead: Lead, f: LeadField): string | undefined {
  switch (f) {
    case 'investment':
      return lead.investment?.text;
    case 'landOrSpace':
      return lead.landOrSpace?.text;
    default:
      return lead[f] as string | undefined;
  }
}

/** Label of a field in the user's language. */
export function fieldLabel(f: LeadField, lang: Lang): string {
  return texts(lang).fieldLabel[f];
}

const SUMMARY_ORDER: LeadField[] = ['company', 'industry', 'investment', 'landOrSpace', 'timeline', 'contactName', 'phone', 'wechatId'];

/** The lead as a short list, one field a line. */
export function summary(lead: Lead, lang: Lang): string {
  const t = texts(lang);
  return SUMMARY_ORDER.filter((f) => fieldValue(lead, f) !== undefined)
    .map((f) => `• ${t.fieldLabel[f]}${t.summarySep}${fieldValue(lead, f)}`)
    .join('\n');
}

/** "已记录：公司 X；投资额 2亿元" for the fields just taken. */
export function notedLine(lead: Lead, fields: LeadField[], lang: Lang): string {
  const t = texts(lang);
  const items = fields.filter((f) => fieldValue(lead, f) !== undefined).map((f) => `${t.fieldLabel[f]}${t.notedSep}${fieldValue(lead, f)}`);
  if (items.length === 0) return '';
  return t.noted + items.join(t.notedJoin) + t.notedEnd;
}
