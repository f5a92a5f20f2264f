/**
 * The one language rule of the product: which of Chinese and English a text is written in. The
 * guard's notices, the dialog's replies, the answer layer and the renderers' source lines all ask
 * here, so a message never gets notices in one language and replies in the other.
 */
import type { Lang } from '../core/types.js';

/**
 * 'zh' when Han characters carry a fair share of the letters, 'en' for Latin text. A text with
 * neither (digits, punctuation, emoji, nothing) shows no language: then `fallback` ('en' unless
 * given; `null` asks "does the text show one?").
 */
export function detectLang<F extends Lang | null = Lang>(text: string, fallback: F | 'en' = 'en'): Lang | F {
  let han = 0;
  let latin = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) han++;
    else if (/[A-Za-z]/.test(ch)) latin++;
  }
  if (han === 0 && latin === 0) return fallback;
  // One Han character carries about as much as a short English word (~4 letters).
  return han > 0 && han * 4 >= latin ? 'zh' : 'en';
}
