/**
 * Lead fields from one message, for capture and the dialog. Meaning comes from the learned span
 * scorer (src/understanding/lead-fields.ts); what stays here is format: whether digits make a
 * phone number, whether a token can be a WeChat id. The per-field regex rules that used to live
 * here (amount, area, company, industry, timeline, contact name) are gone: the model replaced them.
 */
import { extractLeadFields as extractWithModel, type BadPhone } from '../understanding/lead-fields.js';
import { scanLexical } from '../text/lexical-scan.js';
import { WECHAT_RE, type Lead, type LeadField } from '../core/lead.js';

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

interface IndustryEntry {
  zh: string;
  en: string;
  re: RegExp;
}

/**
 * The bureau's industry categories, for filing a lead: staff filter by category, so the words an
 * investor used for their industry (芯片封装) are filed under it (电子信息). This looks only at the
 * span the model chose as the industry, never at the whole message: it names a category, it does
 * not decide that something is an industry.
 */
const INDUSTRIES: IndustryEntry[] = [
  { zh: '电子信息', en: 'electronic information', re: /电子信息|电子|芯片|半导体|集成电路|pcb|线路板|electronic|semiconductor|chip/i },
  { zh: '大数据', en: 'big data', re: /大数据|数据中心|算力|云计算|big data|data cent(?:er|re)|computing power|cloud/i },
  { zh: '硅材料', en: 'silicon materials', re: /硅材料|硅|silicon/i },
  { zh: '新能源', en: 'new energy', re: /新能源|氢能|光伏|储能|锂电|电池|风电|new energy|hydrogen|solar|photovoltaic|battery|energy storage|wind power/i },
  { zh: '新材料', en: 'new materials', re: /新材料|石墨|稀土|有色金属|new materials?|graphite|rare earth/i },
  { zh: '文旅康养', en: 'tourism and wellness', re: /文旅|康养|旅游|酒店|民宿|养老|tourism|wellness|hotel|elderly care/i },
];

/** The bureau's category for the words an investor used for their industry, or those words when none fits. */
export function industryCategory(span: string, lang: 'zh' | 'en' = 'zh'): string {
  const e = INDUSTRIES.find((x) => x.re.test(span.normalize('NFKC')));
  return e ? e[lang] : span;
}

/** Take every field one message states; `asked` is what the bot had just asked for. */
export function extractLeadFields(text: string, lang: 'zh' | 'en' = 'zh', opts: { asked?: LeadField | readonly LeadField[] } = {}): Extraction {
  const ex = extractWithModel(text, lang, opts);
  if (ex.fields.industry) ex.fields.industry = industryCategory(ex.fields.industry, lang);
  else if (ex.fields.company) {
    // A company name that carries its trade (华芯电子科技有限公司) files the lead under it; nothing
    // is filed when the name says nothing (鑫源集团).
    const category = industryCategory(ex.fields.company, lang);
    if (category !== ex.fields.company) ex.fields.industry = category;
  }
  return ex;
}
