/** The fixed texts of the message path in English: the keys of `zh.ts` (see there for what each is). */
import type { UiTexts } from './zh.js';

/** Every text of this module, by where it is said. */
export const EN: UiTexts = {
  guard: {
    truncated: (n: number) => `Your message was long; only the first ${n} characters were processed.`,
    rateLimited: (s: number) => `You are sending messages too quickly. Please wait about ${s} seconds and try again.`,
    busy: () => 'Sorry, the system is busy right now. Please try again later, or send "human" to reach a staff member.',
  },
  dialog: {
    submitted: 'Submitted! A member of the investment bureau staff will contact you shortly (usually within minutes during office hours). Meanwhile, feel free to keep asking me questions.',
    updated: 'Your enquiry has been updated; the staff member following it will see the latest details.',
    handoff: 'Sure, I have passed you to the investment bureau staff; someone will reply here shortly. Meanwhile you can keep asking me questions.',
    handoffContact: 'If you like, leave a mobile number or WeChat ID so staff can reach you.',
    alreadyWaiting: 'The staff have been notified; someone will reply here shortly.',
    contactAdded: 'Thank you, your contact details have been passed to the staff.',
    released: 'The staff member has handed the conversation back; the assistant resumes.',
    closedNotice: 'This conversation with our staff has ended; you can keep asking me questions.',
    erased: 'Your personal data from this conversation (name, phone, WeChat ID and messages) has been deleted.',
    eraseConfirm: 'This deletes the personal data you gave in this conversation (name, phone, WeChat ID and messages) and cannot be undone. Reply "confirm delete" to go ahead. For data given elsewhere, contact the bureau\'s staff, who will check your identity.',
    nothingToErase: 'There are no contact details of yours stored from this conversation.',
    groupLead: 'Thank you for your interest in investing in Zixing! To protect your privacy, message me directly to register your project, or reply "human" here and our staff will contact you.',
    empty: 'How can I help? You can ask about investing in Zixing: policies, industries and parks.',
    unavailable: 'Sorry, I cannot answer right now. Reply "human" to reach our staff.',
    askedAgain: '(asked for a person again)',
    resumeLine: '(Your project registration is waiting: press "Continue" when you are ready.)',
    takenOver: (name: string) => `${name} of the investment bureau has taken over your conversation.`,
  },
  actions: {
    handoff: { label: 'Talk to staff', value: 'human' },
    confirm: { label: 'Confirm', value: 'confirm' },
    resume: { label: 'Continue', value: 'continue' },
    skip: { label: 'Skip', value: 'skip' },
    cancel: { label: 'Cancel', value: 'cancel' },
  },
  slack: {
    sorry: 'Sorry, something went wrong — please try again in a moment.',
    help: ['I answer questions on Zixing investment policy, with sources.', 'DM me a question', '@mention me in a channel', '`/zixing <question>` answers privately; add `public` to post it for everyone', 'list open leads'],
    status: 'Looking through the documents…',
    greeting: 'Hello! I am the Zixing Investment Assistant: ask me about Zixing investment policy, zones, industries and services, and I will answer with sources. Ask away, or pick a topic:',
    promptsTitle: 'Try asking',
    thanksUp: 'Thanks for the feedback.',
    thanksDown: 'Thanks — we will improve this answer.',
    leadNotFound: 'Lead not found.',
    leadClosed: 'This lead is already closed.',
    notOwner: 'Only the owner can do that.',
    closeNotOwner: (owner?: string) => `Only the owner${owner ? ` (${owner})` : ''} or a supervisor can close this lead.`,
    followUpWaits: (owner: string) => `This follow-up lead waits for ${owner}; only they or a supervisor can claim it again.`,
    theOwner: 'its owner',
    alreadyClaimed: (by: string) => `Already claimed by ${by}.`,
    someoneElse: 'someone else',
    actionFailed: 'That did not work — please try again.',
    closeDialogFailed: 'Could not open the close dialog.',
    replyNeedsClaim: 'Claim the lead before replying to the investor; start with `//` for an internal note.',
    replyLeadClosed: 'This lead is closed; the reply was not sent.',
    replyLeadNotFound: 'Lead not found; the reply was not sent.',
    chooseOutcome: 'Choose an outcome',
    closedAlready: () => 'Already closed.',
    closeLeadNotFound: () => 'Lead not found.',
    closeFailed: 'Closing failed — please try again.',
    openLeads: 'Open leads:',
    noOpenLeads: 'No open leads.',
  },
  capture: {
    intro: "Thank you for your interest in investing in Zixing! Let me note a few details so the bureau's investment staff can follow up quickly.",
    hint: ' (Reply "skip" to skip this, or "cancel" to stop.)',
    noted: 'Noted: ',
    contactRequired: 'To submit, I need at least one way to reach you (a mobile number or WeChat ID). If you prefer not to, reply "human" to talk to staff directly, or "cancel".',
    notUnderstood: "Sorry, I didn't catch that.",
    confirmAsk: 'Please check the details above: reply "confirm" to submit, or "change" plus the detail (e.g. change phone 13800138000).',
    summaryTitle: 'Your investment enquiry:',
    cancelled: 'OK, cancelled; nothing you entered will be kept. Feel free to keep asking about investing in Zixing.',
    askFor: (parts: string[]) => `Could you tell me ${parts.join(' and ')}?`,
    resume: (parts: string[]) => (parts.length === 0 ? '(Back to your details: reply "confirm" to submit, or "change" plus the detail.)' : `(Back to your details: ${parts.join(' and ')}?)`),
    privacy: (days: number) =>
      `Your name and contact details are used only so the bureau's investment staff can reach you about this project; they are kept for ${days} days, and you can have them deleted at any time by replying "delete my data" (Personal Information Protection Law).`,
    badPhone: (digits: number) =>
      `That number has ${digits} digits; a mainland mobile number has 11 digits starting with 1 (or use an area code with a landline, e.g. 0735-1234567). Could you send it again?`,
    summarySep: ': ',
    notedSep: ': ',
    notedJoin: '; ',
    notedEnd: '.',
    fieldAsk: {
      company: "your company's name",
      industry: 'your industry',
      investment: 'the planned investment (e.g. RMB 50 million)',
      landOrSpace: 'how much land or floor space you need (mu, m² or acres)',
      timeline: 'when you plan to start (e.g. Q3, within 6 months)',
      contactName: 'a contact name',
      phone: 'a mobile number or WeChat ID',
      wechatId: 'a WeChat ID',
      description: 'a short description of the project',
    },
    fieldLabel: {
      company: 'Company',
      industry: 'Industry',
      investment: 'Investment',
      landOrSpace: 'Land / space',
      timeline: 'Timeline',
      contactName: 'Contact',
      phone: 'Phone',
      wechatId: 'WeChat',
      description: 'Request',
    },
    fieldShort: {
      company: "your company's name",
      industry: 'your industry',
      investment: 'the planned investment',
      landOrSpace: 'the land or floor space',
      timeline: 'when you plan to start',
      contactName: 'a contact name',
      phone: 'a mobile number or WeChat ID',
      wechatId: 'a WeChat ID',
      description: 'a short description',
    },
  },
  wechat: {
    unsupported: 'Hello, I am the Zixing investment assistant. I can read text messages only and answer questions on investing in Zixing (incentives, parks, industries, services and contacts). Please ask in text; send "human" to reach a person.',
    friendGreeting: 'Hello, I am the Zixing investment assistant! I answer questions on investing in Zixing: incentives, industrial parks, key industries, business services and contacts, each answer with its source. Just ask in text; send "human" to reach a person.',
    welcome: 'Hello, and thank you for following Zixing Investment! I am the Zixing investment assistant and can answer questions on:\n· investment incentives\n· industrial parks\n· key industries\n· business services and contacts\nEach answer gives its source. Just ask in text or use the menu below; send "human" to reach a person.',
    voiceUnrecognised: 'Sorry, I could not recognise that voice message. Please ask in text; send "human" to reach a person.',
    error: 'Sorry, something went wrong on our side. Please try again later, or send "human" to reach a person.',
    sourcesLabel: 'Sources: ',
    youCanReply: (values: string[]) => `You can reply: ${values.map((v) => `"${v}"`).join(' ')}`,
    staffName: 'Staff',
  },
  web: {
    error: 'Something went wrong on our side. Please try again.',
  },
  staffNotice: {
    relogin: (reason: string) => `[WeChat assistant] The WeChat connection dropped (${reason}); reconnecting. To log in again, open the login QR code in the staff console and scan it with the bot's WeChat account.`,
    disconnect: { logout: 'logged out', error: 'connection error', silent: 'no response for a long time', start_failed: 'failed to start' },
    dailyCap: (cap: number) => `[WeChat assistant] Today's WeChat send limit (${cap} messages) is reached; to stay clear of WeChat's risk control, no more replies go out today. Please watch the conversations in the staff console.`,
    mpName: 'WeChat Official Account',
    kfName: 'WeChat Customer Service',
    queued: (channel: string, user: string, reason: 'expired' | 'over_quota' | 'session') => {
      const why =
        reason === 'expired'
          ? "the investor's last message is more than 48 hours old, so the platform allows no more messages"
          : reason === 'over_quota'
            ? "the platform's send limit is reached (at most 5 messages after each of the investor's messages)"
            : "the session's state does not allow the bot to send";
      return `[${channel}] A message to the investor (ending ${user.slice(-4)}) could not go out: ${why}. It is queued and goes out when the investor writes again; phone them if it is urgent.`;
    },
    transferFailed: (servicer: string, errcode: number | undefined, detail: string) => {
      const why = errcode === 95014 ? `the servicer ${servicer} is not activated in WeCom or not receiving` : errcode === 95016 ? "the session's state does not allow a transfer" : `WeCom returned an error (${errcode ?? detail})`;
      return `[WeChat Customer Service] The transfer to the WeCom servicer failed: ${why}. The bot still relays the conversation; keep replying to the investor here.`;
    },
    endFailed: (errcode: number | undefined, detail: string) =>
      `[WeChat Customer Service] Ending the WeCom session on release failed (${errcode ?? detail}). Please end the session in WeCom by hand; the bot then serves the investor's next message.`,
    humanHoldsSession: '[WeChat Customer Service] A WeCom servicer holds this session, so the bot cannot send for you. Reply to the investor in WeCom, or release the conversation to the bot first.',
    sendFailed: (failType: number | undefined) => `[WeChat Customer Service] A message did not reach the investor (failure type ${failType ?? 'unknown'}); please check the conversation in WeCom.`,
  },
};
