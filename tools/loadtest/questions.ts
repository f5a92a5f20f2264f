/**
 * What simulated investors ask: realistic policy questions (the shape of the eval set) mixed with
 * the small talk real chats contain. Lead-capture and hand-off phrases are left out on purpose:
 * they would put conversations into a staff member's hands and stop the bot answering.
 */
import { readFileSync } from 'node:fs';

/** Policy and investment questions, Chinese and English. */
export const INVESTOR_QUESTIONS: readonly string[] = [
  '资兴有哪些优势产业？',
  '资兴的“一主一特”产业指的是什么？',
  '鹏博士资兴算力中心总投资多少？',
  '鹏博士算力中心项目用地面积有多大？',
  '氢能船舶产业示范区项目计划什么时候投产？',
  '氢能船舶项目是哪家公司投资的？',
  '资兴帮企业减税降费了多少？',
  '“助保贷”一共投放了多少资金？',
  '“1+8”文件包含多少条措施？',
  '资兴在哪些城市设立了驻外招商联络站？',
  '首批招商大使有多少名？',
  '资兴对企业技术创新有什么奖励政策？',
  '中小微企业贷款到期资金周转有没有政策支持？',
  '资兴招商主要面向哪些区域？',
  '企业落户资兴后政府提供什么样的服务？',
  '企业遇到困难反映问题，多久能得到响应？',
  '资兴的园区获得过哪些荣誉称号？',
  '有多少家500强企业和上市公司落户资兴？',
  '资兴的营商环境品牌叫什么？',
  '资源回收利用企业有什么引导政策？',
  '优化营商环境的措施有多少条？',
  '资兴工业用地每亩多少钱？',
  '大数据产业园有什么扶持政策？',
  '东江湖的水冷资源适合做数据中心吗？',
  '新能源项目落地需要办理哪些手续？',
  'How much tax and fee relief has Zixing given to enterprises?',
  'What industries does Zixing focus on for investment?',
  'What support do companies get after settling in Zixing?',
];

/** Small talk and follow-ups that real conversations contain. */
export const SMALL_TALK: readonly string[] = ['你好', '您好，请问在吗？', '谢谢', '好的，明白了', '用地多大？', '还有别的优惠吗？', 'hello', 'thanks!'];

/**
 * Questions from a JSON-lines file with a `question` field per line (e.g. an eval set);
 * lines that do not parse or have no question are skipped.
 */
export function loadQuestionsJsonl(path: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const q = (JSON.parse(line) as { question?: unknown }).question;
      if (typeof q === 'string' && q.trim()) out.push(q.trim());
    } catch {
      // A broken line in a hand-edited file should not stop a load test.
    }
  }
  return out;
}

/**
 * A conversation script: `length` messages, mostly questions with about one in five small talk,
 * drawn with the given random source (injected so runs can be reproducible).
 */
export function conversationScript(questions: readonly string[], length: number, random: () => number = Math.random): string[] {
  const pool = questions.length > 0 ? questions : INVESTOR_QUESTIONS;
  const script: string[] = [];
  for (let i = 0; i < length; i++) {
    const talk = random() < 0.2;
    const from = talk ? SMALL_TALK : pool;
    script.push(from[Math.floor(random() * from.length) % from.length]!);
  }
  return script;
}

