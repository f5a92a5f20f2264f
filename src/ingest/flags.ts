/**
 * Review flags for ingested documents: text that does not belong in a policy document and that a
 * model (or a reader) might act on — links to hosts outside the allow-list, requests for payment,
 * contact ids (phone numbers, WeChat ids, e-mail addresses), and sentences that read as
 * instructions to the assistant. A flag does not keep a document out; it puts it in front of the
 * knowledge editor (`npm run ingest`'s summary, the console's index tab).
 */
import { disallowedLinks } from '../core/links.js';
import { redactPersonalData } from '../core/privacy.js';
import { dropInstructions } from '../answer/sentences.js';

/** Why a document needs a look. */
export type DocumentFlag = 'external_url' | 'payment_request' | 'contact_id' | 'instruction';

const PAYMENT = /转账|汇款|打款|付款至|付款到|支付宝|微信支付|收款(?:账户|账号|码|人)|银行(?:账户|账号|卡号)|对公账户|保证金|押金|手续费|缴纳.{0,12}(?:费|金)|扫码支付|\b(?:wire|transfer|remit|pay)\b.{0,30}\b(?:to|into|fee|deposit|account)\b|\bbank account\b|\bpayment\b/i;

/** The flags of one document's text. */
export function documentFlags(text: string, allowedHosts: readonly string[]): DocumentFlag[] {
  const flags: DocumentFlag[] = [];
  if (disallowedLinks(text, allowedHosts).length > 0) flags.push('external_url');
  if (PAYMENT.test(text.normalize('NFKC'))) flags.push('payment_request');
  // Phones, e-mail addresses and labelled WeChat ids (bare id-like words are too common in documents).
  if (redactPersonalData(text, { free: false }) !== text) flags.push('contact_id');
  if (dropInstructions(text) !== text) flags.push('instruction');
  return flags;
}
