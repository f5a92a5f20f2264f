/** Text utilities shared by ingestion, retrieval and the answer layer. */
export { normalize, normalizeDisplay, hanRatio } from './normalize.js';
export { detectLang, looksLikePinyin } from './lang.js';
export { CN_NUMERAL_CHARS, parseChineseNumber, findChineseNumbers, type ChineseNumber } from './chinese-number.js';
export { engine, tokenize, tokenizeNormalized, segment, stem, contentTerms, contentTermsNormalized, STOPWORDS, type ContentTerm } from './tokenize.js';
