/**
 * The Official Account's custom menu: each click comes back as a CLICK event with the button's key,
 * which the channel turns into the question it stands for, so a menu tap gets the same cited answer
 * as typing the question. `npm run wechat-mp:menu` installs it.
 */
import type { MenuButton } from './mp-api.js';

/** Menu key → the question (or command) it asks. */
export const MENU_QUESTIONS: Record<string, string> = {
  TOPIC_POLICY: '资兴有哪些招商优惠政策？',
  TOPIC_ZONES: '资兴有哪些产业园区？',
  TOPIC_INDUSTRIES: '资兴的重点产业有哪些？',
  TOPIC_SERVICES: '资兴为投资企业提供哪些服务？',
  HANDOFF: '转人工',
};

/** The menu as WeChat's menu/create expects it. */
export const MENU: MenuButton[] = [
  {
    name: '投资资兴',
    sub_button: [
      { type: 'click', name: '优惠政策', key: 'TOPIC_POLICY' },
      { type: 'click', name: '产业园区', key: 'TOPIC_ZONES' },
      { type: 'click', name: '重点产业', key: 'TOPIC_INDUSTRIES' },
      { type: 'click', name: '营商服务', key: 'TOPIC_SERVICES' },
    ],
  },
  { type: 'click', name: '联系我们', key: 'HANDOFF' },
];
