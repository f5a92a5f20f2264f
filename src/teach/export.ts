/**
 * `npm run knowledge -- export` and `export-examples`: what staff taught, out of the database for
 * review in git. Q&A documents are written under knowledge/ as they are indexed; linked questions
 * are added to the linked document's front matter (Markdown, edited surgically) or its sidecar
 * (PDF, DOCX, TXT, HTML). Examples are the understanding corpus's JSONL (training/SPEC.md), redacted.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { redactPersonalData } from '../core/privacy.js';
import { detectLang } from '../text/index.js';
import { addQuestions, addSidecarQuestions } from '../ingest/front-matter-edit.js';
import { sidecarPath } from '../ingest/questions.js';
import { displayPrefix } from '../ingest/scan.js';
import type { TaughtItem } from '../store/taught.js';

/** What an export wrote. */
export interface ExportReport {
  written: string[];
  skipped: { item: string; reason: string }[];
}

/** Write taught Q&A documents and linked questions into the knowledge folder. */
export function exportTaught(knowledgeDir: string, items: TaughtItem[]): ExportReport {
  const prefix = displayPrefix(knowledgeDir);
  const report: ExportReport = { written: [], skipped: [] };
  const write = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    report.written.push(file);
  };
  for (const item of items) {
    if ((item.kind === 'answer' || item.kind === 'import') && item.path && item.document) {
      write(join(knowledgeDir, item.path), item.document);
    } else if (item.kind === 'link' && item.path) {
      const rel = item.path.startsWith(`${prefix}/`) ? item.path.slice(prefix.length + 1) : undefined;
      const file = rel ? join(knowledgeDir, rel) : undefined;
      if (!rel || !file || !existsSync(file)) {
        report.skipped.push({ item: item.id, reason: `linked document ${item.path} is not in ${knowledgeDir}` });
        continue;
      }
      const questions = item.questions.map((q) => redactPersonalData(q));
      if (/^\.(md|markdown)$/i.test(extname(file))) write(file, addQuestions(readFileSync(file, 'utf8'), questions));
      else {
        const side = sidecarPath(knowledgeDir, rel);
        write(side, addSidecarQuestions(existsSync(side) ? readFileSync(side, 'utf8') : '', questions));
      }
    }
  }
  return report;
}

/** One labelled example in training/SPEC.md's format. */
export interface LabelledExample {
  id: string;
  group: string;
  voice: string;
  lang: 'zh' | 'en';
  question: string;
  intent: 'question' | 'off_topic';
  covered?: boolean;
  answer?: { path: string; span: string };
  facts?: string[];
  /** Where it came from, for the reviewer: a taught item of the console. */
  taught: { item: string; kind: string; by: string };
}

/** The first sentence of a text, 10–200 characters, verbatim. */
function firstSpan(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const t = line.replace(/^#+\s*/, '').trim();
    if (t.length < 10) continue;
    const m = /^.{10,200}?[。！？；.!?]/u.exec(t);
    return m ? m[0] : t.slice(0, 200);
  }
  return undefined;
}

/** Key figures or names for `facts`: numbers with their unit, else the span's opening words. */
function factsOf(span: string): string[] {
  const figures = span.match(/\d[\d.,]*\s*(?:%|万元|亿元|万|亿|元|亩|平方米|年|个|家|名)?/gu)?.slice(0, 6);
  return figures?.length ? figures : [span.slice(0, Math.min(20, span.length))];
}

/** Taught questions as labelled examples; `passageText` finds a linked passage's text by chunk id. */
export function taughtExamples(items: TaughtItem[], passageText: (chunkId: string) => string | undefined, knowledgePrefix = 'knowledge'): LabelledExample[] {
  const out: LabelledExample[] = [];
  for (const item of items) {
    if (item.kind === 'ignore') continue;
    let answer: { path: string; span: string } | undefined;
    if (item.kind === 'link' && item.path && item.chunkId) {
      const span = firstSpan(passageText(item.chunkId) ?? '');
      if (span) answer = { path: item.path, span };
    } else if ((item.kind === 'answer' || item.kind === 'import') && item.path && item.document) {
      const bodyText = item.document.replace(/^---[\s\S]*?\n---\n/, '').replace(/^#.*\n/m, '');
      const span = firstSpan(bodyText);
      if (span) answer = { path: `${knowledgePrefix}/${item.path}`, span };
    }
    if (item.kind !== 'off_topic' && !answer) continue;
    item.questions.forEach((raw, n) => {
      const question = redactPersonalData(raw);
      out.push({
        id: `taught-${item.id}-${n + 1}`,
        group: `taught-${item.id}`,
        voice: 'casual',
        lang: detectLang(question) === 'en' ? 'en' : 'zh',
        question,
        ...(item.kind === 'off_topic' ? { intent: 'off_topic' as const } : { intent: 'question' as const, covered: true, answer: answer!, facts: factsOf(answer!.span) }),
        taught: { item: item.id, kind: item.kind, by: item.actor.name },
      });
    });
  }
  return out;
}
