/**
 * Chinese-aware tokeniser: jieba (search mode) with a domain user dictionary, lower-cased and
 * lightly stemmed Latin words, punctuation and stopwords dropped. Indexing and querying share it.
 */
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { americanSpelling } from './english-forms.js';
import { normalize } from './normalize.js';

let jieba: Jieba | undefined;

/** Load jieba with its default dictionary plus our domain terms, once per process (shared by every text module). */
export function engine(): Jieba {
  if (!jieba) {
    const j = Jieba.withDict(dict);
    j.loadDict(readFileSync(new URL('./user-dict.txt', import.meta.url)));
    jieba = j;
  }
  return jieba;
}

/** Function words and question words that say nothing about which passage answers. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 在 和 与 及 或 有 吗 呢 吧 啊 呀 么 什么 多少 哪些 哪个 哪里 哪 怎么 怎样 如何 为什么 几 多 ' +
    '请问 请 我 我们 你 你们 他 她 它 他们 这 那 这个 那个 这些 那些 一个 个 就 都 也 还 又 把 被 对 从 向 ' +
    '给 让 为 以 之 其 而 但 并 等 上 下 中 里 能 会 可以 可 要 想 需要 一下 没有 有没有 是否 吗 啥 ' +
    'a an the of to in on at for by with from and or is are was were be been being do does did ' +
    'how what which who whom whose when where why can could would should will shall may might ' +
    'i me my we our you your it its this that these those there here has have had about any ' +
    'much many tell please give given get got ' +
    // English counterparts of 主要 (mainly, focus on): they frame the question, not its topic.
    'mainly primarily chiefly focus focuses focused focusing ' +
    // Interrogatives and light verbs of questions: they shape the answer, not which passage holds it.
    '什么时候 时候 何时 哪家 哪位 哪儿 哪种 哪类 一共 总共 共 多久 多长 多大 多高 多远 多少家 什么样 怎么样 怎样 ' +
    '叫 叫做 称为 过 后 得到 获得 主要 具体 相关 情况 有关 关于 呀 嘛 吗 么 ' +
    '指 指的是 是不是 能否 可否 如何 么样 一些 有些 哪方面 方面 ' +
    // More interrogatives and filler of spoken questions (多少钱 like 多少; 几月份 like 何时).
    '多少钱 多少次 多少个 几个 哪几 哪几个 哪几种 哪几家 几家 几位 几条 几月 几月份 几号 几年 多快 多久 ' +
    '啥样 有啥 咋 咋样 咋办 怎么办 什么人 哪些人 谁 了吗 没 是啥 些什么 都是 到底 究竟 听说 ' +
    // Degree adverbs: they grade the answer, never pick the passage.
    '最 很 非常 比较 特别 十分 更 最好'
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{N}]/u;
const LATIN = /^[a-z][a-z0-9'-]*$/;

/**
 * Light English stemming: plurals only, so "zones" meets "zone" without mangling names; British
 * spellings take the American form (centres → center, licence → license), as CC-CEDICT glosses do.
 */
export function stem(word: string): string {
  if (!LATIN.test(word) || word.length <= 3) return word;
  return americanSpelling(plural(word));
}

function plural(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Raw jieba words (search mode) of the normalised text: no stopword or punctuation removal. */
export function segment(text: string): string[] {
  const norm = normalize(text);
  if (!norm) return [];
  return engine()
    .cutForSearch(norm, true)
    .filter((w) => w.trim() !== '');
}

/** Index/query tokens: normalised, segmented, lower-cased, stemmed, without punctuation or stopwords. */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalize(text));
}

/** `tokenize` for text already passed through `normalize` (saves normalising twice). */
export function tokenizeNormalized(norm: string): string[] {
  if (!norm) return [];
  const out: string[] = [];
  for (const raw of engine().cutForSearch(norm, true)) {
    const w = raw.toLowerCase();
    if (!WORD.test(w)) continue;
    if (STOPWORDS.has(w)) continue;
    // A lone Latin letter is a possessive or initial ("Zixing's" → s), never a topic.
    if (w.length === 1 && w >= 'a' && w <= 'z') continue;
    out.push(stem(w));
  }
  return out;
}

/** A content word of a question (precise-mode jieba) with its search-mode sub-words. */
export interface ContentTerm {
  term: string;
  /** Shorter words inside `term` (e.g. 资金周转 → 资金, 周转); empty for simple words. */
  parts: string[];
  /** jieba part-of-speech tag (n noun, ns place, v verb, t time, m numeral, eng Latin, …). */
  pos?: string;
  /**
   * The word names the kind of answer asked for, not the topic: it follows an interrogative
   * (哪些城市, 什么产业, which cities, how fast). Passages answer with instances (上海、广州), so
   * their missing the word says little about relevance.
   */
  answerType?: boolean;
}

/** Interrogative determiners: the noun after one is the answer type (哪些城市 → 城市). */
const INTERROGATIVE = new Set(
  '哪些 哪个 哪几个 哪几 哪种 哪类 哪家 哪位 什么 什么样 啥 几个 几家 几位 几种 多少 哪方面 which what how whose'.split(' '),
);

/**
 * Cover `word` with the fewest stray single characters using its sub-words (工业用地 → 工业 + 用地,
 * not 工业用 + 地); returns the multi-character pieces.
 */
function tile(word: string, subs: Set<string>): string[] {
  const n = word.length;
  const best: { cost: number; pieces: string[] }[] = [{ cost: 0, pieces: [] }];
  for (let i = 1; i <= n; i++) {
    let cur = { cost: best[i - 1]!.cost + 1, pieces: best[i - 1]!.pieces };
    for (const s of subs) {
      const j = i - s.length;
      if (j >= 0 && word.slice(j, i) === s && best[j]) {
        const cand = { cost: best[j]!.cost + 0.01, pieces: [...best[j]!.pieces, s] };
        if (cand.cost < cur.cost) cur = cand;
      }
    }
    best[i] = cur;
  }
  return best[n]!.pieces;
}

/** Content words of a text in precise mode, for judging whether a passage covers a question. */
export function contentTerms(text: string): ContentTerm[] {
  return contentTermsNormalized(normalize(text));
}

/** `contentTerms` of text already passed through `normalize`. */
export function contentTermsNormalized(norm: string): ContentTerm[] {
  if (!norm) return [];
  const seen = new Set<string>();
  const out: ContentTerm[] = [];
  let prev = '';
  for (const { word: raw, tag } of engine().tag(norm, true)) {
    const lower = raw.toLowerCase();
    if (!lower.trim() || lower === '的') continue;
    const afterInterrogative = INTERROGATIVE.has(prev);
    prev = lower;
    if (STOPWORDS.has(lower)) continue;
    const w = stem(lower);
    if (!WORD.test(w) || STOPWORDS.has(w) || seen.has(w) || (w.length === 1 && w >= 'a' && w <= 'z')) continue;
    // A segmentation artefact made of function characters only (入驻后要盘活 → 后要) carries no topic.
    if (w.length > 1 && /^[\u3400-\u9fff]+$/.test(w) && [...w].every((ch) => STOPWORDS.has(ch))) continue;
    seen.add(w);
    const subs = new Set(engine().cutForSearch(w, false).filter((p) => p !== w && p.length >= 2));
    out.push({ term: w, parts: subs.size ? tile(w, subs).filter((p) => !STOPWORDS.has(p)) : [], pos: tag, ...(afterInterrogative ? { answerType: true } : {}) });
  }
  return out;
}
