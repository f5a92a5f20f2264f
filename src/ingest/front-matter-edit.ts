/**
 * Adding questions to a Markdown document's front matter without rewriting it: only the
 * `questions:` entry changes (items appended in the list's own style — block or flow), every
 * other line, comment and blank of the editor's file stays byte for byte. The result is parsed
 * back, and an edit that does not read back as intended is refused rather than written.
 */
import matter from 'gray-matter';
import { CodedError } from '../core/errors.js';
import { frontMatterSchema } from './front-matter.js';
import { uniqueQuestions } from './questions.js';

const q = (s: string) => JSON.stringify(s);
const key = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** The questions front matter (or a sidecar, wrapped as front matter) states. */
function statedQuestions(text: string): string[] {
  const parsed = frontMatterSchema.safeParse(matter(text, {}).data ?? {});
  return parsed.success ? parsed.data.questions : [];
}

/** `text` with `questions` added to its front matter `questions:` (those already there are skipped). */
export function addQuestions(text: string, questions: string[]): string {
  const had = statedQuestions(text);
  const add = uniqueQuestions(questions).filter((x) => !had.some((h) => key(h) === key(x)));
  if (add.length === 0) return text;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = bom ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  let out: string[];
  if (lines[0]?.trim() !== '---') {
    out = ['---', 'questions:', ...add.map((x) => `  - ${q(x)}`), '---', '', ...lines];
  } else {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end < 0) throw new CodedError('bad_request', 'front matter is not closed');
    const at = lines.findIndex((l, i) => i > 0 && i < end && /^questions\s*:/.test(l));
    out = [...lines];
    if (at < 0) {
      out.splice(end, 0, 'questions:', ...add.map((x) => `  - ${q(x)}`));
    } else {
      const rest = lines[at]!.replace(/^questions\s*:/, '');
      const value = rest.replace(/\s+#.*$/, '').trim();
      if (value === '' || value === '[]' || value === 'null' || value === '~') {
        // A block list (or an empty value): append after its last item.
        let last = at;
        let indent = '  ';
        for (let i = at + 1; i < end; i++) {
          const m = /^(\s+)-\s/.exec(lines[i]!);
          if (m) {
            last = i;
            indent = m[1]!;
          } else if (lines[i]!.trim() === '' || /^\s+#/.test(lines[i]!) || /^\s{2,}\S/.test(lines[i]!)) continue;
          else break;
        }
        if (value !== '') out[at] = 'questions:' + (rest.match(/\s+#.*$/)?.[0] ?? '');
        out.splice(last + 1, 0, ...add.map((x) => `${indent}- ${q(x)}`));
      } else if (value.startsWith('[') && value.endsWith(']')) {
        // A flow list on one line: append inside its brackets, keeping a trailing comment.
        const close = rest.lastIndexOf(']');
        const inner = value.slice(1, -1).trim();
        out[at] = `questions:${rest.slice(0, close)}${inner ? ', ' : ''}${add.map(q).join(', ')}${rest.slice(close)}`;
      } else {
        // One question as a scalar: becomes a block list, the original first.
        out.splice(at, 1, 'questions:', `  - ${value}`, ...add.map((x) => `  - ${q(x)}`));
      }
    }
  }
  const result = bom + out.join(nl);
  const now = statedQuestions(result);
  if (!add.every((x) => now.some((n) => key(n) === key(x))) || !had.every((h) => now.some((n) => key(n) === key(h)))) {
    throw new CodedError('internal', 'could not add the questions to the front matter without changing the rest');
  }
  return result;
}

/** A questions sidecar's YAML with `questions` added (a new sidecar when `yaml` is empty). */
export function addSidecarQuestions(yaml: string, questions: string[]): string {
  const wrapped = addQuestions(`---\n${yaml.replace(/\n+$/, '')}\n---\n`, questions);
  return wrapped.replace(/^---\n\n?/, '').replace(/\n---\n$/, '\n');
}
