import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCorpus, type CorpusExample } from '../../src/understanding/corpus.js';
import { extractLeadFields, leadFieldModel, trainLeadFieldModel } from '../../src/understanding/lead-fields.js';

// Held-aside messages written for these tests (not in training/): behaviour, not corpus recall.
describe('lead-field extractor', () => {
  it('tells investment from annual output, registered capital, tonnage and headcount', () => {
    expect(extractLeadFields('我们年产值5亿，这次计划投资2亿元建新厂').fields.investment).toMatchObject({ amountWan: 20_000, text: '2亿元' });
    expect(extractLeadFields('注册资本3000万，计划投资1.5亿').fields.investment).toMatchObject({ amountWan: 15_000 });
    const ex = extractLeadFields('公司成立于2012年，员工300人，年产10万吨，计划明年下半年投产');
    expect(ex.fields.investment).toBeUndefined();
    expect(ex.fields.timeline).toBe('明年下半年');
  });

  it('does not take registered capital, revenue or sales as the investment, alone or beside it', () => {
    expect(extractLeadFields('深圳嘉禾精工有限公司，注册资本5000万').fields.investment).toBeUndefined();
    expect(extractLeadFields('我们公司注册资本两千万，年销售额3个亿，这次计划投资8000万').fields.investment).toMatchObject({ amountWan: 8000 });
    expect(extractLeadFields('营收大概两个亿，想过来投个三千万').fields.investment).toMatchObject({ amountWan: 3000 });
    expect(extractLeadFields('registered capital of RMB 50 million, we plan to invest RMB 200 million', 'en').fields.investment).toMatchObject({ amountWan: 20_000 });
  });

  it.each(['What incentives are there?', 'How much land can we get?', 'Tell me about Zixing Economic Development Zone', '资兴有哪些园区？'])(
    'reads no company or contact name from a question (%s)',
    (q) => {
      const f = extractLeadFields(q, /[a-z]/i.test(q) ? 'en' : 'zh').fields;
      expect(f.company).toBeUndefined();
      expect(f.contactName).toBeUndefined();
    },
  );

  it.each([
    ['我们老板下周三想去资兴考察，能安排吗', '下周三'],
    ['五一之后我们过来看看厂房', '五一之后'],
    ['打算明年三四月份开工，用地30亩', '明年三四月份'],
    ['过完年就搬过去，要2000平厂房', '过完年'],
    // Without the preposition, as most of the corpus labels a half or a quarter ("the first half of 2026").
    ['We plan to open the plant in the second half of the year', 'the second half of the year'],
    ['Our chairman will visit next Wednesday', 'next Wednesday'],
    ['这周五我们三个人过去园区看看，能安排吗', '这周五'],
    ['礼拜六过去看厂房方便不', '礼拜六'],
    ['Three of us would like to visit the park this Friday', 'this Friday'],
  ])('reads the timeline of %s as %s (weeks, holidays, spans of months)', (text, timeline) => {
    expect(extractLeadFields(text, /[a-z]/i.test(text) ? 'en' : 'zh').fields.timeline).toBe(timeline);
  });

  it.each(['我们公司计划投资2亿元在资兴建一个新材料工厂', 'Our company plans to build a plant in Zixing'])('reads no company from the bare form word (%s)', (text) => {
    expect(extractLeadFields(text, /^[A-Z]/.test(text) ? 'en' : 'zh').fields.company).toBeUndefined();
  });

  it('does not read a head count of eleven (十一个人) as the National Day holiday', () => {
    expect(extractLeadFields('公司十一个人，想租500平的厂房').fields.timeline).toBeUndefined();
  });

  it('never reads a sentence-final particle (哈, 吧, 呀) as a name', () => {
    expect(extractLeadFields('这个保密哈', 'zh', { asked: 'contactName' }).fields.contactName).toBeUndefined();
    expect(extractLeadFields('张三吧', 'zh', { asked: 'contactName' }).fields.contactName).toBe('张三');
  });

  it('reads floor space as an area, never as an amount', () => {
    const ex = extractLeadFields('需要2万平方米厂房，投资8000万');
    expect(ex.fields.landOrSpace).toMatchObject({ value: 20_000, unit: 'm2', text: '2万平方米' });
    expect(ex.fields.investment).toMatchObject({ amountWan: 8000 });
  });

  it('parses ranges, 个亿, 八千万 and 左右', () => {
    expect(extractLeadFields('投资大概3000万到5000万，用地30亩').fields).toMatchObject({ investment: { amountWan: 5000, text: '3000万到5000万' }, landOrSpace: { value: 30, unit: 'mu' } });
    expect(extractLeadFields('准备投1个亿建厂').fields.investment).toMatchObject({ amountWan: 10_000 });
    expect(extractLeadFields('打算投个八千万').fields.investment).toMatchObject({ amountWan: 8000 });
    expect(extractLeadFields('五千万左右吧', 'zh', { asked: 'investment' }).fields.investment).toMatchObject({ amountWan: 5000, text: '五千万左右' });
    expect(extractLeadFields('two hundred million yuan, about 100 acres', 'en').fields).toMatchObject({ investment: { amountWan: 20_000, currency: 'CNY' }, landOrSpace: { value: 100, unit: 'acre' } });
  });

  it('takes the corrected value and says it is a correction', () => {
    const amount = extractLeadFields('不是2万，是5000万', 'zh', { asked: 'timeline' });
    expect(amount.correction).toBe(true);
    expect(amount.fields.investment).toMatchObject({ amountWan: 5000, text: '5000万' });
    const company = extractLeadFields('公司名不对，是鑫源科技', 'zh', { asked: 'phone' });
    expect(company).toMatchObject({ correction: true, fields: { company: '鑫源科技' } });
    expect(extractLeadFields('面积说错了，是80亩不是30亩').fields.landOrSpace).toMatchObject({ value: 80, unit: 'mu' });
    expect(extractLeadFields('鑫源集团', 'zh', { asked: 'company' }).correction).toBe(false);
  });

  it('reads short replies by the field that was asked', () => {
    expect(extractLeadFields('恒力机械', 'zh', { asked: 'company' }).fields).toEqual({ company: '恒力机械' });
    expect(extractLeadFields('大概60亩', 'zh', { asked: 'landOrSpace' }).fields.landOrSpace).toMatchObject({ value: 60, unit: 'mu' });
    expect(extractLeadFields('下半年吧', 'zh', { asked: 'timeline' }).fields).toEqual({ timeline: '下半年' });
    expect(extractLeadFields('王建国，13912345678', 'zh', { asked: 'contactName' }).fields).toEqual({ contactName: '王建国', phone: '13912345678' });
  });

  it('returns the verbatim span of every field, traditional characters included', () => {
    const ex = extractLeadFields('我們是深圳瑞達電子有限公司，打算在資興投資兩個億');
    expect(ex.spans).toMatchObject({ company: '深圳瑞達電子有限公司', investment: '兩個億' });
    expect(ex.fields.investment).toMatchObject({ amountWan: 20_000 });
  });

  it('reports a phone number of the wrong length instead of storing it', () => {
    const ex = extractLeadFields('王五 1380013800', 'zh', { asked: ['contactName', 'phone'] });
    expect(ex.fields.phone).toBeUndefined();
    expect(ex.badPhone).toMatchObject({ ok: false, digits: 10 });
  });
});

describe('training the lead-field model', () => {
  const lead = (id: string, question: string, company: string): CorpusExample => ({ id, group: id, voice: 'english', lang: 'en', question, intent: 'lead', fields: { company: { span: company } } });
  const ask = (id: string, question: string): CorpusExample => ({ id, group: id, voice: 'english', lang: 'en', question, intent: 'question' });
  const corpus = [
    lead('l1', 'Acme Robotics plans a plant here', 'Acme Robotics'),
    lead('l2', 'Norvale Data wants to build here', 'Norvale Data'),
    lead('l3', 'Keller Automation plans to invest', 'Keller Automation'),
    lead('l4', 'Blue Harbor Foods will relocate', 'Blue Harbor Foods'),
    ask('q1', 'What subsidies exist?'),
    ask('q2', 'Which zones exist?'),
    ask('q3', 'What permits are needed?'),
    ask('q4', 'Which documents are needed?'),
    ask('q5', 'What loans exist?'),
  ];

  it('learns from questions that their phrases are not fields, and still reads a company in a plan', () => {
    // A low bar for phrases, so nine messages are enough to show what the negatives teach.
    const without = trainLeadFieldModel(corpus, { negatives: false, phraseThreshold: 0.3 });
    const withNegatives = trainLeadFieldModel(corpus, { negatives: true, phraseThreshold: 0.3 });
    expect(without.meta?.messages).toBe(4);
    expect(withNegatives.meta?.messages).toBe(9);
    // Trained on lead messages alone, every phrase that opens a sentence looks like a company.
    expect(extractLeadFields('What grants exist?', 'en', { model: without }).fields.company).toBe('What grants');
    expect(extractLeadFields('What grants exist?', 'en', { model: withNegatives }).fields.company).toBeUndefined();
    expect(extractLeadFields('Zenith Motors plans a plant', 'en', { model: withNegatives }).fields.company).toBe('Zenith Motors');
  });
});

describe('the shipped lead-field model', () => {
  it('loads as a span scorer over the lead fields', () => {
    const m = leadFieldModel();
    expect(m.kind).toBe('lead-fields');
    expect(m.classes).toEqual(['none', 'company', 'contactName', 'phone', 'wechatId', 'industry', 'investment', 'landOrSpace', 'timeline']);
    expect(Object.keys(m.weights).length).toBeGreaterThan(1000);
  });

  // One training run, compared with the file an earlier, separate run of `npm run train` wrote: equal
  // bytes show both that the shipped file is what the corpus makes and that training is deterministic
  // (a second run in this process would show only the second, at twice the time).
  it('is byte for byte what training on training/train.jsonl produces, and training is deterministic', () => {
    const examples = readCorpus('training/train.jsonl');
    const trained = `${JSON.stringify(trainLeadFieldModel(examples))}\n`;
    expect(readFileSync(new URL('../../src/understanding/models/lead-fields.json', import.meta.url), 'utf8')).toBe(trained);
  }, 300_000);
});
