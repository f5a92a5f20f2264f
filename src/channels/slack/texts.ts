/**
 * Slack shows staff both languages side by side: one line of the per-language texts of
 * `core/texts/`, Chinese first. The wording lives there; this file only joins it.
 */
import { both } from '../../core/texts/both.js';
import { EN } from '../../core/texts/en.js';
import { ZH, type UiTexts } from '../../core/texts/zh.js';

type SlackTexts = UiTexts['slack'];

/** "中文 English" for one text of the Slack section. */
export function bilingual(pick: (t: SlackTexts) => string): string {
  return both((t) => pick(t.slack), ' ');
}

/** The Slack texts of one language (the status line, greeting and prompts title are in the user's language). */
export function slackTexts(lang: 'zh' | 'en'): SlackTexts {
  return lang === 'en' ? EN.slack : ZH.slack;
}
