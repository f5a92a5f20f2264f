/**
 * The Official Account's custom menu: each click comes back as a CLICK event with the button's key,
 * which the channel turns into the question it stands for, so a menu tap gets the same cited answer
 * as typing the question. `npm run wechat-mp:menu` installs it. The words are in `core/texts/zh.ts`.
 */
import { ZH } from '../../core/texts/zh.js';
import type { MenuButton } from './mp-api.js';

const M = ZH.wechat.menu;

/** Menu key → the question (or command) it asks. */
export const MENU_QUESTIONS: Record<string, string> = {
  TOPIC_POLICY: M.policy.question,
  TOPIC_ZONES: M.zones.question,
  TOPIC_INDUSTRIES: M.industries.question,
  TOPIC_SERVICES: M.services.question,
  HANDOFF: M.contact.question,
};

/** The menu as WeChat's menu/create expects it. */
export const MENU: MenuButton[] = [
  {
    name: M.invest,
    sub_button: [
      { type: 'click', name: M.policy.label, key: 'TOPIC_POLICY' },
      { type: 'click', name: M.zones.label, key: 'TOPIC_ZONES' },
      { type: 'click', name: M.industries.label, key: 'TOPIC_INDUSTRIES' },
      { type: 'click', name: M.services.label, key: 'TOPIC_SERVICES' },
    ],
  },
  { type: 'click', name: M.contact.label, key: 'HANDOFF' },
];
