/**
 * Generators for every phone, WeChat-id and name form the lead parser accepts, with the parser as
 * the oracle (a generated form it would not take is discarded), and the check that a value left
 * no trace in a text.
 */
import fc from 'fast-check';
import { looksLikeWechatId, parsePhone } from '../../src/leads/parsers.js';

const FULL_WIDTH_DIGIT = (d: string) => String.fromCharCode(0xff10 + Number(d));
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const sep = fc.constantFrom('', ' ', '-', '  ', '\u3000', '－', ' - ');
const before = fc.constantFrom('', '我的电话', '手机：', '请打 ', '联系方式 ', 'call me at ', '座机', '电话是');
const after = fc.constantFrom('', '，谢谢', ' 找我', '。', '，尽快联系');

/** A phone as typed and the digits that identify it. */
export interface PhoneForm {
  text: string;
  /** The digits a trace would show: the whole number without separators. */
  digits: string;
}

const mobile = fc
  .tuple(fc.constantFrom('', '+86', '+86 ', '+86-', '86 ', '86-', '＋８６ ', '+ 86'), fc.integer({ min: 3, max: 9 }), digits(9), sep, sep, fc.boolean())
  .map(([prefix, second, rest, s1, s2, wide]) => {
    const d = `1${second}${rest}`;
    const shown = `${d.slice(0, 3)}${s1}${d.slice(3, 7)}${s2}${d.slice(7)}`;
    return { typed: prefix + (wide ? shown.replace(/\d/g, FULL_WIDTH_DIGIT) : shown), digits: d };
  });
const landline = fc
  .tuple(fc.integer({ min: 1, max: 9 }), digits(2), fc.boolean(), fc.integer({ min: 2, max: 9 }), digits(7), fc.boolean(), fc.constantFrom('', '-', ' ', '－'), fc.boolean())
  .map(([a, b, longArea, first, rest, eight, s, wide]) => {
    const area = `0${a}${longArea ? b : b.slice(0, 1)}`;
    const local = `${first}${eight ? rest : rest.slice(0, 6)}`;
    const shown = `${area}${s}${local}`;
    return { typed: wide ? shown.replace(/\d/g, FULL_WIDTH_DIGIT) : shown, digits: area + local };
  });

/** A sentence carrying a phone number the lead parser accepts. */
export const phoneForm: fc.Arbitrary<PhoneForm> = fc
  .tuple(before, fc.oneof(mobile, landline), after)
  .map(([b, p, a]) => ({ text: b + p.typed + a, digits: p.digits }))
  .filter((f) => {
    const r = parsePhone(f.text);
    return r?.ok === true && r.value.replace(/\D/g, '') === f.digits;
  });

/** True when `digits` (or its last seven, the local number) can still be read in `out`. */
export function phoneLeft(out: string, d: string): boolean {
  const stream = out.normalize('NFKC').replace(/\D/g, '');
  return stream.includes(d) || stream.includes(d.slice(-7));
}

const idChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');
const wechatId = fc
  .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.array(idChars, { minLength: 5, maxLength: 19 }))
  .map(([first, rest]) => first + rest.join(''));
const label = fc.constantFrom('微信', '微信号', 'WeChat', 'wechat id', 'WECHAT ID', 'weixin', 'wx', 'WX', 'ｗｘ', '微信号 ');
const labelSep = fc.constantFrom('', ' ', '是', '为', ':', '：', '-', ' is ', ': ');
const ctx = fc.constantFrom('', '加我', '我的', '，谢谢', ' 找我', '。');

/** A sentence carrying a WeChat id the parser accepts, labelled, as a bare wxid_, or typed on its own when asked. */
export const wechatForm: fc.Arbitrary<{ text: string; id: string }> = fc.oneof(
  fc
    .tuple(ctx, label, labelSep, wechatId, ctx, fc.boolean())
    .filter(([, l, s, id]) => !`${l}${s}`.normalize('NFKC').toLowerCase().includes(id.toLowerCase()))
    // Every labelled form is one an investor may type, whatever the learned extractor makes of it.
    .map(([b, l, s, id, a, wide]) => ({ text: b + l + s + (wide ? toFullWidth(id) : id) + a, id })),
  fc.tuple(ctx, fc.array(idChars, { minLength: 4, maxLength: 15 }), ctx)    .map(([b, rest, a]) => ({ text: `${b} wxid_${rest.join('')} ${a}`, id: `wxid_${rest.join('')}` })),
  // The bare answer to "您的微信号是？": the capture takes any such token.
  wechatId.filter(looksLikeWechatId).map((id) => ({ text: id, id })),
);

function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** True when `id` can still be read in `out`. */
export function idLeft(out: string, id: string): boolean {
  return out.normalize('NFKC').toLowerCase().includes(id.toLowerCase());
}

const SURNAMES = [...'张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'];
/** A sentence introducing a contact name as the parser takes it ("我叫张伟", "联系人：李娜"). */
export const nameForm: fc.Arbitrary<{ text: string; name: string }> = fc
  .tuple(fc.constantFrom(...SURNAMES), fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }), fc.constantFrom('我叫', '联系人', '联系人：', '姓名：', '我是', '名字是'), fc.constantFrom('', '先生', '女士', '经理'), fc.constantFrom('，', '。', ' ', '，电话稍后给'))
  .map(([s, g, lead, suffix, tail]) => ({ text: `${lead}${s}${g.join('')}${suffix}${tail}`, name: s + g.join('') }));
