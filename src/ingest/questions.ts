/**
 * Where a document's questions come from besides its own front matter: a sidecar
 * `knowledge/_questions/<path>.yml` (PDF, DOCX, TXT and HTML have no front matter, and an
 * editor's Markdown is never rewritten by the program), and what staff taught in the console
 * (stored in the database, handed to the ingest run as `TaughtKnowledge`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { questionList } from './front-matter.js';

/** Folder under the knowledge folder holding question sidecars (skipped by the scan: `_` prefix). */
export const SIDECAR_DIR = '_questions';

/** What staff taught, as an ingest run reads it (from the database; see src/store/taught.ts). */
export interface TaughtKnowledge {
  /** Q&A documents written in the console or imported: Markdown text at `rel`, relative to the knowledge folder. */
  documents: { rel: string; text: string }[];
  /** Questions linked to a passage: `path` is the document's display path (knowledge/…), `chunkId` the passage picked. */
  links: { path: string; question: string; chunkId?: string; headingPath?: string[] }[];
}

/** Nothing taught. */
export const NOTHING_TAUGHT: TaughtKnowledge = { documents: [], links: [] };

const sidecarSchema = z.looseObject({ questions: questionList });

/** The sidecar file of a knowledge file at `rel` (relative to the knowledge folder). */
export function sidecarPath(knowledgeDir: string, rel: string): string {
  return join(knowledgeDir, SIDECAR_DIR, `${rel}.yml`);
}

/** Questions of the sidecar of `rel`, or [] when there is none; a malformed sidecar is reported through `onError`. */
export function sidecarQuestions(knowledgeDir: string, rel: string, onError: (reason: string) => void): string[] {
  const file = sidecarPath(knowledgeDir, rel);
  if (!existsSync(file)) return [];
  try {
    // gray-matter's YAML engine, reused: the sidecar is a front matter block without a body.
    const parsed = matter(`---\n${readFileSync(file, 'utf8')}\n---\n`, {});
    const data = sidecarSchema.safeParse(parsed.data ?? {});
    if (!data.success) {
      onError(`questions sidecar ${SIDECAR_DIR}/${rel}.yml: ${data.error.issues.map((i) => i.message).join('; ')}`);
      return [];
    }
    return data.data.questions;
  } catch (err) {
    onError(`questions sidecar ${SIDECAR_DIR}/${rel}.yml is not valid YAML: ${(err as Error).message}`);
    return [];
  }
}

/** Questions in order, without repeats (compared without white space and case). */
export function uniqueQuestions(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const q of list) {
    const key = q.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}
