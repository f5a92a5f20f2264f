/**
 * The shapes of a short capture reply: spacing, clause breaks, digits, the colon after a field
 * word. Character shapes only, not what a reply means (the intent model and the field extractor
 * read that).
 */
/** Runs of white space as one space, trimmed. */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The clauses of a short reply, split at punctuation and spaces ("华芯电子，芯片封装" → two). */
export function phraseClauses(text: string): string[] {
  return text.split(/[，,、;；。.!！\s]+/u).map((c) => c.trim()).filter(Boolean);
}

/** True when the text holds a digit. */
export function hasDigit(text: string): boolean {
  return /\d/.test(text);
}

/** A free-text value after an edit's field word, without the linking colon or 为/成/是 ("公司 为 华芯" → "华芯"). */
export function stripValueLead(text: string): string {
  return text.replace(/^[\s:：为成是]+/, '').trim();
}
