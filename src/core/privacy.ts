/**
 * Personal data never leaves for an LLM: phone numbers, e-mail addresses and WeChat ids are
 * replaced by placeholders in any text bound for a model (questions, history, condensing).
 */

const MOBILE = /(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// A WeChat id is only recognisable next to the word for it: "微信 abc_123", "WeChat: wxid_…", "wxid_…".
const WECHAT_LABELLED = /((?:微信号?|wechat(?:\s*id)?|vx|v信)\s*[:：是为]?\s*)([A-Za-z][-_A-Za-z0-9]{5,19})/gi;
const WXID = /\bwxid_[A-Za-z0-9]{4,}\b/g;

/** Replace personal contact data with placeholders; everything else is kept as written. */
export function redactPersonalData(text: string): string {
  return text
    .replace(WECHAT_LABELLED, '$1[微信号]')
    .replace(WXID, '[微信号]')
    .replace(EMAIL, '[邮箱]')
    .replace(MOBILE, '[电话]')
    .replace(LANDLINE, '[电话]');
}
