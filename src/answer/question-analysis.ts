/**
 * What a question is about (its content terms, weighted) and what kind of answer it asks for
 * (an amount, a date, a list, a company…). The extractive answerer uses both to pick sentences,
 * and to refuse when no sentence carries what was asked.
 */
import type { Lang } from '../core/types.js';
import { CN_NUMERAL_CHARS, contentTerms, detectLang, normalize, tokenize } from '../text/index.js';
import { LRUCache } from 'lru-cache';
import { conceptAlternatives, conceptPhrases, currentThesaurus, oneWayAlternatives, type Thesaurus } from '../text/thesaurus.js';
import { bridgeAlternatives, bridgeGeneration, bridgePhrases } from '../text/bridge.js';

/** The kind of answer a question asks for. */
export type AskKind = 'amount' | 'price' | 'date' | 'duration' | 'list' | 'org' | 'who' | 'name' | 'policy' | 'english';

/** A content term of the question with how much it says about the answer. */
export interface QuestionTerm {
  text: string;
  weight: number;
  /** Other wordings documents use for the same thing (占地 → 用地), matched at a small discount. */
  alternatives?: string[];
  /**
   * The measured thing or event of an amount/date question (投资, 用地, 投产, 建成): the answering
   * sentence itself must name it, or "一季度签约" would answer "什么时候建成".
   */
  aspect?: boolean;
  /** A detail named in the question (条件, 地址…): the sentence must name it too. */
  detail?: boolean;
  /** Latin-script word: matched against sentence tokens, not as a substring. */
  latin: boolean;
  /**
   * A thesaurus phrase spanning several words of the question (重点产业): a sentence naming it only
   * inside a longer compound (重点产业发展计划) is about something else, and gets less credit.
   */
  phrase?: boolean;
  /** The thing a list question asks for (优惠政策 in "有哪些招商优惠政策"): it weighs more. */
  head?: boolean;
  /** jieba part of speech of the word in the question (v verb, n noun, x unknown, eng Latin…), when known. */
  pos?: string;
}

/** The parts of a question the extractive answerer scores sentences by. */
export interface QuestionAnalysis {
  lang: Lang;
  terms: QuestionTerm[];
  asks: Set<AskKind>;
  /** Unit the amount is asked in (多少条 → 条), when the question names one. */
  unit?: string;
}

// Question words and fillers jieba keeps but that never occur in an answering sentence.
const NOISE = new Set(
  (
    '多少钱 多大 多久 多长 多高 多远 多快 时候 什么时候 何时 哪年 几月 什么样 怎么样 怎么 怎样 叫 指 一共 总共 哪家 ' +
    '哪个 哪些 主要 过 后 得到 能否 是不是 大 帮 一下 具体 情况 介绍 告诉 知道 了解 咨询 问 问下 现在 目前 目前为止 ' +
    '谁 是谁 给 拿 能拿 办 做 有关 相关 方面 关于 呢 吗 啊 哦 嗯 到底 究竟 一些 情况下 请教 ' +
    // Asking for a translation: the answering line says the English, not these words.
    '英文 英语 英文名 英文名称 译法 翻译 翻 写 说 怎么写 怎么说 咋说 咋写 ' +
    'give given gave get got like know tell say said mean there do does did offer offered provide provided ' +
    'much many long soon fast quickly total number amount money through ' +
    // English function words and the asker's framing (if we…, we want to…, are we able to…).
    'after before if unless don doesn didn isn aren won wouldn couldn per us them they their theirs than then so such also just only ' +
    'still yet into onto upon up out off all some each every no not yes am im ive ve re ll let lets want wants wanted need needs needed ' +
    'looking able anything something someone anyone whether thing things kind sort really actually'
  ).split(/\s+/),
);

// Words every passage of this knowledge base contains: they barely tell passages apart.
const GENERIC = new Set('资兴 资兴市 郴州 湖南 企业 公司 项目 政府 政策 市 我市 该市 全市 zixing enterprise company project government city policy'.split(' '));

// Light verbs: they rarely appear in the answering sentence in the same form (提供 vs 实行, 获得 vs 获批).
const LIGHT = new Set('提供 获得 得到 享受 进行 开展 实施 实行 设立 出台 包括 包含 属于 成为 需要 遇到 反映 能够 应该 有没有 拥有 存在 针对 对于 支持 帮助'.split(' '));

// Measured things and events: see QuestionTerm.aspect.
const ASPECTS = new Set(
  (
    '投产 建成 开工 竣工 完工 开业 投用 运营 达产 投资 总投资 投资额 用地 占地 面积 用地面积 占地面积 租金 价格 电价 水价 地价 ' +
    '产值 产能 营收 利润 就业 岗位 工期 期限 额度 员工 注册资本 补贴 奖金 规模 ' +
    // Rates, taxes, staff and pay: a sentence with some other figure must not answer them.
    '利率 利息 费率 税率 税 税收 纳税 税款 税额 雇 雇佣 雇用 用工 职工 工人 工资 薪资 薪酬 人口 ' +
    'price rent cost area output revenue job employee staff completed completion operation production interest wage salary population'
  ).split(/\s+/),
);

// Details asked about by name (conditions, procedure, address): the sentence must name them, whatever the question asks.
const DETAILS = new Set('条件 申请条件 流程 手续 地址 电话 联系方式 选址 位置 地点 时限 标准 门槛 资格 价格 租金 电价 水价 地价 补贴 补助 资助 condition procedure address phone location subsidy'.split(' '));


const HAN = /\p{Script=Han}/u;
const LATIN = /^[a-z][a-z0-9'-]*$/;

const ASK_PATTERNS: [AskKind, RegExp][] = [
  // "投资了多少钱" asks an amount; a price is per something (每亩, 一平米) or named as one (地价, 租金).
  ['price', /价格|价钱|地价|单价|租金|房租|电价|水价|收费标准|(?:每|一)(?:亩|平|平米|平方米|度|吨|月|年).{0,4}多少钱|多少钱.{0,3}(?:一|每)(?:亩|平|平米|平方米|度|吨|月|年)|\bprices?\b|\brents?\b|\bper (?:mu|square|sq)/],
  // 哪几个 asks which ones (a list), not how many.
  ['amount', /多少|\bcosts?\b|(?<!哪)几(?:个|名|家|条|项|亩|年|天|位|批|座)|多大|多高|多长(?!时间)|多远|规模|how (?:much|many|large|big)|what is the (?:total )?(?:amount|investment|area|size|number)/],
  // English "when" asks a date where it opens a question or a clause ("When is…", "…, and when can we…",
  // "could you tell me when…"); inside a clause it is a conjunction ("how quickly do you react when a company reports a problem").
  ['date', /什么时候|何时|哪年|哪一年|几月|哪个月|哪天|日期|(?:^|[,.;:?!]\s*|\b(?:and|or|but|so|then|by|until|till|exactly|roughly|know|tell (?:me|us)|ask|asking|wonder|wondering|sure|idea|say|check|confirm)\s+)when\b|what (?:year|month|date)/],
  ['duration', /多久|多长时间|多快|时限|多少天|多少小时|多少分钟|how (?:long|soon|fast|quick(?:ly)?)/],
  ['list', /哪些|有什么|有哪几|包括|包含|分别|\bwhich\b|what are|\blist\b|\bwhat [a-z]+s (?:do|does|are|did|can|will|has|have)\b/],
  ['org', /哪家|哪个公司|哪个企业|什么公司|什么企业|哪些企业|哪些公司|谁投资|投资方|which (?:company|companies|firm|firms|enterprise)|who invest/],
  ['who', /谁|哪个部门|哪个单位|什么机构|\bwho\b|which (?:department|agency|body|organi[sz]ation)/],
  ['name', /叫什么|名称|名字|称号|什么品牌|called|\bname\b/],
  ['policy', /政策|办法|措施|奖励|补贴|扶持|优惠|支持|\bpolic(?:y|ies)\b|\bmeasures?\b|incentives?|subsid|rewards?/],
  // The English wording of a name or term ("数据谷英文怎么说"): only a sentence with English in it answers.
  ['english', /英文|英语|英語|英译|英譯|\b(?:in|into) english\b|\benglish (?:name|translation|version|term|wording)\b/],
];

// Everyday and dialect asking words in their plain form, for telling what is asked: 叫啥 asks a name
// as 叫什么 does, 哪几家 which ones as 哪些 does, 哪位 who.
const PLAIN_ASKING: [string, string][] = [['啥', '什么'], ['咋', '怎么'], ['哪几', '哪些'], ['哪位', '谁'], ['哪一位', '谁']];

function plainAsking(norm: string): string {
  return PLAIN_ASKING.reduce((t, [from, to]) => t.split(from).join(to), norm);
}

const UNIT = /(?:多少|(?<!哪)几)(个工作日|个月|条|名|家|亩|个|项|人|位|批|座|倍|平方米|公里|亿元|万元|元|年|天)/;

// One reply analyses its question in retrieval, selection and the answer gate (~0.5 ms each, most of
// it segmentation): the analyses of recent questions are kept while the word knowledge they were
// made with (the thesaurus, the dictionary bridge) is the one in use. Callers never modify one.
const analyses = new LRUCache<string, { analysis: QuestionAnalysis; thesaurus: Thesaurus; bridge: number }>({ max: 256 });

/** Analyse a question: language, weighted content terms, what it asks for. */
export function analyzeQuestion(question: string, lang?: Lang): QuestionAnalysis {
  const key = `${lang ?? ''}\u0000${question}`;
  const thesaurus = currentThesaurus();
  const bridge = bridgeGeneration();
  const hit = analyses.get(key);
  if (hit && hit.thesaurus === thesaurus && hit.bridge === bridge) return hit.analysis;
  const analysis = analyse(question, lang);
  analyses.set(key, { analysis, thesaurus, bridge });
  return analysis;
}

function analyse(question: string, lang?: Lang): QuestionAnalysis {
  const norm = normalize(question).toLowerCase();
  const asks = new Set<AskKind>();
  const asking = plainAsking(norm);
  for (const [kind, re] of ASK_PATTERNS) if (re.test(asking)) asks.add(kind);
  const unitMatch = UNIT.exec(norm);
  const unit = unitMatch?.[1];
  if (unit) asks.add('amount');

  // Words inside quotation marks are names the user copied from a document: they matter most.
  const quoted = [...norm.matchAll(/[“"'「『]([^”"'」』]{1,30})[”"'」』]/g)].map((m) => m[1] ?? '');

  const ordered = tokenize(question);
  const raw = [...new Set(ordered)].filter((t) => !NOISE.has(t));
  // jieba's search mode yields a compound and its parts; keep the longest form and score parts
  // through partial matching instead, so one concept is not counted three times.
  const maximal = raw.filter((t) => !raw.some((o) => o !== t && o.length > t.length && o.includes(t)));
  const tagged = contentTerms(question);
  const terms: QuestionTerm[] = [];
  for (const t of maximal) {
    const pos = (tagged.find((c) => c.term === t) ?? tagged.find((c) => c.term.includes(t) || c.parts.includes(t)))?.pos;
    const latin = LATIN.test(t);
    const han = HAN.test(t);
    let weight: number;
    if (latin) weight = t.length <= 2 ? 0.3 : 1;
    else if (han) weight = t.length === 1 ? 0.2 : t.length === 2 ? 1 : 1.3;
    else weight = 1; // numbers and mixed forms such as 1+8 or 500
    if (GENERIC.has(t)) weight *= 0.3;
    if (LIGHT.has(t)) weight *= 0.5;
    if (quoted.some((q) => q.includes(t))) weight *= 1.6;
    if (unit && t === unit) continue;
    const oneWay = oneWayAlternatives(t);
    const alternatives = oneWay ? [...oneWay] : undefined;
    const aspect = ASPECTS.has(t) || [...ASPECTS].some((a) => a.length >= 2 && HAN.test(a) && t.length > a.length && t.includes(a));
    const detail = DETAILS.has(t) || [...DETAILS].some((d) => HAN.test(d) && t.length > d.length && t.endsWith(d));
    terms.push({ text: t, weight, latin, ...(alternatives ? { alternatives } : {}), ...(aspect ? { aspect } : {}), ...(detail ? { detail } : {}), ...(pos ? { pos } : {}) });
  }
  addConcepts(norm, terms, quoted);
  addBridge(ordered, terms);
  if (asks.has('list')) markHead(norm, terms);
  focusOnQuestion(norm, terms);
  return { lang: lang ?? detectLang(question), terms, asks, ...(unit ? { unit } : {}) };
}

/**
 * Apply the domain thesaurus: a phrase of the question that names a concept (重点产业, 优惠政策)
 * replaces the words it is made of and matches the knowledge base's other wordings of it
 * (优势产业, 奖励办法); single words in a concept group get its other wordings too.
 */
function addConcepts(norm: string, terms: QuestionTerm[], quoted: string[]): void {
  for (const phrase of conceptPhrases(norm)) {
    const alts = conceptAlternatives(phrase);
    const same = terms.find((t) => t.text === phrase);
    if (same) {
      same.alternatives = [...new Set([...(same.alternatives ?? []), ...alts])];
      continue;
    }
    // The question's words inside the phrase (重点 + 产业); a measured thing or a named detail stays a word of its own.
    const parts = terms.filter((t) => !t.latin && t.text !== phrase && phrase.includes(t.text));
    if (parts.length === 0 || parts.some((t) => t.aspect || t.detail)) continue;
    // A longer word of the question already holds the phrase (园区服务 ⊃ 园区): leave it.
    if (terms.some((t) => !t.latin && t.text.length > phrase.length && t.text.includes(phrase))) continue;
    const multi = parts.length > 1 || parts[0]!.text.length < phrase.length;
    let weight = phrase.length >= 3 ? 1.3 : 1;
    if (quoted.some((q) => q.includes(phrase))) weight *= 1.6;
    for (const p of parts) terms.splice(terms.indexOf(p), 1);
    const own = [...new Set([...parts.flatMap((p) => p.alternatives ?? []), ...(oneWayAlternatives(phrase) ?? []), ...alts])];
    terms.push({ text: phrase, weight, latin: false, alternatives: own, ...(multi ? { phrase: true } : {}) });
  }
}

/**
 * English words also match the Chinese words the dictionary bridge gives them (subsidy → 补贴),
 * and the words of a bridge phrase of the question (interest rate → 利率, listed company → 上市公司)
 * the phrase's Chinese words too. Their own words stay: dropping them (rate → 率) lost more
 * answers on new documents than it won.
 */
function addBridge(ordered: readonly string[], terms: QuestionTerm[]): void {
  const fromPhrase = new Map<string, string[]>();
  for (const p of bridgePhrases(ordered)) for (const w of ordered.slice(p.start, p.end)) fromPhrase.set(w, [...(fromPhrase.get(w) ?? []), ...p.zh]);
  for (const t of terms) {
    if (!t.latin || t.phrase) continue;
    const alts = [...conceptAlternatives(t.text), ...(fromPhrase.get(t.text) ?? []), ...bridgeAlternatives(t.text)];
    if (alts.length) t.alternatives = [...new Set([...(t.alternatives ?? []), ...alts])];
  }
}

/** A message at least this long may hold a self-introduction before its question. */
const INTRO_MIN_CHARS = 30;
/** Weight left to a word said only in the introduction ("我们是做锂电池的，团队六个人。请问…"). */
const INTRO_WEIGHT = 0.4;
// Sentences of a message; the one asking is the last with a question mark or a question word.
const SENTENCE_END = /[。！!？?；;\n]+/u;
const ASKING = /[？?]|吗|呢|么|多少|几|什么|啥|咋|怎|如何|哪|是否|能否|有没有|可否|请问|\b(?:what|how|when|where|which|who|is|are|can|could|do|does|will)\b/u;

/**
 * In a long message, the words of the asking sentence say what is asked; a self-introduction before
 * it (who they are, their trade, their plans) says who asks. Words only in the introduction keep a
 * smaller weight — when the asking sentence itself names something to look for (weight ≥ 1).
 */
function focusOnQuestion(norm: string, terms: QuestionTerm[]): void {
  if (norm.length < INTRO_MIN_CHARS) return;
  const sentences = norm.split(SENTENCE_END).map((x) => x.trim()).filter(Boolean);
  if (sentences.length < 2) return;
  const asking = [...sentences].reverse().find((x) => ASKING.test(x));
  if (!asking || asking === sentences[0]) return;
  const said = (t: QuestionTerm) => asking.includes(t.text) || (t.latin && new RegExp(`\\b${t.text}`).test(asking));
  if (!terms.some((t) => t.weight >= 1 && said(t))) return;
  for (const t of terms) if (!said(t)) t.weight *= INTRO_WEIGHT;
}

const HEAD_WEIGHT = 1.5;

/**
 * The head noun of a Chinese list question when the thesaurus knows it: the concept after 哪些/哪几/
 * 什么 ("有哪些招商优惠政策" → 优惠政策), or the one just before a closing 有哪些 ("重点产业有哪些").
 */
function markHead(norm: string, terms: QuestionTerm[]): void {
  const han = terms.filter((t) => !t.latin && t.weight >= 0.5);
  const at = (t: QuestionTerm, hay: string) => hay.indexOf(t.text);
  // Only a thesaurus concept: a plain word (城市) is often not in the answer at all (上海、广州…).
  const concept = (t: QuestionTerm) => conceptPhrases(t.text).includes(t.text);
  const after = /(?:哪些|哪几(?:个|种|类|项|家)?|什么)([^，。？！?!,]*)/u.exec(norm)?.[1] ?? '';
  const inAfter = han.filter((t) => at(t, after) >= 0).sort((a, b) => at(a, after) - at(b, after));
  let head = inAfter.find(concept);
  if (!head) {
    const before = /^(.*?)(?:有|是|包括)?(?:哪些|哪几[个种类项家]?)[？?！!。]*$/u.exec(norm)?.[1] ?? '';
    head = han.filter((t) => before.endsWith(t.text) && concept(t))[0];
  }
  if (head) {
    head.weight *= HEAD_WEIGHT;
    head.head = true;
  }
}

/** The question plus the document wordings of its terms ("税收优惠" → "… 减税降费 减免"), for a second search; without those in `known`. */
export function expandQuery(question: string, known?: string): string {
  // Wordings already in what was found (`known`, normalised and lower-cased) would find the same again.
  const extra = analyzeQuestion(question)
    .terms.flatMap((t) => t.alternatives ?? [])
    .filter((a) => a.length > 1 && !(known && known.includes(a)));
  return extra.length ? `${question} ${[...new Set(extra)].join(' ')}` : question;
}

// --- what a sentence offers

const CN_NUM = '两二三四五六七八九十百千';
// Chinese numerals as documents write figures: 八十万元, 伍拾万元, 三年, 二十个工作日 (financial forms too).
const CN_FIG = CN_NUMERAL_CHARS;

/** Patterns that show a sentence carries the kind of answer asked for. */
export const FEATURES: Record<AskKind, RegExp> = {
  // Free of charge, in full, halved and a share of a reference price are prices too (租金全免, 全额补贴, 减半收取,
  // 按市场价的百分之七十收取).
  price: /全免|全额|免收|免费|免租|不收费|减半|(?:市场价|指导价|基准价|原价|租金|价格)(?:格)?的?(?:百分之|\d+(?:\.\d+)?\s*%|[一二三四五六七八九]折)|元\s*(?:\/|每|一)\s*(?:亩|平方米|平米|㎡|m2|月|年|吨|度)|每(?:亩|平方米|平米)[^,，。;；]{0,8}元|\bper\s+(?:mu|square|sq|month|year)\b|\/\s*(?:mu|m2|sqm)\b/,
  // A count or quantity: a number with a unit or scale word, not any digit (7月 is a date, not an amount)
  // and not an article or item number (第九条, 第3项).
  amount: new RegExp(
    // 个 counts things, not months or working days (六个月, 5个工作日 are durations).
    `(?<![第\\d.])\\d[\\d.,]*\\s*(?:余|多)?\\s*(?:万亿|亿|万|千|百)?\\s*(?:元|美元|亩|平方米|平米|公顷|名|家|条|个(?!月|工作日|小时|星期)|项|人|位|批|座|倍|%|吨|千瓦|兆瓦|台|套|栋|米|公里|强|亿|万)` +
      `|(?<![第${CN_NUM}])[${CN_NUM}]+(?:个(?!月|工作日|小时|星期)|名|家|条|项|亩|倍|批|位|座|大)|第[一二三四五六七八九十]+个` +
      `|[${CN_FIG}]{2,}(?:元|美元|亩|平方米|平米)|[${CN_FIG}](?:万|亿)?元|百分之[${CN_FIG}]+` +
      `|\\d[\\d.,]*\\s*(?:million|billion|thousand|mu|%|percent)\\b|\\b\\d+\\s+(?!(?:january|february|march|april|may|june|july|august|september|october|november|december)\\b)[a-z]{3,}` +
      `|\\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?)\\b` +
      // A telephone number answers "电话多少".
      `|\\b0\\d{2,3}-\\d{7,8}\\b|\\b1[3-9]\\d{9}\\b` +
      // In full, free and halved answer "补多少" as a share does (第二年：全额补贴).
      `|全额|全免|免收|免费|减半`,
  ),
  date: /\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|[一二三四五六七八九十]+月|年底|年初|年内|上半年|下半年|季度|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b|\b(?:19|20)\d{2}\b|\bquarter\b/,
  duration: /\d+\s*(?:分钟|小时|天|日|个?工作日|周|个?月|年)|[一二两三四五六七八九十半]+\s*(?:分钟|小时|天|日|个?工作日|周|个月|年(?![度底初内级]))|第一时间|当天|立即|马上|\b\d+\s*(?:minutes?|hours?|days?|weeks?|months?)\b|\bimmediately\b|\bone minute\b|\bwithin\b/,
  list: /、|”“|》《|(?:,[^,]+){2,}|\band\b.*,|,.*\band\b/,
  org: /[\p{Script=Han}]{2,}(?:公司|集团)|\b(?:co\.|ltd|group|company|corporation|inc)\b/u,
  who: /公司|集团|指挥部|局|委员会|政府|中心|商会|协会|部门|单位|企业家|负责人|领导|书记|市长|\b(?:co\.|ltd|group|company|bureau|headquarters|government|committee|entrepreneurs?|leaders?)\b/u,
  name: /“[^”]{2,30}”|《[^》]+》|"[^"]{2,40}"/,
  policy: /《[^》]+》|办法|措施|政策|\bpolic(?:y|ies)\b|\bmeasures\b/,
  english: /[a-z]{2,}/,
};

/** Kinds whose absence means the sentence cannot answer, however well it matches the terms. */
export const REQUIRED: ReadonlySet<AskKind> = new Set(['amount', 'price', 'date', 'duration', 'org', 'english']);

/** True when `sentence` (normalised, lower-cased) holds a figure in `unit` (20亩, 30余家; not 第九条). */
export function hasUnit(sentence: string, unit: string): boolean {
  const re = new RegExp(`(?<![第\\d${CN_NUM}])(?:\\d[\\d.,]*|[${CN_NUM}]+)\\s*(?:余|多)?\\s*${unit}`);
  return re.test(sentence);
}
