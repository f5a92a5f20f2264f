/**
 * What the answer layer looks at for one question: the retrieved passages (a second search with the
 * documents' wordings joins the first), the best sentences the ranker picks from them, and the
 * signals the answerability model judges. Shared by the question service and by `npm run train`,
 * so the models are trained on exactly what they see in service.
 */
import type { Retriever } from '../core/ports.js';
import type { Lang, Passage, RetrievalResult } from '../core/types.js';
import { normalize } from '../text/index.js';
import type { AnswerabilitySignals } from '../understanding/answerability.js';
import type { LogRegModel } from '../understanding/logreg.js';
import { selectQuotes, statedShare, type Selection } from './extractive-answerer.js';
import { expandQuery } from './question-analysis.js';

/** Passages the expanded search may add to a relevant first search. */
const MAX_EXTRA = 3;

/**
 * Retrieve for `query`, then search once more with the document wordings the first search did not
 * find (税收优惠 → 减税降费): when the first was not relevant, the second replaces it if it does better;
 * when it was, the second's new passages join the candidates.
 */
export async function gatherPassages(retriever: Retriever, query: string, k: number, onSecondFailed?: (err: unknown) => void): Promise<RetrievalResult> {
  let retrieval = await retriever.retrieve(query, { k });
  const expanded = retrieval.relevant ? expandQuery(query, foundText(retrieval.passages)) : expandQuery(query);
  if (expanded === query) return retrieval;
  try {
    const second = await retriever.retrieve(expanded, { k });
    if (!retrieval.relevant) {
      if (second.relevant || second.confidence > retrieval.confidence) retrieval = second;
    } else {
      retrieval = { ...retrieval, passages: mergePassages(retrieval.passages, second.passages, k + MAX_EXTRA) };
    }
  } catch (err) {
    onSecondFailed?.(err);
  }
  return retrieval;
}

/** The ranker's selection and the answerability signals for one question. */
export interface Judged {
  selection: Selection | undefined;
  signals: AnswerabilitySignals;
}

/** Select sentences and compute the answerability signals. */
export function judgeRetrieval(
  query: string,
  lang: Lang,
  retrieval: RetrievalResult,
  extra: { followUp: boolean; outOfScope: number; smalltalk: number; linkedQuestion?: number; ranker?: LogRegModel | 'legacy' },
): Judged {
  const passages = retrieval.passages;
  const selection = passages.length ? selectQuotes(query, lang, passages, extra.ranker ? { ranker: extra.ranker } : {}) : undefined;
  const share = statedShare(query, lang, passages);
  const f = selection?.best.features;
  const signals: AnswerabilitySignals = {
    confidence: retrieval.confidence,
    relevant: retrieval.relevant ? 1 : 0,
    topScore: passages[0]?.score ?? 0,
    best: selection?.best.score ?? 0,
    second: selection?.second ?? 0,
    coverage: f?.coverage ?? 0,
    own: f?.own ?? 0,
    requiredOk: f?.requiredOk ?? 0,
    asksRequired: f?.asksRequired ?? 0,
    nameMissing: f?.nameMissing ?? 1,
    detailMissing: f?.detailMissing ?? 1,
    sameLang: f?.sameLang ?? 0,
    stated: share.stated,
    heavyMissing: share.heavyMissing,
    english: lang === 'en' ? 1 : 0,
    followUp: extra.followUp ? 1 : 0,
    outOfScope: extra.outOfScope,
    smalltalk: extra.smalltalk,
    linkedQuestion: extra.linkedQuestion ?? 0,
  };
  return { selection, signals };
}

function foundText(passages: Passage[]): string {
  return normalize(passages.map((p) => `${p.title} ${p.headingPath.join(' ')} ${p.text}`).join('\n')).toLowerCase();
}

/** The first search's passages, then the second's new ones, best first, at most `limit`. */
function mergePassages(first: Passage[], second: Passage[], limit: number): Passage[] {
  const extra = second.filter((p) => !first.some((o) => o.id === p.id));
  return [...first, ...extra.slice(0, Math.max(0, limit - first.length))];
}
