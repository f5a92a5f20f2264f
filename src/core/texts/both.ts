/** One text in both languages, Chinese first, as the bilingual staff surfaces (console, Slack) show it. */
import { EN } from './en.js';
import { ZH, type UiTexts } from './zh.js';

/** `pick` from the Chinese and the English texts, joined by `sep` ("中文 · English" by default). */
export function both(pick: (t: UiTexts) => string, sep = ' · '): string {
  return `${pick(ZH)}${sep}${pick(EN)}`;
}
