/**
 * Investors sometimes type pinyin ("zixing you shenme youhui zhengce", "zhubaodai"): no passage
 * shares a token with that. The bridge maps toneless pinyin to the knowledge base's own words —
 * built from the index's vocabulary, so new documents bring their words with them — and adds the
 * Chinese words a pinyin message spells to the query. The same readings find the word a Chinese
 * message mistyped as its homophone (补帖 → 补贴). Readings come from `pinyin-pro` (MIT).
 */
import { pinyin } from 'pinyin-pro';
import { engine, normalize, STOPWORDS } from '../text/index.js';

const HAN_ONLY = /^[\u3400-\u9fff]{2,8}$/u;
/** The longest word key tried, in syllables. */
const MAX_SYLLABLES = 6;

/** The knowledge base's words by their toneless pinyin. */
export interface PinyinBridge {
  /** Syllables of any word in the vocabulary (what counts as pinyin). */
  syllables: Set<string>;
  /** "youhui" → 优惠 (joined syllables → the most frequent word with that reading). */
  words: Map<string, string>;
}

/** Build the bridge from vocabulary words and how often each occurs (most frequent wins a shared reading). */
export function buildPinyinBridge(vocabulary: Iterable<[string, number]>): PinyinBridge {
  const syllables = new Set<string>();
  const best = new Map<string, { word: string; n: number }>();
  for (const [word, n] of vocabulary) {
    if (!HAN_ONLY.test(word)) continue;
    const syl = pinyin(word, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
    if (syl.length !== [...word].length || syl.some((s) => !/^[a-z]+$/.test(s))) continue;
    for (const s of syl) syllables.add(s);
    const key = syl.join('');
    const seen = best.get(key);
    if (!seen || n > seen.n || (n === seen.n && word < seen.word)) best.set(key, { word, n });
  }
  return { syllables, words: new Map([...best].map(([k, v]) => [k, v.word])) };
}

/** Split a Latin word into known syllables (fewest pieces), or undefined when it is not pinyin. */
function syllabify(word: string, syllables: Set<string>): string[] | undefined {
  const best: (string[] | undefined)[] = [[]];
  for (let i = 1; i <= word.length; i++) {
    for (let j = Math.max(0, i - 6); j < i; j++) {
      const prev = best[j];
      const piece = word.slice(j, i);
      if (prev && syllables.has(piece) && (!best[i] || prev.length + 1 < best[i]!.length)) best[i] = [...prev, piece];
    }
  }
  return best[word.length];
}

/**
 * The knowledge base's words spelled in pinyin in `text` (empty when the text is not mostly pinyin:
 * English is left alone). Longest readings first, syllables may run across spaces ("zhu bao dai").
 */
export function wordsFromPinyin(text: string, bridge: PinyinBridge): string[] {
  const latin = text.toLowerCase().match(/[a-z]+/g) ?? [];
  if (latin.length === 0 || bridge.words.size === 0) return [];
  const split = latin.map((w) => syllabify(w, bridge.syllables));
  const pinyinWords = split.filter(Boolean).length;
  // "What incentives…" is English: most of its words are not syllables of Chinese words.
  if (pinyinWords / latin.length < 0.6 || (latin.length === 1 && !split[0])) return [];
  const seq = split.flatMap((s) => s ?? ['|']);
  const out: string[] = [];
  for (let i = 0; i < seq.length; ) {
    let hit: string | undefined;
    let len = 0;
    for (let n = Math.min(MAX_SYLLABLES, seq.length - i); n >= 2 && !hit; n--) {
      const part = seq.slice(i, i + n);
      if (part.includes('|')) continue;
      hit = bridge.words.get(part.join(''));
      if (hit) len = n;
    }
    if (hit) {
      if (!out.includes(hit)) out.push(hit);
      i += len;
    } else i++;
  }
  return out;
}

const HAN_CHAR = /^[\u3400-\u9fff]+$/u;
/** Longest stretch of characters read as one mistyped word. */
const MAX_TYPO_CHARS = 4;

/**
 * The knowledge base's words that a Chinese message mistypes as homophones — what a pinyin input
 * method gives when the wrong candidate is picked (补帖 for 补贴, 审合 for 审核, 明单 for 名单, 奖历 for
 * 奖励). Segmented by the dictionary alone, a mistyped word falls apart into single characters; a
 * run of such characters (function words aside) is read in toneless pinyin, and where 2–4 of them
 * read exactly as a word of the knowledge base, that word is what was meant. Dictionary words are
 * never read again: a real word (同事) is not a typo of another (同时).
 */
export function wordsFromHomophones(text: string, bridge: PinyinBridge): string[] {
  if (bridge.words.size === 0) return [];
  const runs: string[] = [];
  let run = '';
  for (const w of engine().cut(normalize(text), false)) {
    if (w.length === 1 && HAN_CHAR.test(w) && !STOPWORDS.has(w)) run += w;
    else {
      if (run.length >= 2) runs.push(run);
      run = '';
    }
  }
  if (run.length >= 2) runs.push(run);
  const out: string[] = [];
  for (const r of runs) {
    const chars = [...r];
    const syl = pinyin(r, { toneType: 'none', type: 'array', v: true }).map((x) => x.toLowerCase());
    if (syl.length !== chars.length) continue;
    for (let i = 0; i < chars.length; ) {
      let hit: string | undefined;
      let len = 0;
      for (let n = Math.min(MAX_TYPO_CHARS, chars.length - i); n >= 2 && !hit; n--) {
        const word = bridge.words.get(syl.slice(i, i + n).join(''));
        if (word && !text.includes(word)) {
          hit = word;
          len = n;
        }
      }
      if (hit) {
        if (!out.includes(hit)) out.push(hit);
        i += len;
      } else i++;
    }
  }
  return out;
}
