/**
 * The Q&A document: the Markdown form of one question and its answer (front matter with
 * `questions:`, the question as heading, the answer as body). FAQ imports, answers written in the
 * console and `npm run knowledge -- export` all write this one form, so what staff teach can be
 * reviewed in git and read back by the ordinary Markdown loader.
 */
import { createHash } from 'node:crypto';

/** One question and its answer, as staff gave them. */
export interface QaItem {
  question: string;
  answer: string;
  /** Other ways people ask it. */
  similar: string[];
  source?: string;
  tags: string[];
  /** ISO day the answer was written or imported. */
  published?: string;
}

/** A YAML scalar that survives any text: JSON's double-quoted strings are valid YAML. */
const yamlString = (s: string) => JSON.stringify(s);

/** The Markdown text of a Q&A document. */
export function renderQaDocument(item: QaItem): string {
  const questions = [item.question, ...item.similar.filter((q) => q !== item.question)];
  const lines = [
    '---',
    `title: ${yamlString(item.question)}`,
    'kind: faq',
    ...(item.source ? [`source: ${yamlString(item.source)}`] : []),
    ...(item.published ? [`published: ${item.published}`] : []),
    `tags: [${item.tags.map(yamlString).join(', ')}]`,
    'questions:',
    ...questions.map((q) => `  - ${yamlString(q)}`),
    '---',
    '',
    `# ${item.question.replace(/\s+/g, ' ').trim()}`,
    '',
    item.answer.trim(),
    '',
  ];
  return lines.join('\n');
}

/** A stable file name (relative to the knowledge folder) for a question: the same question, the same file. */
export function qaDocumentRel(question: string, folder = 'faq'): string {
  const key = question.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return `${folder}/qa-${createHash('sha256').update(key).digest('hex').slice(0, 12)}.md`;
}
