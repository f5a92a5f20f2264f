/** What the bot says during lead capture, in Chinese and English. */
import type { Lang } from '../core/types.js';
import type { Lead, LeadField } from '../core/lead.js';

type Texts = Record<Lang, string>;

const FIELD_ASK: Record<LeadField, Texts> = {
  company: { zh: '贵公司的名称', en: "your company's name" },
  industry: { zh: '所属行业', en: 'your industry' },
  investment: { zh: '计划投资金额（如 5000万元、2亿元）', en: 'the planned investment (e.g. RMB 50 million)' },
  landOrSpace: { zh: '用地或厂房面积需求（亩或平方米）', en: 'how much land or floor space you need (mu, m² or acres)' },
  timeline: { zh: '计划落地时间（如 今年下半年、明年Q1）', en: 'when you plan to start (e.g. Q3, within 6 months)' },
  contactName: { zh: '联系人姓名', en: 'a contact name' },
  phone: { zh: '手机号或微信号', en: 'a mobile number or WeChat ID' },
  wechatId: { zh: '微信号', en: 'a WeChat ID' },
  description: { zh: '项目简介', en: 'a short description of the project' },
};

const FIELD_LABEL: Record<LeadField, Texts> = {
  company: { zh: '公司', en: 'Company' },
  industry: { zh: '行业', en: 'Industry' },
  investment: { zh: '投资额', en: 'Investment' },
  landOrSpace: { zh: '用地/面积', en: 'Land / space' },
  timeline: { zh: '计划时间', en: 'Timeline' },
  contactName: { zh: '联系人', en: 'Contact' },
  phone: { zh: '电话', en: 'Phone' },
  wechatId: { zh: '微信', en: 'WeChat' },
  description: { zh: '需求', en: 'Request' },
};

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

const FIELD_SHORT: Record<LeadField, Texts> = {
  company: { zh: '贵公司的名称', en: "your company's name" },
  industry: { zh: '所属行业', en: 'your industry' },
  investment: { zh: '计划投资金额', en: 'the planned investment' },
  landOrSpace: { zh: '用地或厂房面积', en: 'the land or floor space' },
  timeline: { zh: '计划落地时间', en: 'when you plan to start' },
  contactName: { zh: '联系人姓名', en: 'a contact name' },
  phone: { zh: '手机号或微信号', en: 'a mobile number or WeChat ID' },
  wechatId: { zh: '微信号', en: 'a WeChat ID' },
  description: { zh: '项目简介', en: 'a short description' },
};

/** One short line after answering a question mid-capture: "（继续登记：贵公司的名称？）"; no fields: the confirmation. */
export function resumeLine(fields: LeadField[], lang: Lang): string {
  if (fields.length === 0) return lang === 'en' ? '(Back to your details: reply "confirm" to submit, or "change" plus the detail.)' : '（继续登记：回复“确认”提交，或“修改”加内容。）';
  const parts = fields.map((f) => FIELD_SHORT[f][lang]);
  return lang === 'en' ? `(Back to your details: ${parts.join(' and ')}?)` : `（继续登记：${parts.join('、')}？）`;
}

/** "请问贵公司的名称和所属行业？" — one or two missing fields in one question. */
export function askFor(fields: LeadField[], lang: Lang): string {
  const parts = fields.map((f) => FIELD_ASK[f][lang]);
  if (lang === 'en') return `Could you tell me ${parts.join(' and ')}?`;
  return `请问${parts.join('，以及')}？`;
}

/** One line on why contact details are collected, how long they are kept, and how to have them deleted (PIPL). */
export function privacyNotice(lang: Lang, retentionDays: number): string {
  return lang === 'en'
    ? `Your name and contact details are used only so the bureau's investment staff can reach you about this project; they are kept for ${retentionDays} days, and you can have them deleted at any time by replying "delete my data" (Personal Information Protection Law).`
    : `您的姓名和联系方式仅用于招商专员就本项目与您联系，保存${retentionDays}天；如需删除，可随时回复“删除我的信息”（依据《个人信息保护法》）。`;
}

/** Fixed capture texts. */
export const CAPTURE_TEXT = {
  intro: { zh: '感谢您对资兴的投资意向！我先记录几项信息，方便招商专员尽快与您对接。', en: "Thank you for your interest in investing in Zixing! Let me note a few details so the bureau's investment staff can follow up quickly." },
  hint: { zh: '（可回复“跳过”略过此项，或“取消”退出）', en: ' (Reply "skip" to skip this, or "cancel" to stop.)' },
  noted: { zh: '已记录：', en: 'Noted: ' },
  contactRequired: {
    zh: '提交需要至少一个联系方式（手机号或微信号）。如不便留下，可回复“转人工”直接联系工作人员，或回复“取消”。',
    en: 'To submit, I need at least one way to reach you (a mobile number or WeChat ID). If you prefer not to, reply "human" to talk to staff directly, or "cancel".',
  },
  notUnderstood: { zh: '抱歉，我没有识别出这一项。', en: "Sorry, I didn't catch that." },
  confirmAsk: {
    zh: '请核对以上信息：回复“确认”提交；如需修改，请回复“修改”加内容（例如：修改 电话 13800138000）。',
    en: 'Please check the details above: reply "confirm" to submit, or "change" plus the detail (e.g. change phone 13800138000).',
  },
  summaryTitle: { zh: '您的投资意向信息：', en: 'Your investment enquiry:' },
  cancelled: { zh: '好的，已取消登记，已填写的信息不会保存。您可以继续向我咨询资兴的投资政策。', en: "OK, cancelled; nothing you entered will be kept. Feel free to keep asking about investing in Zixing." },
} satisfies Record<string, Texts>;

/** The specific re-ask for a phone number that failed validation. */
export function badPhoneText(digits: number, lang: Lang): string {
  if (lang === 'en') {
    return `That number has ${digits} digits; a mainland mobile number has 11 digits starting with 1 (or use an area code with a landline, e.g. 0735-1234567). Could you send it again?`;
  }
  return `您输入的号码是${digits}位，大陆手机号应为以1开头的11位数字（座机请带区号，如 0735-1234567）。请重新输入：`;
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
  return FIELD_LABEL[f][lang];
}

const SUMMARY_ORDER: LeadField[] = ['company', 'industry', 'investment', 'landOrSpace', 'timeline', 'contactName', 'phone', 'wechatId'];

/** The lead as a short list, one field a line. */
export function summary(lead: Lead, lang: Lang): string {
  const sep = lang === 'en' ? ': ' : '：';
  return SUMMARY_ORDER.filter((f) => fieldValue(lead, f) !== undefined)
    .map((f) => `• ${FIELD_LABEL[f][lang]}${sep}${fieldValue(lead, f)}`)
    .join('\n');
}

/** "已记录：公司 X；投资额 2亿元" for the fields just taken. */
export function notedLine(lead: Lead, fields: LeadField[], lang: Lang): string {
  const sep = lang === 'en' ? ': ' : ' ';
  const items = fields.filter((f) => fieldValue(lead, f) !== undefined).map((f) => `${FIELD_LABEL[f][lang]}${sep}${fieldValue(lead, f)}`);
  if (items.length === 0) return '';
  return CAPTURE_TEXT.noted[lang] + items.join(lang === 'en' ? '; ' : '；') + (lang === 'en' ? '.' : '。');
}
