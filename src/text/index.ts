/** Text utilities shared by ingestion, retrieval and the answer layer. */
export { normalize, detectLang, hanRatio } from './normalize.js';
export { tokenize, segment, stem, STOPWORDS } from './tokenize.js';
