/**
 * The passages the answer layer looks at for one question: the retrieved ones, and a second search
 * with the documents' wordings joining the first. Shared by the question service and by
 * `npm run train`, so the models are trained on exactly what they see in service.
 */
import type { Retriever } from '../core/ports.js';
import type { Passage, RetrievalResult, Turn } from '../core/types.js';
import { normalize } from '../text/index.js';
import { analyzeQuestion, expandQuery, type QuestionAnalysis } from './question-analysis.js';

/** Passages the expanded search may add to a relevant first search. */
const MAX_EXTRA = 3;

/**
 * Retrieve for `query`, then search once more with the document wordings the first search did not
 * find (税收优惠 → 减税降费): when the first was not relevant, the second replaces it if it does better;
 * when it was, the second's new passages join the candidates.
 */
export async function gatherPassages(retriever: Retriever, query: string, k: number, onSecondFailed?: (err: unknown) => void): Promise<RetrievalResult> {
  let retrieval = await retriever.retrieve(query, { k });
  const asked = analyzeQuestion(query);
  if (asked.asks.has('english')) retrieval = await preferBilingual(retriever, query, asked, retrieval, k);
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

const LATIN_WORD = /[A-Za-z]{3,}/;

/**
 * A question asking for the English of a name ("数据谷英文怎么说") is answered by a line that
 * gives both, as a glossary does; such passages may rank below prose that only names the thing.
 * Those found among a wider search come first (at most two), the rest as retrieved.
 */
async function preferBilingual(retriever: Retriever, query: string, asked: QuestionAnalysis, retrieval: RetrievalResult, k: number): Promise<RetrievalResult> {
  const terms = asked.terms.filter((t) => !t.latin && t.weight >= 1).map((t) => t.text);
  // A line (or sentence) naming one of the question's words in Chinese and giving English beside it.
  const gives = (p: Passage) => p.text.split(/[\n。；;]/).some((line) => LATIN_WORD.test(line) && terms.some((t) => normalize(line).includes(t)));
  const wide = await retriever.retrieve(query, { k: k * WIDE });
  const both = wide.passages.filter(gives).slice(0, 2);
  if (both.length === 0) return retrieval;
  const rest = retrieval.passages.filter((p) => !both.some((b) => b.id === p.id));
  return { ...retrieval, passages: [...both, ...rest].slice(0, k + MAX_EXTRA) };
}

function foundText(passages: Passage[]): string {
  return normalize(passages.map((p) => `${p.title} ${p.headingPath.join(' ')} ${p.text}`).join('\n')).toLowerCase();
}

/** The first search's passages, then the second's new ones, best first, at most `limit`. */
function mergePassages(first: Passage[], second: Passage[], limit: number): Passage[] {
  const extra = second.filter((p) => !first.some((o) => o.id === p.id));
  return [...first, ...extra.slice(0, Math.max(0, limit - first.length))];
}

/** How many passages the wider search for a follow-up looks through, per passage wanted. */
const WIDE = 3;

/**
 * A follow-up ("那最多能拿多少？") is about what the last answer cited: passages of those documents
 * come first (found among a wider search for the same question), then the rest as retrieved. The
 * first search is returned as it was when the wider one finds nothing of those documents.
 */
export async function preferCited(retriever: Retriever, query: string, retrieval: RetrievalResult, history: Turn[], k: number): Promise<RetrievalResult> {
  const cited = lastCited(history);
  if (cited.length === 0) return retrieval;
  // Searched with the question that answer replied to: "是一次性给吗" alone finds every 一次性 of the knowledge base.
  const asked = [...history].reverse().find((t) => t.role === 'user')?.text ?? '';
  const wide = await retriever.retrieve(`${asked} ${query}`.trim(), { k: k * WIDE });
  const fromCited = wide.passages.filter((p) => cited.includes(p.path)).slice(0, k);
  if (fromCited.length === 0) return retrieval;
  const rest = retrieval.passages.filter((p) => !fromCited.some((c) => c.id === p.id));
  return { ...retrieval, passages: [...fromCited, ...rest].slice(0, k + MAX_EXTRA) };
}

/** The documents the latest assistant turn cited (none when it cited nothing). */
function lastCited(history: Turn[]): string[] {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.role === 'assistant') return history[i]!.cited ?? [];
  return [];
}
