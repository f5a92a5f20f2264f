/**
 * The passages the answer layer looks at for one question: the retrieved ones, and a second search
 * with the documents' wordings joining the first. Shared by the question service and by
 * `npm run train`, so the models are trained on exactly what they see in service.
 */
import type { Retriever } from '../core/ports.js';
import type { Passage, RetrievalResult } from '../core/types.js';
import { normalize } from '../text/index.js';
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

function foundText(passages: Passage[]): string {
  return normalize(passages.map((p) => `${p.title} ${p.headingPath.join(' ')} ${p.text}`).join('\n')).toLowerCase();
}

/** The first search's passages, then the second's new ones, best first, at most `limit`. */
function mergePassages(first: Passage[], second: Passage[], limit: number): Passage[] {
  const extra = second.filter((p) => !first.some((o) => o.id === p.id));
  return [...first, ...extra.slice(0, Math.max(0, limit - first.length))];
}
