/** Text utilities shared by ingestion, retrieval and the answer layer. */
export { normalize, detectLang, hanRatio } from './normalize.js';
export { tokenize, tokenizeNormalized, segment, stem, contentTerms, contentTermsNormalized, STOPWORDS, type ContentTerm } from './tokenize.js';
