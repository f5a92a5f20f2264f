/**
 * How a lead reads to people, in one place for every desk (the Slack card, the console, the
 * CLI): field labels in Chinese and English, amounts and areas as people write them (3亿元,
 * 80亩), lead states and close outcomes in words, and a title for a lead without a company.
 * Staff views receive the flattened record (`flattenLead`), so this works on its keys.
 */
import type { LeadDisplay, LeadView } from './ports.js';

/** Chinese only, English only, or both side by side (Slack and the console are bilingual). */
export type LabelStyle = 'zh' | 'en' | 'bilingual';

type Texts = { zh: string; en: string };

/** Keys of the flattened lead that staff see, in the order they are shown. */
export const LEAD_DISPLAY_KEYS = ['company', 'contactName', 'phone', 'wechatId', 'industry', 'investment', 'landOrSpace', 'timeline', 'description'] as const;

/** Keys that only feed a formatted value (`investment`, `landOrSpace`) and are never shown alone. */
const COMPONENT_KEYS = new Set(['investmentWan', 'investmentCurrency', 'landValue', 'landUnit']);

const FIELD_LABELS: Record<(typeof LEAD_DISPLAY_KEYS)[number], Texts> = {
  company: { zh: '公司', en: 'Company' },
  contactName: { zh: '联系人', en: 'Contact' },
  phone: { zh: '电话', en: 'Phone' },
  wechatId: { zh: '微信', en: 'WeChat' },
  industry: { zh: '行业', en: 'Industry' },
  investment: { zh: '投资额', en: 'Investment' },
  landOrSpace: { zh: '用地/面积', en: 'Land / space' },
  timeline: { zh: '计划时间', en: 'Timeline' },
  description: { zh: '需求', en: 'Request' },
};

const STATUS_LABELS: Record<LeadView['status'], Texts> = {
  new: { zh: '待认领', en: 'Unclaimed' },
  claimed: { zh: '跟进中', en: 'In progress' },
  // Released to the bot; the owner is kept and picks it up again (or a supervisor does).
  follow_up: { zh: '待跟进', en: 'Follow-up' },
  closed: { zh: '已结案', en: 'Closed' },
};

const EVENT_LABELS: Record<string, Texts> = {
  created: { zh: '创建', en: 'Created' },
  updated: { zh: '更新资料', en: 'Updated' },
  notified: { zh: '已通知', en: 'Notified' },
  claimed: { zh: '认领', en: 'Claimed' },
  assigned: { zh: '指派', en: 'Assigned' },
  replied: { zh: '回复', en: 'Replied' },
  released: { zh: '交回机器人（待跟进）', en: 'Released (follow-up)' },
  escalated: { zh: '超时升级', en: 'Escalated' },
  closed: { zh: '结案', en: 'Closed' },
  erased: { zh: '删除个人信息', en: 'Personal data erased' },
};

/** An entry of a lead's history in words: what happened, to whom it was assigned, and by whom ("指派 → 李专员（陈主管）"). */
export function leadEventText(e: { type: string; actorName?: string; data?: unknown }, style: LabelStyle = 'bilingual'): string {
  const t = EVENT_LABELS[e.type];
  const what = t ? styled(t, style) : e.type;
  const data = e.data && typeof e.data === 'object' ? (e.data as { to?: { name?: unknown } }) : undefined;
  const to = e.type === 'assigned' && typeof data?.to?.name === 'string' ? ` → ${data.to.name}` : '';
  return `${what}${to}${e.actorName ? `（${e.actorName}）` : ''}`;
}

/** Outcomes staff choose from when closing a lead; the value is what the store keeps. */
export const CLOSE_OUTCOMES: { value: string; zh: string; en: string }[] = [
  { value: 'signed', zh: '已签约', en: 'Signed' },
  { value: 'in_progress', zh: '转入项目跟进', en: 'Handed to project team' },
  { value: 'not_qualified', zh: '不符合条件', en: 'Not qualified' },
  { value: 'no_response', zh: '无回应', en: 'No response' },
  { value: 'duplicate', zh: '重复线索', en: 'Duplicate' },
  { value: 'other', zh: '其他', en: 'Other' },
];

function styled(t: Texts, style: LabelStyle): string {
  return style === 'bilingual' ? `${t.zh} ${t.en}` : t[style];
}

/** A field's label ("联系人 Contact"); an unknown key is shown as it is. */
export function leadFieldLabel(key: string, style: LabelStyle = 'bilingual'): string {
  const t = (FIELD_LABELS as Record<string, Texts | undefined>)[key];
  return t ? styled(t, style) : key;
}

/** A lead state in words ("待认领 Unclaimed"). */
export function leadStatusLabel(status: LeadView['status'], style: LabelStyle = 'bilingual'): string {
  return styled(STATUS_LABELS[status], style);
}

const CHANNEL_LABELS: Record<string, string> = { web: '网页', wechat: '微信', slack: 'Slack', cli: '命令行', api: 'API' };

/**
 * Which WeChat a conversation came through, by the prefix its adapter gives the conversation id
 * (`wecom-kf/sessions.ts` kf:, `wechat-mp` mp:, Wechaty `room:` / `dm:`).
 */
const WECHAT_KINDS: [prefix: string, label: string][] = [
  ['kf:', '企业微信'],
  ['mp:', '微信公众号'],
  ['room:', '微信群'],
];

/** A channel in words ("网页", "微信", "企业微信" with the conversation id); an unknown one is shown as it is. */
export function channelLabel(channel: string, conversationId?: string): string {
  if (channel === 'wechat' && conversationId) {
    const kind = WECHAT_KINDS.find(([prefix]) => conversationId.startsWith(prefix));
    if (kind) return kind[1];
  }
  return CHANNEL_LABELS[channel] ?? channel;
}

const CONVERSATION_STATES: Record<string, string> = { answering: '机器人答复中', collecting: '登记信息中', waiting: '等待工作人员', taken_over: '人工接待中', closed: '已结束' };

/** A conversation's state in words (the dialog's states); an unknown one is shown as it is. */
export function conversationStateLabel(state: string): string {
  return CONVERSATION_STATES[state] ?? state;
}

/** A number without float noise or trailing zeros (2.5, 3, 0.35). */
function plain(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

/** An investment in units of 万 as people write it: 3亿元, 5000万元, 8000元, US$1000万, US$1.5亿. */
export function formatInvestment(amountWan: number, currency: string = 'CNY'): string {
  const usd = currency === 'USD';
  if (amountWan >= 10_000) return usd ? `US$${plain(amountWan / 10_000)}亿` : `${plain(amountWan / 10_000)}亿元`;
  if (amountWan >= 1) return usd ? `US$${plain(amountWan)}万` : `${plain(amountWan)}万元`;
  return usd ? `US$${plain(amountWan * 10_000)}` : `${plain(amountWan * 10_000)}元`;
}

/** Land or floor space as people write it: 80亩, 5000平方米, 2万平方米, 10英亩. */
export function formatLand(value: number, unit: string): string {
  if (unit === 'mu') return `${plain(value)}亩`;
  if (unit === 'acre') return `${plain(value)}英亩`;
  return value >= 10_000 ? `${plain(value / 10_000)}万平方米` : `${plain(value)}平方米`;
}

/** A close outcome in words: "signed: 已签框架协议" → "已签约 Signed：已签框架协议"; free text stays as typed. */
export function closeOutcomeLabel(outcome: string, style: LabelStyle = 'bilingual'): string {
  const m = /^([a-z_]+)(?::\s*([\s\S]*))?$/.exec(outcome.trim());
  const known = m ? CLOSE_OUTCOMES.find((o) => o.value === m[1]) : undefined;
  if (!known || !m) return outcome.trim();
  const label = styled(known, style);
  const note = m[2]?.trim();
  return note ? `${label}：${note}` : label;
}

/** Epoch ms as Beijing time, "2026-01-01 08:00" (the bureau's clock, whatever the server's zone). */
export function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A lead's title: the company, else the contact's name, else "未留名投资者 <time>". */
export function leadTitle(lead: Pick<LeadView, 'fields' | 'createdAt'>): string {
  const pick = (k: string) => {
    const v = lead.fields[k];
    return v === undefined || String(v).trim() === '' ? undefined : String(v).trim();
  };
  return pick('company') ?? pick('contactName') ?? `未留名投资者 ${beijingTime(lead.createdAt)}`;
}

/** The value of one display key, formatted from its parts when the lead has them. */
function displayValue(fields: LeadView['fields'], key: string): string | undefined {
  const num = (k: string) => (typeof fields[k] === 'number' ? (fields[k] as number) : undefined);
  if (key === 'investment') {
    const wan = num('investmentWan');
    if (wan !== undefined && wan > 0) return formatInvestment(wan, String(fields.investmentCurrency ?? 'CNY'));
  }
  if (key === 'landOrSpace') {
    const value = num('landValue');
    if (value !== undefined && value > 0 && fields.landUnit !== undefined) return formatLand(value, String(fields.landUnit));
  }
  const v = fields[key];
  return v === undefined || String(v).trim() === '' ? undefined : String(v).trim();
}

/** The lead's fields as labelled, formatted rows, known fields first, then any others. */
export function leadFieldRows(fields: LeadView['fields'], style: LabelStyle = 'bilingual'): { key: string; label: string; value: string }[] {
  const known: readonly string[] = LEAD_DISPLAY_KEYS;
  const keys = [...LEAD_DISPLAY_KEYS, ...Object.keys(fields).filter((k) => !known.includes(k) && !COMPONENT_KEYS.has(k))];
  const rows: { key: string; label: string; value: string }[] = [];
  for (const key of keys) {
    const value = displayValue(fields, key);
    if (value !== undefined) rows.push({ key, label: leadFieldLabel(key, style), value });
  }
  return rows;
}

/** Everything a desk shows about a lead, already in words (the console renders it as is). */
export function leadDisplay(lead: Pick<LeadView, 'fields' | 'createdAt' | 'status' | 'closedOutcome'> & { conversation?: LeadView['conversation'] }, style: LabelStyle = 'bilingual'): LeadDisplay {
  return {
    title: leadTitle(lead),
    status: leadStatusLabel(lead.status, style),
    ...(lead.conversation ? { channel: channelLabel(lead.conversation.channel, lead.conversation.conversationId) } : {}),
    ...(lead.closedOutcome ? { outcome: closeOutcomeLabel(lead.closedOutcome, style) } : {}),
    fields: leadFieldRows(lead.fields, style).map(({ label, value }) => ({ label, value })),
    card: leadCard(lead.fields),
  };
}

/** A phone number with its middle hidden (138****8000), for a card seen across the room. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  if (d.length < 7) return '*'.repeat(d.length);
  return `${d.slice(0, 3)}${'*'.repeat(d.length - 7)}${d.slice(-4)}`;
}

/** The few values a board card shows: amount, industry, land (worded) and the masked phone. */
export function leadCard(fields: LeadView['fields']): NonNullable<LeadDisplay['card']> {
  const card: NonNullable<LeadDisplay['card']> = {};
  const investment = displayValue(fields, 'investment');
  const industry = displayValue(fields, 'industry');
  const land = displayValue(fields, 'landOrSpace');
  const phone = displayValue(fields, 'phone');
  if (investment) card.investment = investment;
  if (industry) card.industry = industry;
  if (land) card.land = land;
  if (phone) card.phone = maskPhone(phone);
  return card;
}
