/** Numbers as investors write them: the format parsers live in src/text/numerals.ts, shared with the lexical scanner. */
export { parseCnNumber, parseEnNumberWords, parseNumberExpr, EN_NUMBER_WORD } from '../text/numerals.js';
import { parseNumberExpr } from '../text/numerals.js';

/** Parse "5,000", "3.5", "５０" or a Chinese numeral; undefined otherwise. */
export function parseNumberToken(s: string): number | undefined {
  return parseNumberExpr(s);
}
