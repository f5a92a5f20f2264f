/**
 * Field parsers for lead capture: phone and WeChat id, investment amounts, land or floor space,
 * company, industry and timeline. Each returns the value and the span it came from, so several
 * fields can be taken from one message and the rest of the text is left for a free-text answer.
 */
import type { Lead } from './lead-schema.js';
import { PHONE_RE, WECHAT_RE } from './lead-schema.js';
import { CN_NUM_CHARS, EN_NUMBER_WORD, parseEnNumberWords, parseNumberToken } from './numbers.js';

/** A parsed value and where it was found. */
export interface Found<T> {
  value: T;
  /** The text it came from. */
  text: string;
  index: number;
}

/** A valid phone number, or why the digits found are not one. */
export type PhoneResult = { ok: true; value: string; text: string; index: number } | { ok: false; reason: 'length' | 'prefix'; digits: number; text: string; index: number };

const NUM = `(?:\\d[\\d,，]*(?:\\.\\d+)?|[${CN_NUM_CHARS}]+)`;

/**
 * Find a phone number: a mainland mobile (optionally +86, spaces or dashes between groups) or a
 * landline with area code. A run of 7–15 digits that is neither comes back `ok: false`, so the
 * bot can say exactly what is wrong (e.g. ten digits).
 */
export function parsePhone(text: string): PhoneResult | undefined {
  const t = text.normalize('NFKC');
  const re = /(?<![\d.])(\+?\s?86[\s-]?)?(\d[\d\s-]{5,18}\d)(?![\d.]|\s*(?:万|亿|元|亩|平|㎡|m2|m²|%|个|年|月|日|号|sq|acre|million|billion))/gi;
  let firstBad: PhoneResult | undefined;
  for (const m of t.matchAll(re)) {
    const raw = m[2]!;
    const digits = raw.replace(/[\s-]/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    // A landline keeps its dash after the area code.
    const landline = /^0\d{2,3}[\s-]?\d{7,8}$/.test(raw.trim()) && /^0\d{9,11}$/.test(digits);
    if (/^1[3-9]\d{9}$/.test(digits)) return { ok: true, value: digits, text: m[0], index: m.index };
    if (landline) {
      const area = digits.startsWith('01') || digits.startsWith('02') ? 3 : 4;
      const value = `${digits.slice(0, area)}-${digits.slice(area)}`;
      if (PHONE_RE.test(value)) return { ok: true, value, text: m[0], index: m.index };
    }
    if (!firstBad && !/^(19|20)\d{2}$/.test(digits)) {
      firstBad = { ok: false, reason: digits.startsWith('1') || digits.startsWith('0') ? 'length' : 'prefix', digits: digits.length, text: m[0], index: m.index };
    }
  }
  return firstBad;
}

/** Find a WeChat id ("微信 zhang_san88", "WeChat: abc123", a bare wxid_…). "微信同手机" gives 'same_as_phone'. */
export function parseWechat(text: string): Found<string> | Found<'same_as_phone'> | undefined {
  const t = text.normalize('NFKC');
  const same = /微信(?:号)?(?:同|与|和|跟)?(?:手机|电话)(?:号)?(?:同号|相同|一样)?|微信同号|wechat (?:is )?(?:the )?same(?: as (?:my )?(?:phone|mobile))?/i.exec(t);
  const labelled = /(?:微信号?|wechat(?:\s*id)?|weixin|wx)\s*(?:是|为|:|：|-|is)?\s*([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])/i.exec(t);
  if (labelled) return { value: labelled[1]!, text: labelled[0], index: labelled.index };
  if (same) return { value: 'same_as_phone', text: same[0], index: same.index };
  const bare = /(?<![-_A-Za-z0-9])(wxid_[-_A-Za-z0-9]{4,15})(?![-_A-Za-z0-9])/i.exec(t);
  if (bare && WECHAT_RE.test(bare[1]!)) return { value: bare[1]!, text: bare[0], index: bare.index };
  return undefined;
}

/** A bare token that can only be a WeChat id (has a digit or '_'), for when the bot asked for one. */
export function looksLikeWechatId(token: string): boolean {
  const t = token.trim();
  return WECHAT_RE.test(t) && /[\d_]/.test(t) && !/^\d/.test(t);
}

/** Find an investment amount; the value is in 万 of the currency ("2亿元" → 20000, "$20 million" → 2000 USD). */
export function parseAmount(text: string): Found<{ amountWan: number; currency: 'CNY' | 'USD' }> | undefined {
  const t = text.normalize('NFKC');
  const zh = new RegExp(`(${NUM})\\s*(亿|千万|百万|万)(?:\\s*(?:元|人民币|美元|美金))?`).exec(t);
  if (zh) {
    const n = parseNumberToken(zh[1]!);
    if (n !== undefined && n > 0) {
      const mult = { 亿: 10_000, 千万: 1_000, 百万: 100, 万: 1 }[zh[2] as '亿' | '千万' | '百万' | '万'];
      const usd = /美元|美金/.test(zh[0]);
      return { value: { amountWan: round(n * mult), currency: usd ? 'USD' : 'CNY' }, text: zh[0].trim(), index: zh.index };
    }
  }
  const enDigits = /(?:(?:US)?\$|USD\s?|RMB\s?|CNY\s?|¥)?\s?(\d[\d,]*(?:\.\d+)?)\s*(million|billion|m\b|bn\b|mn\b)(?:\s*(?:US dollars|dollars|usd|yuan|rmb|cny))?/i.exec(t);
  if (enDigits) {
    const n = Number(enDigits[1]!.replace(/,/g, ''));
    const scale = /^b/i.test(enDigits[2]!) ? 1e9 : 1e6;
    if (n > 0) return { value: { amountWan: round((n * scale) / 1e4), currency: currencyOf(enDigits[0]) }, text: enDigits[0].trim(), index: enDigits.index };
  }
  const words = new RegExp(`(?:\\$\\s?)?\\b(${EN_NUMBER_WORD}(?:[\\s-]+${EN_NUMBER_WORD})*)\\s+(million|billion)\\b(?:\\s*(?:US dollars|dollars|usd|yuan|rmb|cny))?`, 'i').exec(t);
  if (words) {
    const n = parseEnNumberWords(`${words[1]} ${words[2]}`);
    if (n !== undefined && n > 0) return { value: { amountWan: round(n / 1e4), currency: currencyOf(words[0]) }, text: words[0].trim(), index: words.index };
  }
  const plainYuan = /(\d[\d,]{4,})\s*(?:元|yuan|rmb)/i.exec(t);
  if (plainYuan) {
    const n = Number(plainYuan[1]!.replace(/,/g, ''));
    if (n >= 10_000) return { value: { amountWan: round(n / 1e4), currency: 'CNY' }, text: plainYuan[0], index: plainYuan.index };
  }
  return undefined;
}

function currencyOf(s: string): 'CNY' | 'USD' {
  return /\$|usd|dollar/i.test(s) ? 'USD' : 'CNY';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Find a land or floor-space need: 亩, 平方米/平米/㎡, square metres, acres. */
export function parseArea(text: string): Found<{ value: number; unit: 'mu' | 'm2' | 'acre' }> | undefined {
  const t = text.normalize('NFKC');
  const zh = new RegExp(`(${NUM})\\s*(多)?\\s*(亩|平方米|平方|平米|㎡|m²|m2)`, 'i').exec(t);
  if (zh) {
    const n = parseNumberToken(zh[1]!);
    if (n !== undefined && n > 0) return { value: { value: n, unit: zh[3] === '亩' ? 'mu' : 'm2' }, text: zh[0].trim(), index: zh.index };
  }
  const en = new RegExp(`(\\d[\\d,]*(?:\\.\\d+)?|${EN_NUMBER_WORD}(?:[\\s-]+${EN_NUMBER_WORD})*)\\s*(acres?|mu\\b|square\\s*met(?:re|er)s?|sq\\.?\\s*m\\b|sqm\\b)`, 'i').exec(t);
  if (en) {
    const n = /\d/.test(en[1]!) ? Number(en[1]!.replace(/,/g, '')) : parseEnNumberWords(en[1]!);
    if (n !== undefined && n > 0) {
      const unit = /^acre/i.test(en[2]!) ? 'acre' : /^mu/i.test(en[2]!) ? 'mu' : 'm2';
      return { value: { value: n, unit }, text: en[0].trim(), index: en.index };
    }
  }
  return undefined;
}

const COMPANY_SUFFIX = '(?:有限责任公司|股份有限公司|有限公司|集团有限公司|集团|公司|科技|实业|股份)';
const COMPANY_LEAD_IN = /^(?:我们是|我们来自|我司是|我是|我方是|我们公司是|本公司是|公司名称是|公司名称为|公司名称|公司名|公司是|这里是|来自|我们|我司|贵方好|你好|您好)[:：\s]*/;

/** Find a company name ("深圳华芯电子科技有限公司", "we are Acme Robotics"). */
export function parseCompany(text: string): Found<string> | undefined {
  const t = text.normalize('NFKC');
  let index = 0;
  for (const seg of t.split(/([，。,；;！!？?\n]|\s+and\s+)/)) {
    const m = new RegExp(`([^\\s，。,；;:：]{2,40}?${COMPANY_SUFFIX})(?![\\u4e00-\\u9fa5])`).exec(seg);
    if (m) {
      let name = m[1]!;
      let prev = '';
      while (prev !== name) {
        prev = name;
        name = name.replace(COMPANY_LEAD_IN, '');
      }
      // "一家电子信息公司" describes a company, it does not name one.
      if (name.length >= 3 && !/^(一家|一个|某|这家|那家|贵|哪家|什么)/.test(name) && !/一家|哪些|什么/.test(name)) {
        return { value: name, text: m[0], index: index + m.index };
      }
    }
    index += seg.length;
  }
  const en = /\b(?:[Ww]e are|[Ww]e're|[Tt]his is|I'm from|I am from|I represent|[Cc]ompany(?: name)?(?: is|:))\s+((?:[A-Z][\w&.'-]*)(?:\s+(?:[A-Z][\w&.'-]*|of|and|&)){0,5})/.exec(t);
  if (en) {
    // "We are Acme Robotics. We plan…": the name ends at the sentence.
    const name = en[1]!.split(/[.,;!?](?=\s|$)/)[0]!.replace(/\s+(?:We|I|Our|The|And|Of)$/, '').trim();
    if (!/^(A|An|The|We|I|In|Looking|Planning)$/.test(name)) return { value: name, text: en[0], index: en.index };
  }
  return undefined;
}

interface IndustryEntry {
  zh: string;
  en: string;
  re: RegExp;
}

/** Industries the bureau tracks: the six advantage industries first, then common others. */
export const INDUSTRIES: IndustryEntry[] = [
  { zh: '电子信息', en: 'electronic information', re: /电子信息|电子|芯片|半导体|集成电路|pcb|线路板|electronic|semiconductor|chip/i },
  { zh: '大数据', en: 'big data', re: /大数据|数据中心|算力|云计算|big data|data cent(?:er|re)|computing power|cloud/i },
  { zh: '硅材料', en: 'silicon materials', re: /硅材料|硅|silicon/i },
  { zh: '新能源', en: 'new energy', re: /新能源|氢能|光伏|储能|锂电|电池|风电|new energy|hydrogen|solar|photovoltaic|battery|energy storage|wind power/i },
  { zh: '新材料', en: 'new materials', re: /新材料|石墨|稀土|有色金属|new materials?|graphite|rare earth/i },
  { zh: '文旅康养', en: 'tourism and wellness', re: /文旅|康养|旅游|酒店|民宿|养老|tourism|wellness|hotel|elderly care/i },
  { zh: '装备制造', en: 'equipment manufacturing', re: /装备制造|机械|设备制造|汽车零部件|equipment|machinery|auto parts/i },
  { zh: '生物医药', en: 'biomedicine', re: /生物医药|医药|制药|医疗器械|biomedic|pharma|medical device/i },
  { zh: '农产品加工', en: 'agricultural processing', re: /农产品|食品|茶叶|农业|agri|food/i },
  { zh: '现代物流', en: 'logistics', re: /物流|仓储|logistics|warehous/i },
  { zh: '软件与信息服务', en: 'software and IT services', re: /软件|信息服务|互联网|人工智能|software|internet|artificial intelligence|\bAI\b/i },
  { zh: '纺织服装', en: 'textiles and apparel', re: /纺织|服装|textile|apparel|garment/i },
  { zh: '化工', en: 'chemicals', re: /化工|chemical/i },
];

/** Find an industry in the text; the label follows `lang`. */
export function parseIndustry(text: string, lang: 'zh' | 'en' = 'zh'): Found<string> | undefined {
  const t = text.normalize('NFKC');
  for (const e of INDUSTRIES) {
    const m = e.re.exec(t);
    if (m) return { value: lang === 'en' ? e.en : e.zh, text: m[0], index: m.index };
  }
  return undefined;
}

const MONTHS_EN = '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)';

/** Find when the project should land ("明年上半年", "Q3", "3个月内", "within 6 months"). */
export function parseTimeline(text: string): Found<string> | undefined {
  const t = text.normalize('NFKC');
  const patterns = [
    new RegExp(`(?:今年|明年|后年|年内|\\d{4}\\s*年)(?:上半年|下半年|年底|年初|年中|内|底|初|第?[一二三四1-4]季度|Q[1-4]|\\d{1,2}\\s*月(?:份|底|前|初)?)?`, 'i'),
    new RegExp(`(?:${'\\d{1,2}'}|[一二三四五六七八九十]{1,3})\\s*个?月(?:内|以内|之内|后)`),
    /半年(?:内|以内|之内)|一年(?:内|以内|之内)|下个月|下季度|尽快|近期|马上/,
    /(?:第?[一二三四1-4]季度|\bQ[1-4]\b(?:\s*\d{4})?)/i,
    /(?<![\d.亿万])(?:\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?:份|底|前|初)/,
    new RegExp(`\\b(?:within|in)\\s+(?:\\d+|${EN_NUMBER_WORD}(?:[\\s-]+${EN_NUMBER_WORD})*)\\s+(?:months?|years?|weeks?)\\b`, 'i'),
    new RegExp(`\\b(?:this|next)\\s+(?:year|month|quarter|spring|summer|autumn|fall|winter)\\b|\\bby\\s+(?:the\\s+)?(?:end\\s+of\\s+(?:the\\s+)?(?:year|\\d{4})|${MONTHS_EN}(?:\\s+\\d{4})?|\\d{4})\\b|\\b(?:early|mid|late)[\\s-]\\d{4}\\b|\\basap\\b|\\bas soon as possible\\b`, 'i'),
  ];
  for (const re of patterns) {
    const m = re.exec(t);
    if (m) return { value: m[0].trim(), text: m[0], index: m.index };
  }
  return undefined;
}

/** Find a contact person's name ("联系人张三", "我叫李四", "my name is Anna Li"). */
export function parseContactName(text: string): Found<string> | undefined {
  const t = text.normalize('NFKC');
  const zh = /(?:联系人|我叫|我是|姓名|名字)\s*(?:是|为|:|：)?\s*([\u4e00-\u9fa5]{1,4}?(?:先生|女士|总|经理)?)(?=$|[，。,；;\s\d电手微])/.exec(t);
  if (zh && !/公司|集团|企业|深圳|我们/.test(zh[1]!)) return { value: zh[1]!, text: zh[0], index: zh.index };
  const en = /\b(?:my name is|i am|i'm|contact(?: person)?(?: is|:)|name:)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})/.exec(t);
  if (en && !/^(From|Planning|Looking|The)$/.test(en[1]!)) return { value: en[1]!, text: en[0], index: en.index };
  return undefined;
}

/** Everything one message says about a lead, plus a phone number that failed validation. */
export interface Extraction {
  fields: Lead;
  badPhone?: Extract<PhoneResult, { ok: false }>;
  /** The text left when every recognised span is removed (for free-text answers). */
  rest: string;
}

/** Take every field one message carries. */
export function extractLeadFields(text: string, lang: 'zh' | 'en' = 'zh'): Extraction {
  const fields: Lead = {};
  let rest = text.normalize('NFKC');
  const cut = (s: string) => {
    rest = rest.replace(s, ' ');
  };
  const phone = parsePhone(rest);
  let badPhone: Extraction['badPhone'];
  if (phone?.ok) {
    fields.phone = phone.value;
    cut(phone.text);
  } else if (phone) {
    badPhone = phone;
    cut(phone.text);
  }
  const wx = parseWechat(rest);
  if (wx) {
    // "微信同号": the phone already reaches them on WeChat; nothing more to store.
    if (wx.value !== 'same_as_phone') fields.wechatId = wx.value;
    cut(wx.text);
  }
  const amount = parseAmount(rest);
  if (amount) {
    fields.investment = { ...amount.value, text: amount.text };
    cut(amount.text);
  }
  const area = parseArea(rest);
  if (area) {
    fields.landOrSpace = { ...area.value, text: area.text };
    cut(area.text);
  }
  const company = parseCompany(rest);
  if (company) {
    fields.company = company.value;
    cut(company.value);
  }
  const name = parseContactName(rest);
  if (name) {
    fields.contactName = name.value;
    cut(name.text);
  }
  const industry = parseIndustry(text, lang);
  if (industry) fields.industry = industry.value;
  const timeline = parseTimeline(rest);
  if (timeline) {
    fields.timeline = timeline.value;
    cut(timeline.text);
  }
  const out: Extraction = { fields, rest: rest.replace(/\s+/g, ' ').trim() };
  if (badPhone) out.badPhone = badPhone;
  return out;
}
