/**
 * Rule-based intent: `lead` (the user's own investment plan, an amount or space they need, a site
 * visit, or asking whom to contact about investing) and `handoff` (asking for a person). Plain
 * questions about Zixing, its projects or its policies are neither. Rules decide; an optional
 * classifier may only be consulted where the rules say nothing (see `IntentClassifier`).
 */

export type RuleIntent = 'lead' | 'handoff';

/** A seam for a model-based classifier; rules take precedence over it. */
export interface IntentClassifier {
  classify(text: string): Promise<RuleIntent | null>;
}

const HANDOFF_ZH =
  /转人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|找真人|真人|(?<!智能)客服|(?:联系|找|转接?|接通|对接)(?:一下)?(?:你们|招商局|贵局|相关)?的?(?:工作人员|招商专员|人工)|工作人员联系我|(?:让|请|安排)(?:人|专人|工作人员|专员)(?:和|跟|与)?(?:我)?联系|^人工[。!！?？]*$/;
const HANDOFF_EN =
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s+|your\s+|the\s+)?(?:[a-z]+\s+){0,2}(?:human|person|someone|somebody|agent|staff|representative|officer|manager)\b|\breal person\b|\bhuman (?:agent|being)\b|\blive (?:agent|person|chat)\b|\bcustomer (?:service|support)\b|\b(?:connect|transfer)\s+me\b|^\s*(?:human|agent|operator|representative)\s*[.!?]*\s*$/i;

// A company speaking for itself; "我们资兴…" (a local speaking) is not one.
const OWN_COMPANY_ZH = /我司|我公司|我们公司|本公司|我方|我厂|我企|敝公司|我单位|我们企业|我们集团|我们工厂|我们是.{0,24}(?:公司|企业|集团|厂|团队)/;
const OWN_PERSON_ZH = /我们(?!资兴|这里|当地|市|郴州|湖南)|我想|我打算|我计划|我准备|我有意|我希望|我要|我这边/;
const STRONG_ACTION_ZH = /投资|建厂|落户|入驻|搬迁|扩产|设厂|办厂|开厂|投建|布局|选址|拿地|迁移|转移|扩建|新建|租用|租赁|购买|生产基地|建设.{0,6}(?:工厂|基地|厂房|项目)/;
const ACTION_ZH = /投资|建厂|落户|入驻|搬迁|扩产|设厂|办厂|开厂|合作|投建|建设|布局|迁移|转移|新建|扩建|选址|拿地|设立|租用|租赁|购买|引进|上马|生产基地|工厂|项目/;
// "我想了解…政策" asks about something; it is not a plan.
const LEARN_ZH = /(?:想|要|希望)(?:先)?(?:了解|咨询|问问?|知道|打听|查询|看看)/;
const PLAN_START_ZH = /^(?:计划|拟|准备|打算|想|希望|有意|想要|考虑)(?:在|来|到|去)?.{0,10}(?:投资|建厂|落户|入驻|搬迁|扩产|设厂|办厂|开厂|投建|布局|选址|拿地)/;
const AMOUNT_ZH = /(?:\d[\d,.]*|[一二两三四五六七八九十百千]+)\s*(?:亿|千万|百万|万)(?:元|人民币|美元)?/;
const SPACE_ZH = /(?:\d[\d,.]*|[一二两三四五六七八九十百千]+)\s*(?:多)?\s*(?:亩|平方米|平米|平方|㎡)/;
const SPACE_NEED_ZH = /用地需求|厂房需求|场地需求|办公场地需求|(?:需要|想要|想租|要租|租用|租赁|购买|寻找|找)(?:一[个块栋处间]|一些)?.{0,10}(?:亩|平方米|平米|㎡|厂房|用地|土地|场地|办公室|办公空间|写字楼|仓库)/;
const VISIT_ZH = /(?:想|希望|要|安排|预约|计划|准备|打算|能否|可否|可以|申请|约|来|过来|去)[^，。？?]{0,6}(?:实地考察|考察|参观园区|参观|看看园区|看场地|看厂房)|实地考察|参观园区/;
const CONNECT_ZH = /(?:怎么|如何|怎样|跟谁|和谁|找谁)对接|联系谁|找谁(?:联系|谈|咨询)?|对接人|跟谁(?:联系|谈)|和谁(?:联系|谈)|(?:怎么|如何)(?:联系|找到)(?:你们|招商|贵局|相关负责人)/;
const INVEST_CONTEXT_ZH = /投资|落户|入驻|建厂|设厂|项目|合作|招商|考察|搬迁|扩产/;

const OWN_EN = /\b(?:we|we're|we've|our|us|i|i'm|i'd|my)\b/i;
const PLAN_EN = /\b(?:plan(?:s|ning)?|intend(?:s|ing)?|looking (?:to|for|at|into)|want(?:s|ing)?|would like|wish|consider(?:ing)?|aim(?:ing)?|hop(?:e|ing)|interested in|going to|seek(?:ing)?|need(?:s|ing)?|thinking (?:of|about)|prepar(?:e|ing)|evaluat(?:e|ing))\b/i;
const ACTION_EN = /\b(?:invest(?:ing|ment)?|build(?:ing)?|set(?:ting)?\s+up|relocat\w*|expand\w*|mov(?:e|ing)|open(?:ing)?|establish\w*|factory|plant|facility|production base|site|land|office space|warehouse|partner\w*|cooperat\w*)\b/i;
const AMOUNT_EN = /(?:\$|usd|rmb|cny|¥)\s?\d|\b\d[\d,.]*\s*(?:million|billion|m\b|bn\b)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b[\w\s-]*\b(?:million|billion)\b/i;
const SPACE_EN = /\b\d[\d,.]*\s*(?:acres?|mu|square\s*met(?:re|er)s?|sq\.?\s*m|sqm|m2|m²)\b|\b(?:acres?|square\s*met(?:re|er)s?)\s+of\b/i;
const VISIT_EN = /\bsite visit\b|\bvisit (?:the |your )?(?:park|site|zone|industrial|factory|parks|sites)\b|\b(?:tour|inspect) (?:the |your )?(?:park|site|zone)/i;
const CONNECT_EN = /\bwho (?:should|do|can|could|would) (?:i|we) (?:contact|talk to|speak (?:to|with)|reach|get in touch with)\b|\bwho is the (?:right )?(?:contact|person)\b|\bhow (?:can|do|could) (?:i|we) (?:contact|get in touch with|reach) (?:the |your )?(?:bureau|investment|team|staff|someone)/i;
const LEARN_EN = /\b(?:want|like|wish|need|hoping) to (?:know|learn|ask|understand|find out|check)\b|\binterested in (?:learning|knowing)\b/i;
const OUR_BUSINESS_EN = /\bour (?:factory|plant|company|production|business|project|facility|headquarters|firm|group|operations?)\b/i;
const INVEST_CONTEXT_EN = /\binvest\w*|\bproject\b|\bfactory\b|\bplant\b|\bsite\b|\brelocat\w*|\bexpan\w*|\bbureau\b/i;

function isHan(text: string): boolean {
  return /[\u4e00-\u9fff]/.test(text);
}

/** Classify one message by rules: 'handoff', 'lead' or null (a plain question or anything else). */
export function classifyIntent(text: string): RuleIntent | null {
  const t = text.normalize('NFKC').trim();
  if (!t) return null;
  if (HANDOFF_ZH.test(t) || HANDOFF_EN.test(t)) return 'handoff';
  return isLeadZh(t) || isLeadEn(t) ? 'lead' : null;
}

function isLeadZh(t: string): boolean {
  if (!isHan(t)) return false;
  const company = OWN_COMPANY_ZH.test(t);
  const own = company || OWN_PERSON_ZH.test(t);
  const concrete = AMOUNT_ZH.test(t) || SPACE_ZH.test(t) || SPACE_NEED_ZH.test(t) || (own && VISIT_ZH.test(t));
  if (company && (ACTION_ZH.test(t) || concrete)) return true;
  if (own && concrete && !LEARN_ZH.test(t)) return true;
  if (own && STRONG_ACTION_ZH.test(t) && !LEARN_ZH.test(t)) return true;
  if (PLAN_START_ZH.test(t)) return true;
  if (SPACE_NEED_ZH.test(t) && (SPACE_ZH.test(t) || own)) return true;
  // A visit is only a lead when asked for ("想安排实地考察"), not when asked about ("接待过哪些考察团").
  if (/实地考察|参观园区/.test(t) && /(?:想|希望|要|安排|预约|计划|准备|打算|能否|可否|可以|申请)/.test(t)) return true;
  if (CONNECT_ZH.test(t) && (INVEST_CONTEXT_ZH.test(t) || own || t.length <= 12)) return true;
  return false;
}

function isLeadEn(t: string): boolean {
  const own = OWN_EN.test(t);
  const learning = LEARN_EN.test(t);
  if (own && PLAN_EN.test(t) && ACTION_EN.test(t) && !learning) return true;
  if (OUR_BUSINESS_EN.test(t) && ACTION_EN.test(t) && !learning) return true;
  if (own && (AMOUNT_EN.test(t) || SPACE_EN.test(t)) && (PLAN_EN.test(t) || ACTION_EN.test(t))) return true;
  if (VISIT_EN.test(t) && (own || /\b(?:arrange|schedule|book|organi[sz]e|can|could)\b/i.test(t))) return true;
  if (CONNECT_EN.test(t) && (INVEST_CONTEXT_EN.test(t) || t.length <= 40)) return true;
  return false;
}
