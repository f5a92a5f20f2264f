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
  if (han > 0 && han * 4 >= latin) return 'zh';
  // Chinese typed in pinyin (no input method at hand) is Chinese: the reply is too.
  return looksLikePinyin(text) ? 'zh' : 'en';
}

// A toneless pinyin syllable: an optional initial and a final (zh/ch/sh before single letters).
const SYLLABLE = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ue|ve|ui|er|a|o|e|i|u|v)';
const PINYIN_WORD = new RegExp(`^(?:${SYLLABLE})+$`);
// Short English words that are also syllables: they prove nothing either way.
const BOTH = new Set('a an i in on he she me we you my so no go ha hi ok or to be am can man men ten ban hang long sun bin die tie pin tan fan pan lie'.split(' '));

/**
 * Latin text whose words are nearly all pinyin syllables, with at least two words of several
 * syllables that English does not also have ("zixing you shenme youhui zhengce"), not English
 * that happens to use a few syllable-shaped words ("can you help me").
 */
export function looksLikePinyin(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.length < 3) return false;
  const pinyin = words.filter((w) => PINYIN_WORD.test(w));
  const long = pinyin.filter((w) => !BOTH.has(w) && w.length >= 5);
  return pinyin.length >= 0.8 * words.length && long.length >= Math.min(2, words.length - 1);
}
