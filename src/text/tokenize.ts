/**
 * Chinese-aware tokeniser: jieba (search mode) with a domain user dictionary, lower-cased and
 * lightly stemmed Latin words, punctuation and stopwords dropped. Indexing and querying share it.
 */
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalize } from './normalize.js';

let jieba: Jieba | undefined;

/** Load jieba with its default dictionary plus our domain terms, once per process. */
function engine(): Jieba {
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
    'much many tell please'
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{N}]/u;
const LATIN = /^[a-z][a-z0-9'-]*$/;

/** Light English stemming: plurals only, so "zones" meets "zone" without mangling names. */
export function stem(word: string): string {
  if (!LATIN.test(word) || word.length <= 3) return word;
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
  const out: string[] = [];
  for (const raw of segment(text)) {
    const w = raw.toLowerCase();
    if (!WORD.test(w)) continue;
    if (STOPWORDS.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}
