/** The CSV export byte for byte: BOM, Chinese headers, values in words, CRLF, quoting, formulas neutralised. */
import { describe, expect, it } from 'vitest';
import type { LeadView } from '../../src/core/ports.js';
import { leadsCsv } from '../../src/leads/lead-csv.js';

const base: LeadView = {
  id: 'L1',
  status: 'claimed',
  conversation: { channel: 'wechat', conversationId: 'wx-1' },
  fields: {},
  createdAt: Date.UTC(2026, 5, 1, 8, 0),
  recent: [],
  linkedLeadIds: [],
};

describe('leadsCsv', () => {
  it('writes the exact bytes a spreadsheet opens: BOM, CRLF, Chinese headers, amounts and states in words', () => {
    const csv = leadsCsv([
      {
        ...base,
        fields: { company: '华芯科技', contactName: '张三', phone: '13800138000', industry: '新材料', investment: '三个亿', investmentWan: 30000, investmentCurrency: 'CNY', landOrSpace: '八十亩', landValue: 80, landUnit: 'mu', timeline: '明年', description: '第一行\n第二行 "引号"' },
        owner: { id: 'a:1', name: '李专员' },
        linkedLeadIds: ['L0'],
      },
      { ...base, id: 'L2', status: 'closed', closedOutcome: 'signed: 已签框架协议', closedBy: { id: 'a:2', name: '王科长' }, fields: { contactName: '=1+1', wechatId: 'wx_abc123', note: '@SUM(A1)' }, conversation: { channel: 'web', conversationId: 'w-2' } },
    ]);
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const expected =
      '\uFEFF编号,公司,联系人,电话,微信,行业,投资额,用地/面积,计划时间,需求,note,状态,结案结果,渠道,会话,负责人,结案人,创建时间,升级时间,关联线索\r\n' +
      'L1,华芯科技,张三,13800138000,,新材料,3亿元,80亩,明年,"第一行\n第二行 ""引号""",,跟进中,,微信,wx-1,李专员,,2026-06-01 16:00,,L0\r\n' +
      "L2,,'=1+1,,wx_abc123,,,,,,'@SUM(A1),已结案,已签约：已签框架协议,网页,w-2,,王科长,2026-06-01 16:00,,\r\n";
    expect(csv).toBe(expected);
    // Every record ends in CRLF; the only bare LF is inside the quoted multi-line cell.
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv.replace(/\r\n/g, '').split('\n')).toHaveLength(2);
  });

  it('neutralises each formula start (=, +, -, @) at a cell start but leaves plain numbers', () => {
    const csv = leadsCsv([{ ...base, fields: { company: '+cmd', contactName: '-2+3', industry: '@x', timeline: '=A1', phone: '-5' } }]);
    const row = csv.split('\r\n')[1]!;
    expect(row.startsWith("L1,'+cmd,'-2+3,-5,,'@x,,,'=A1,")).toBe(true);
  });

  it('an empty export is the header alone', () => {
    expect(leadsCsv([])).toBe('\uFEFF编号,公司,联系人,电话,微信,行业,投资额,用地/面积,计划时间,需求,状态,结案结果,渠道,会话,负责人,结案人,创建时间,升级时间,关联线索\r\n');
  });
});
