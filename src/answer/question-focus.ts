/**
 * The question inside a long message. An investor often introduces themselves first ("我是一名材料学
 * 副教授…孩子明年上初中。请问子女入学申请要在什么时候前交？"); searched and judged whole, the
 * introduction's words (教授, 硅材料, 合同) outweigh the few the question has and pull in other
 * passages. A long message of several sentences is searched with its question sentence (the last
 * one that ends with a question mark, else the last one) and the sentences before it until that
 * names a topic: "能分到多大面积的房子？" needs "能不能申请人才公寓？". With the question sentence
 * alone, the new-documents test lost the document of three such questions.
 */
import { sentencePieces } from '../text/sentence-pieces.js';

/** From this many characters a message of several sentences is searched by its question sentence. */
const LONG = 40;
/** A focus shorter than this takes the sentence before it along. */
const MIN = 24;

/** The sentence of `text` that asks, or `text` itself when it is short or one sentence. */
export function questionFocus(text: string): string {
  if ([...text].length < LONG) return text;
  const pieces = sentencePieces(text);
  if (pieces.length < 2) return text;
  let at = -1;
  for (let i = pieces.length - 1; i >= 0 && at < 0; i--) if (pieces[i]!.endsWith('?') || pieces[i]!.endsWith('？')) at = i;
  if (at < 0) at = pieces.length - 1;
  let start = at;
  while (start > 0 && [...pieces.slice(start, at + 1).join(' ')].length < MIN) start--;
  return pieces.slice(start, at + 1).join(' ');
}
