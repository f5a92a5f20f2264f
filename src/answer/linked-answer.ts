/**
 * Answering a question that matched the question index strongly (an editor's `questions:` or a
 * question staff linked to a passage): the person who linked it said this passage answers it, so
 * the reply quotes that passage — a short one (a Q&A document's answer) whole, a long one through
 * the sentence ranker, else its leading sentences. A rule over retrieval's match score, not a
 * model: linking works at once, with no retraining of the understanding models.
 */
import type { Lang, Passage, RetrievalResult } from '../core/types.js';
import type { SentenceFeatures } from '../understanding/sentence-ranker.js';
import { candidateSentences, selectQuotes, type Selection } from './sentence-selection.js';
import { splitSentences } from './sentences.js';

/** A passage this short (characters) is quoted whole: it is the answer someone wrote or picked. */
const WHOLE_PASSAGE = 400;
/** The most sentences quoted from a passage's start when the ranker finds nothing. */
const LEADING_SENTENCES = 4;

const NEUTRAL: SentenceFeatures = {
  coverage: 0, own: 0, featureShare: 0, unitMatch: 0, listBonus: 0, topic: 0, passageScore: 0, rank: 0, long: 0,
  requiredOk: 1, asksRequired: 0, asksList: 0, detailMissing: 0, nameMissing: 0, sameLang: 1, position: 0, hasFigure: 0, charOverlap: 0, headOverlap: 0,
};

/** The linked passage of a retrieval with a strong question-index match, if it is among the passages. */
export function linkedPassage(retrieval: RetrievalResult): Passage | undefined {
  const id = retrieval.linked?.passageId;
  return id ? retrieval.passages.find((p) => p.id === id) : undefined;
}

/** The selection that answers from the linked passage, or undefined when it has nothing quotable. */
export function linkedSelection(query: string, lang: Lang, retrieval: RetrievalResult): Selection | undefined {
  const passage = linkedPassage(retrieval);
  if (!passage || !retrieval.linked) return undefined;
  const score = retrieval.linked.score;
  const features = candidateSentences(query, lang, [passage])[0]?.features ?? { ...NEUTRAL, sameLang: (passage.lang ?? 'zh') === lang ? 1 : 0 };
  const sentences = splitSentences(passage.text).filter((s) => !s.negative);
  if (sentences.length === 0) return undefined;
  if (passage.text.length > WHOLE_PASSAGE) {
    const ranked = selectQuotes(query, lang, [passage]);
    if (ranked) return { ...ranked, best: { ...ranked.best, score: Math.max(ranked.best.score, score) } };
  }
  const quoted = passage.text.length > WHOLE_PASSAGE ? sentences.slice(0, LEADING_SENTENCES) : sentences;
  return { quotes: quoted.map((s) => ({ text: s.text, cite: 0 })), cited: [passage], best: { score, features, display: quoted[0]!.text }, second: 0 };
}
