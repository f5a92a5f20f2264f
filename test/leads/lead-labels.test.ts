import { describe, expect, it } from 'vitest';
import { channelLabel, closeOutcomeLabel, conversationStateLabel, formatInvestment, formatLand, leadDisplay, leadFieldRows, leadEventText, leadStatusLabel, leadTitle } from '../../src/core/lead-labels.js';
import { flattenLead } from '../../src/core/lead.js';

describe('lead labels and formats', () => {
  it('writes amounts as people write them', () => {
    expect(formatInvestment(30000, 'CNY')).toBe('3亿元');
    expect(formatInvestment(35000, 'CNY')).toBe('3.5亿元');
    expect(formatInvestment(5000, 'CNY')).toBe('5000万元');
    expect(formatInvestment(0.8, 'CNY')).toBe('8000元');
    expect(formatInvestment(1000, 'USD')).toBe('US$1000万');
    expect(formatInvestment(15000, 'USD')).toBe('US$1.5亿');
  });

  it('writes land and floor space as people write them', () => {
    expect(formatLand(80, 'mu')).toBe('80亩');
    expect(formatLand(20000, 'm2')).toBe('2万平方米');
    expect(formatLand(5000, 'm2')).toBe('5000平方米');
    expect(formatLand(10, 'acre')).toBe('10英亩');
  });

  it('labels the flattened lead and hides the parts of formatted values', () => {
    const fields = flattenLead({
      company: '华芯电子',
      contactName: '张三',
      investment: { amountWan: 20000, currency: 'CNY', text: '两个亿' },
      landOrSpace: { value: 80, unit: 'mu', text: '八十亩' },
      description: '新建厂房',
    });
    expect(leadFieldRows(fields)).toEqual([
      { key: 'company', label: '公司 Company', value: '华芯电子' },
      { key: 'contactName', label: '联系人 Contact', value: '张三' },
      { key: 'investment', label: '投资额 Investment', value: '2亿元' },
      { key: 'landOrSpace', label: '用地/面积 Land / space', value: '80亩' },
      { key: 'description', label: '需求 Request', value: '新建厂房' },
    ]);
    expect(leadFieldRows(fields, 'zh').map((r) => r.label)).toEqual(['公司', '联系人', '投资额', '用地/面积', '需求']);
  });

  it('names states and outcomes in words', () => {
    expect(leadStatusLabel('new')).toBe('待认领 Unclaimed');
    expect(leadStatusLabel('closed', 'zh')).toBe('已结案');
    expect(leadStatusLabel('follow_up')).toBe('待跟进 Follow-up');
    expect(closeOutcomeLabel('signed: 已签框架协议')).toBe('已签约 Signed：已签框架协议');
    expect(closeOutcomeLabel('no_response')).toBe('无回应 No response');
    expect(closeOutcomeLabel('已签约，等待落地')).toBe('已签约，等待落地');
  });

  it('titles a lead by company, else contact, else an unnamed investor and the time', () => {
    const at = Date.UTC(2026, 0, 1, 2, 30);
    expect(leadTitle({ fields: { company: 'A公司', contactName: '张三' }, createdAt: at })).toBe('A公司');
    expect(leadTitle({ fields: { contactName: '张三' }, createdAt: at })).toBe('张三');
    expect(leadTitle({ fields: { phone: '13800138000' }, createdAt: at })).toBe('未留名投资者 2026-01-01 10:30');
    expect(leadDisplay({ fields: {}, createdAt: at, status: 'closed', closedOutcome: 'duplicate' })).toEqual({
      title: '未留名投资者 2026-01-01 10:30',
      status: '已结案 Closed',
      outcome: '重复线索 Duplicate',
      fields: [],
      card: {},
    });
  });
});

describe('board cards', () => {
  it('show the amount, industry and land as people write them and the phone masked', async () => {
    const { leadCard, maskPhone, leadDisplay } = await import('../../src/core/lead-labels.js');
    expect(leadCard({ phone: '13800138000', industry: '新材料', investment: '三个亿', investmentWan: 30000, investmentCurrency: 'CNY', landOrSpace: '八十亩', landValue: 80, landUnit: 'mu' })).toEqual({ investment: '3亿元', industry: '新材料', land: '80亩', phone: '138****8000' });
    expect(leadCard({})).toEqual({});
    expect(maskPhone('0735-1234567')).toBe('073****4567');
    expect(leadDisplay({ fields: { phone: '13800138000' }, createdAt: 0, status: 'new' }).card).toEqual({ phone: '138****8000' });
  });

  it('names channels in words, telling the WeChat kinds apart by the conversation id', () => {
    expect(channelLabel('web')).toBe('网页');
    expect(channelLabel('slack', 'D1')).toBe('Slack');
    expect(channelLabel('wechat', 'kf:wkAAA:wmBBB')).toBe('企业微信');
    expect(channelLabel('wechat', 'mp:oABC')).toBe('微信公众号');
    expect(channelLabel('wechat', 'room:R1:C1')).toBe('微信群');
    expect(channelLabel('wechat', 'dm:C1')).toBe('微信');
    expect(channelLabel('wechat')).toBe('微信');
    expect(channelLabel('fax')).toBe('fax');
    expect(leadDisplay({ fields: {}, createdAt: 0, status: 'new', conversation: { channel: 'wechat', conversationId: 'kf:a:b' } }).channel).toBe('企业微信');
    expect(conversationStateLabel('taken_over')).toBe('人工接待中');
    expect(conversationStateLabel('odd')).toBe('odd');
  });

  it('words history entries, an assignment with whom it went to and who assigned it', () => {
    expect(leadEventText({ type: 'assigned', actorName: '陈主管', data: { from: { id: 'staff:1', name: '王敏' }, to: { id: 'staff:2', name: '李强' } } })).toBe('指派 Assigned → 李强（陈主管）');
    expect(leadEventText({ type: 'assigned', actorName: '陈主管', data: { to: { id: 'staff:2', name: '李强' } } }, 'zh')).toBe('指派 → 李强（陈主管）');
    expect(leadEventText({ type: 'released', actorName: '王敏' }, 'zh')).toBe('交回机器人（待跟进）（王敏）');
    expect(leadEventText({ type: 'created' })).toBe('创建 Created');
    expect(leadEventText({ type: 'assigned', data: 'garbled' }, 'zh')).toBe('指派');
    expect(leadEventText({ type: 'mystery' })).toBe('mystery');
  });
});
