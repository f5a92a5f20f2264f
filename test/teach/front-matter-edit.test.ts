/** Adding questions to an editor's Markdown front matter changes only the questions entry. */
import { describe, expect, it } from 'vitest';
import { addQuestions, addSidecarQuestions } from '../../src/ingest/front-matter-edit.js';

describe('addQuestions', () => {
  it('appends to a flow list inside its brackets, keeping comments and the body byte for byte', () => {
    const doc = '---\ntitle: X # keep\nquestions: ["a"] # flow\ntags: [t]\n---\n\n# X\n\nbody <!-- c -->\n';
    expect(addQuestions(doc, ['b', 'a'])).toBe(doc.replace('["a"]', '["a", "b"]'));
  });
  it('appends to a block list with its own indentation, after comments inside it', () => {
    const doc = '---\ntitle: X\nquestions:\n    - a\n    # comment\n    - "b"\nkind: faq\n---\nbody\n';
    expect(addQuestions(doc, ['c'])).toBe(doc.replace('    - "b"\n', '    - "b"\n    - "c"\n'));
  });
  it('adds the key before the closing line, or a front matter to a file without one; CRLF kept', () => {
    expect(addQuestions('---\ntitle: X\n---\nbody', ['c'])).toBe('---\ntitle: X\nquestions:\n  - "c"\n---\nbody');
    expect(addQuestions('# no fm\n', ['c'])).toBe('---\nquestions:\n  - "c"\n---\n\n# no fm\n');
    expect(addQuestions('---\r\ntitle: X\r\n---\r\nbody\r\n', ['c'])).toBe('---\r\ntitle: X\r\nquestions:\r\n  - "c"\r\n---\r\nbody\r\n');
  });
  it('turns a single question into a list, and skips questions already there', () => {
    expect(addQuestions('---\nquestions: 单个\n---\nx', ['c'])).toBe('---\nquestions:\n  - 单个\n  - "c"\n---\nx');
    const doc = '---\nquestions: ["资兴的招商热线是多少？"]\n---\nx';
    expect(addQuestions(doc, ['资兴的招商热线是多少？'])).toBe(doc);
  });
  it('writes and extends sidecars', () => {
    expect(addSidecarQuestions('', ['q1'])).toBe('questions:\n  - "q1"\n');
    expect(addSidecarQuestions('# c\nquestions:\n  - q1\n', ['q2'])).toBe('# c\nquestions:\n  - q1\n  - "q2"\n');
  });
});
