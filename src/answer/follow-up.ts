/**
 * Follow-up questions ("用地多大？", "那占地多大？", "what about its land area?") are searched with
 * the subject of the earlier turns carried over. Rules by default; a condense-question prompt when
 * an LLM is configured, falling back to the rules on any failure.
 */
import type { Logger } from '../core/ports.js';
import type { Turn } from '../core/types.js';
import { asCodedError } from '../core/errors.js';
import { redactPersonalData } from '../core/privacy.js';
import { normalize } from '../text/index.js';
import type { ChatModel } from './chat-model.js';
import { analyzeQuestion } from './question-analysis.js';
import { renderTemplate } from './templates.js';

// Words that name an aspect of something rather than the thing: a question made only of these needs a subject.
const ASPECT = new Set(
  (
    '用地 占地 面积 用地面积 占地面积 总用地 总用地面积 投资 总投资 投资额 投资方 投资者 规模 金额 资金 时间 投产 开工 竣工 建成 地址 位置 地点 选址 ' +
    '电话 联系 联系方式 条件 申请 申请条件 流程 期限 额度 进度 工期 年份 详细 细节 内容 情况 哪里 在哪 在哪里 具体 产能 产值 税收 就业 岗位 ' +
    '计划 建设 签约 落户 背景 负责人 老板 股东 优惠 补贴 奖励 政策 措施 条款 全文 文件 区别 意义 作用 目的 效果 成效 ' +
    'land area size investment investor cost time date address location contact phone condition conditions apply application deadline ' +
    'amount progress schedule detail details capacity output tax jobs plan signing background owner subsidy reward measure'
  ).split(/\s+/),
);
const GENERIC = new Set('资兴 资兴市 企业 公司 项目 zixing company project enterprise'.split(' '));

const ANAPHORA = /^(?:那么|那|它的|它们|它|这个|这家|这项|那个|那家|该项目|该公司|该|此|其|这|还有|另外|再问|and\b|what about\b|how about\b|and what about\b|that\b|it\b|its\b|this\b|they\b|their\b|the same\b)/i;

/** True when the question cannot stand alone: it points back ("那…", "it") or names no subject. */
export function isFollowUp(question: string): boolean {
  const q = normalize(question).toLowerCase().replace(/^[\s\p{P}]+/u, '');
  if (ANAPHORA.test(q)) return true;
  return subjectTerms(question).length === 0;
}

function subjectTerms(question: string): string[] {
  return analyzeQuestion(question)
    .terms.map((t) => t.text)
    .filter((t) => !ASPECT.has(t) && !GENERIC.has(t));
}

/** The span of `question` from its first to its last subject term ("鹏博士资兴算力中心" of "鹏博士资兴算力中心总投资多少？"). */
export function subjectOf(question: string): string | undefined {
  const norm = normalize(question);
  const lower = norm.toLowerCase();
  const terms = subjectTerms(question);
  if (terms.length === 0) return undefined;
  let start = Infinity;
  let end = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i < 0) continue;
    start = Math.min(start, i);
    end = Math.max(end, i + t.length);
  }
  if (end < 0) return terms.join(' ');
  return norm.slice(start, end).replace(/[\s\p{P}]+$/u, '').trim();
}

/** Rule-based rewrite: prepend the latest subject of the earlier user turns to a follow-up question. */
export function ruleRewrite(question: string, history: Turn[], opts: { force?: boolean } = {}): string {
  if (!opts.force && !isFollowUp(question)) return question;
  let subject: string | undefined;
  for (const t of history) {
    if (t.role !== 'user' || t.text.trim() === question.trim()) continue;
    const s = isFollowUp(t.text) ? undefined : subjectOf(t.text);
    if (s) subject = s;
  }
  if (!subject) return question;
  const rest = question.trim().replace(/^(?:那么|那|它的|它|这个|该|此|其)\s*/u, '');
  return `${subject} ${rest}`;
}

/** A short message after an answer ("是一次性给吗", "一年最多能补多少") most often asks about what was just cited. */
const ELLIPTICAL_CHARS = 15;

/** True for a message short enough to lean on the answer before it, when that answer cited something. */
export function isElliptical(question: string, history: Turn[]): boolean {
  if (question.replace(/[\s\p{P}\p{S}]/gu, '').length > ELLIPTICAL_CHARS) return false;
  const last = [...history].reverse().find((t) => t.role === 'assistant');
  return Boolean(last?.cited?.length);
}

/** Rewrites a question to stand alone, given the conversation so far. */
export interface QuestionCondenser {
  condense(question: string, history: Turn[]): Promise<string>;
}

/** The rule-based condenser (no network). */
export const ruleCondenser: QuestionCondenser = {
  condense: async (question, history) => ruleRewrite(question, history),
};

/** An LLM condenser with the rules as fallback (and as the answer when there is no history). */
export function llmCondenser(chat: ChatModel, template: string, logger: Logger): QuestionCondenser {
  const log = logger.child({ component: 'condense-question' });
  return {
    async condense(question, history) {
      const earlier = history.filter((t) => t.role === 'user' && t.text.trim() !== question.trim()).slice(-4);
      if (earlier.length === 0) return question;
      try {
        const out = await chat.complete({
          messages: [{ role: 'user', content: renderTemplate(template, { history: earlier.map((t) => `- ${redactPersonalData(t.text).replace(/\s+/g, ' ').slice(0, 300)}`).join('\n'), question: redactPersonalData(question) }) }],
          maxTokens: 120,
          temperature: 0,
        });
        const line = out.split('\n').map((s) => s.trim()).find(Boolean) ?? '';
        // A rewrite much longer than the question is the model answering or rambling: keep the rules' version.
        if (!line || line.length > Math.max(200, question.length * 4)) throw new Error('condensed question unusable');
        return line.replace(/^["“'「]|["”'」]$/g, '');
      } catch (err) {
        const coded = asCodedError(err);
        log.warn('condense failed, using rule rewrite', { code: coded.code, error: coded.message });
        return ruleRewrite(question, history);
      }
    },
  };
}
