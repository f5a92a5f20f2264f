/** The investor-facing texts of the guard and the dialog core, in English (the keys of `zh.ts`). */
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
};
