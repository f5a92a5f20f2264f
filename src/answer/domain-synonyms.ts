/**
 * A small thesaurus of how investors and the knowledge base name the same things (重点产业 vs
 * 优势产业, 园区 vs 经开区, 优惠政策 vs 奖励办法…). Groups are drawn from the wording of the
 * knowledge base itself; they are matched at a discount when scoring sentence coverage, never used
 * to write text.
 */
import { tokenize } from '../text/index.js';

/** One concept: wordings that name it. Chinese phrases may span several jieba tokens. */
export const CONCEPT_GROUPS: readonly (readonly string[])[] = [
  // Industries the city concentrates on.
  ['重点产业', '主导产业', '优势产业', '特色产业', '支柱产业', '一主一特', '重点发展', '产业门类'],
  // Parks and zones.
  ['产业园区', '园区', '经开区', '开发区', '经济开发区', '工业园区', '工业园'],
  // Incentives and the documents stating them.
  ['优惠政策', '扶持政策', '惠企政策', '支持政策', '政策措施', '奖励办法', '管理办法', '政策文件', '政策体系', '措施'],
  // How the government serves companies.
  ['服务', '一对一', '一条龙', '保姆式', '全过程', '精细化', '全方位服务', '协调解决'],
  // Companies coming to Zixing ("来资企业").
  ['落户', '入驻', '来资', '引进', '签约落户'],
  // What the government does for them.
  ['提供', '实行', '推行', '给予'],
  // Getting in touch.
  ['联系', '对接', '联络', '洽谈'],
  // Offices that attract investment elsewhere.
  ['招商点', '招商驻点', '联络处', '办事处', '招商联络'],
  // Honours.
  ['荣誉', '称号', '示范基地', '示范园区'],
  // English wordings.
  ['industry', 'sector'],
  ['focus', 'key', 'leading', 'advantage', 'priority', 'main', 'major'],
  ['park', 'zone'],
  ['incentive', 'policy', 'measure', 'support', 'subsidy', 'reward'],
  ['service', 'nanny', 'assistance'],
  ['contact', 'liaison'],
];

const HAN = /\p{Script=Han}/u;

// Latin members are stored as the tokenizer reports them (industries → industry).
const GROUPS: string[][] = CONCEPT_GROUPS.map((g) => [...new Set(g.map((w) => (HAN.test(w) ? w : (tokenize(w)[0] ?? w))))]);

// Chinese members, longest first, so 产业园区 wins over 园区.
const PHRASES: string[] = [...new Set(GROUPS.flat().filter((w) => HAN.test(w) && w.length >= 2))].sort((a, b) => b.length - a.length);

/** Other wordings of `word` in the thesaurus (empty when it is not in any group). */
export function conceptAlternatives(word: string): string[] {
  const out = new Set<string>();
  for (const g of GROUPS) if (g.includes(word)) for (const w of g) if (w !== word) out.add(w);
  return [...out];
}

/**
 * Thesaurus phrases the (normalised) question contains, longest first and not overlapping:
 * "资兴的重点产业有哪些" → ["重点产业"]. Only Chinese phrases of two or more characters.
 */
export function conceptPhrases(norm: string): string[] {
  const words = PHRASES;
  const taken: [number, number][] = [];
  const out: string[] = [];
  for (const w of words) {
    let from = 0;
    for (let at = norm.indexOf(w, from); at >= 0; at = norm.indexOf(w, from)) {
      from = at + 1;
      const end = at + w.length;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      taken.push([at, end]);
      if (!out.includes(w)) out.push(w);
    }
  }
  return out;
}
