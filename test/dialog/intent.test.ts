/**
 * The dialog's intent (command words, then the learned model) on messages it was not trained on:
 * the first round's hand-written lists, the shared dev set and the corpus' validation split.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dialogIntent, FLOOR, type IntentClassifier } from '../../src/dialog/intent.js';
import { commandOf, editBody } from '../../src/understanding/commands.js';
import { readCorpus, reportedIntent } from '../../src/understanding/corpus.js';
import { classifyMessage } from '../../src/understanding/intent-model.js';

const LEADS = [
  '我们是深圳一家电子信息企业，计划投资2亿元在资兴建厂，想安排实地考察，怎么对接？',
  '我司计划在资兴投资建设锂电池生产基地',
  '我们公司想把部分产能搬迁到资兴',
  '我们打算在资兴扩产，需要50亩工业用地',
  '我想在资兴投资一个数据中心项目',
  '计划投资5000万元在资兴设厂',
  '我们需要一个3000平方米的标准厂房',
  '我们有用地需求，大概100亩',
  '想安排一次实地考察，参观园区',
  '投资的话应该找谁对接？',
  '我们想来资兴落户，联系谁？',
  '本公司拟投资3亿元建设新材料项目',
  '我们准备入驻资兴经开区',
  '想在资兴建厂，怎么对接？',
  'We plan to invest $20 million in a factory in Zixing.',
  'We are looking to relocate our plant to Hunan.',
  'Our company wants to build a plant with two hundred million yuan.',
  'We need about 50 acres of land for a new facility.',
  'Can we arrange a site visit to the industrial park?',
  'Who should I contact about investing in Zixing?',
  'I would like to set up a factory in Zixing',
  'We are planning to expand our production base in Zixing',
];

const HANDOFFS = ['转人工', '人工客服', '我要人工服务', '找真人聊', '能联系工作人员吗', '人工', 'human', 'Can I talk to someone?', 'I want to speak with a real person', 'agent', 'Please connect me with your staff', 'customer service please', '请帮我联系招商局的工作人员', '能不能安排专人跟我联系', 'Can I speak to an investment officer?'];

const PLAIN = [
  '资兴有哪些优势产业？',
  '鹏博士资兴算力中心总投资多少？',
  '氢能船舶项目是哪家公司投资的？',
  '企业落户资兴后政府提供什么样的服务？',
  'What incentives are there for investors?',
  '资兴工业用地每亩多少钱？',
  '鹏博士算力中心项目用地面积有多大？',
  '有多少家500强企业和上市公司落户资兴？',
  '资兴接待过哪些考察团？',
  '我想了解一下资兴的投资优惠政策',
  '资兴帮企业减税降费了多少？',
  '首批招商大使有多少名？',
  '资兴的标准厂房有哪些？',
  'How much tax relief has Zixing given to enterprises?',
  'I want to know about investment incentives in Zixing.',
  '你好',
  '谢谢',
  '明天资兴天气怎么样？',
  '我们资兴有哪些重点项目？',
  '招商局负责人是谁？',
  '资兴经开区的联系电话是多少？',
  '智能客服能回答哪些问题？',
  'Which industries does Zixing focus on?',
  '',
];

const share = async (texts: string[], ok: (i: string) => boolean) => {
  let hit = 0;
  for (const t of texts) if (ok(await dialogIntent(t))) hit++;
  return hit / texts.length;
};

describe('dialog intent', () => {
  it('recognises investment plans stated in many ways as leads', async () => {
    expect(await share(LEADS, (i) => i === 'lead')).toBeGreaterThanOrEqual(0.85);
  });
  it('recognises requests for a person as hand-offs', async () => {
    expect(await share(HANDOFFS, (i) => i === 'handoff')).toBeGreaterThanOrEqual(0.85);
  });
  it('keeps plain questions, small talk and off-topic requests out of lead capture', async () => {
    expect(await share(PLAIN.filter(Boolean), (i) => i !== 'lead' && i !== 'handoff')).toBeGreaterThanOrEqual(0.9);
  });
  it('command words decide before the model', async () => {
    expect(commandOf('转人工！')).toBe('handoff');
    expect(commandOf('跳过')).toBe('skip');
    expect(commandOf('确认删除')).toBe('confirm_erase');
    expect(commandOf('我想跳过这一步再说')).toBeUndefined();
    expect(await dialogIntent('转人工')).toBe('handoff');
  });
  it("the capture form's words are commands said alone, not inside a sentence", () => {
    const allAre = (texts: string[], command: string | undefined) => expect(texts.map((t) => commandOf(t))).toEqual(texts.map(() => command));
    allAre(['好的', '确认提交。', 'OK', 'yes'], 'confirm');
    allAre(['不知道', '没有', 'N/A', 'not sure'], 'skip');
    allAre(['算了', 'never mind'], 'cancel');
    allAre(['好的，我们明年开工', '我不知道园区在哪', '没有问题的话就提交吧'], undefined);
    expect(editBody('修改：电话 13800138000')).toBe('电话 13800138000');
    expect(editBody('改电话13900000000')).toBe('电话13900000000');
    expect(editBody('改')).toBe('');
    expect(editBody('公司名不对，是华芯')).toBeUndefined();
  });
  it('asks the LLM only where the model is unsure', async () => {
    const asked: string[] = [];
    const classifier: IntentClassifier = { classify: async (t) => (asked.push(t), 'handoff') };
    await dialogIntent('资兴有哪些优势产业？', { classifier });
    expect(asked).toEqual([]);
  });

  // The shared eval set lives beside the repository (CI lays it there); its absence is a failure, not a skip.
  const dev = new URL('../../../shared/eval/dev.jsonl', import.meta.url);
  it('agrees with every dev case that states an intent, and finds no lead in the plain ones', async () => {
    expect(existsSync(dev), 'shared/eval/dev.jsonl beside the repository').toBe(true);
    const lines = readFileSync(dev, 'utf8').trim().split('\n');
    for (const line of lines) {
      const c = JSON.parse(line) as { id: string; question: string; expect: { intent?: string } };
      const got = await dialogIntent(c.question);
      expect({ id: c.id, intent: got === 'lead' || got === 'handoff' ? got : null }).toEqual({ id: c.id, intent: c.expect.intent ?? null });
    }
  });

  it('starts no capture or hand-off on a verdict the model barely holds (a lead at 0.23 of six classes)', async () => {
    const val = readCorpus(new URL('../../training/validation.jsonl', import.meta.url).pathname).filter((e) => !e.asked);
    const faint = val.filter((e) => {
      const v = classifyMessage(e.question);
      return (v.intent === 'lead' || v.intent === 'handoff') && v.confidence < FLOOR;
    });
    expect(faint.length).toBeGreaterThan(0);
    for (const e of faint) expect({ q: e.question, got: await dialogIntent(e.question) }).not.toMatchObject({ got: expect.stringMatching(/^(lead|handoff)$/) });
  });

  it('is right on at least 90% of the validation split (never trained on)', async () => {
    const val = readCorpus(new URL('../../training/validation.jsonl', import.meta.url).pathname).filter((e) => !e.asked);
    let right = 0;
    for (const e of val) if (reportedIntent(await dialogIntent(e.question)) === reportedIntent(e.intent)) right++;
    expect(right / val.length).toBeGreaterThanOrEqual(0.9);
  });
});
