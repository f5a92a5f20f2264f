/** Fixed replies of the dialog core (hand-off, take-over, release), in Chinese and English. */
import type { Lang, Outbound, SuggestedAction } from '../core/types.js';

type Texts = Record<Lang, string>;

/** Fixed dialog replies. */
export const REPLY = {
  submitted: {
    zh: '已提交！招商专员会尽快与您联系（工作时间通常几分钟内）。在此期间您仍可继续向我咨询。',
    en: 'Submitted! A member of the investment bureau staff will contact you shortly (usually within minutes during office hours). Meanwhile, feel free to keep asking me questions.',
  },
  updated: {
    zh: '已更新您的投资意向信息，负责的招商专员会看到最新内容。',
    en: 'Your enquiry has been updated; the staff member following it will see the latest details.',
  },
  handoff: {
    zh: '好的，已为您转接招商专员，工作人员会尽快在这里回复您。在此期间您仍可继续向我提问。',
    en: 'Sure, I have passed you to the investment bureau staff; someone will reply here shortly. Meanwhile you can keep asking me questions.',
  },
  handoffContact: {
    zh: '如方便，也可留下手机号或微信号，便于工作人员联系您。',
    en: 'If you like, leave a mobile number or WeChat ID so staff can reach you.',
  },
  alreadyWaiting: {
    zh: '已通知招商专员，请稍候，工作人员会尽快在这里回复您。',
    en: 'The staff have been notified; someone will reply here shortly.',
  },
  contactAdded: {
    zh: '谢谢，联系方式已补充给招商专员。',
    en: 'Thank you, your contact details have been passed to the staff.',
  },
  released: {
    zh: '工作人员已结束人工对接，智能助手继续为您服务。',
    en: 'The staff member has handed the conversation back; the assistant resumes.',
  },
  closedNotice: {
    zh: '本次人工对接已结束，如有问题可继续向我咨询。',
    en: 'This conversation with our staff has ended; you can keep asking me questions.',
  },
  erased: {
    zh: '已删除您在本次对话中留下的个人信息（姓名、电话、微信及聊天记录）。',
    en: 'Your personal data from this conversation (name, phone, WeChat ID and messages) has been deleted.',
  },
  eraseConfirm: {
    zh: '将删除您在本次对话中留下的个人信息（姓名、电话、微信及聊天记录），删除后无法恢复。确认请回复“确认删除”。其他渠道留下的信息，请联系招商局工作人员核实身份后删除。',
    en: 'This deletes the personal data you gave in this conversation (name, phone, WeChat ID and messages) and cannot be undone. Reply "confirm delete" to go ahead. For data given elsewhere, contact the bureau\'s staff, who will check your identity.',
  },
  nothingToErase: {
    zh: '您在本对话中没有留下需要删除的联系信息。',
    en: 'There are no contact details of yours stored from this conversation.',
  },
  groupLead: {
    zh: '感谢您对资兴的投资意向！为保护您的隐私，请私聊我登记项目信息，或在此回复“转人工”，招商专员会尽快与您联系。',
    en: 'Thank you for your interest in investing in Zixing! To protect your privacy, message me directly to register your project, or reply "human" here and our staff will contact you.',
  },
  empty: { zh: '请问有什么可以帮您？您可以咨询资兴的投资政策、产业和园区。', en: 'How can I help? You can ask about investing in Zixing: policies, industries and parks.' },
} satisfies Record<string, Texts>;

/** "<name> of the bureau has taken over your conversation". */
export function takenOverText(name: string, lang: Lang): string {
  return lang === 'en' ? `${name} of the investment bureau has taken over your conversation.` : `招商局工作人员${name}已接手本次对话，将直接为您服务。`;
}

/** Buttons under lead prompts. */
export function captureActions(lang: Lang, stage: 'collect' | 'confirm'): SuggestedAction[] {
  const en = lang === 'en';
  const actions: SuggestedAction[] =
    stage === 'confirm'
      ? [{ id: 'lead:confirm', label: en ? 'Confirm' : '确认', value: en ? 'confirm' : '确认' }]
      : [
          { id: 'lead:resume', label: en ? 'Continue' : '继续登记', value: en ? 'continue' : '继续登记' },
          { id: 'lead:skip', label: en ? 'Skip' : '跳过', value: en ? 'skip' : '跳过' },
        ];
  actions.push({ id: 'lead:cancel', label: en ? 'Cancel' : '取消', value: en ? 'cancel' : '取消' });
  return actions;
}

/** One short line after a question answered mid-capture: how to go on, with buttons, shown once. */
export function resumeLine(draft: { stage: 'collect' | 'confirm' }, lang: Lang): string {
  void draft;
  return lang === 'en' ? '(Your project registration is waiting: press "Continue" when you are ready.)' : '（项目登记尚未完成，需要时点“继续登记”接着填写。）';
}

/** A reply that is not an answer from the knowledge base. */
export function botReply(text: string, intent: Outbound['intent'], opts: { actions?: SuggestedAction[]; handoffOffered?: boolean; speaker?: Outbound['speaker'] } = {}): Outbound {
  const o: Outbound = { text, citations: [], answered: false, handoffOffered: opts.handoffOffered ?? false, intent, speaker: opts.speaker ?? 'bot' };
  if (opts.actions) o.actions = opts.actions;
  return o;
}
