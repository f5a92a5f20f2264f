/**
 * Where a document's questions come from besides its own front matter: a sidecar
 * `knowledge/_questions/<path>.yml` (PDF, DOCX, TXT and HTML have no front matter, and an
 * editor's Markdown is never rewritten by the program), and what staff taught in the console
 * (stored in the database, handed to the ingest run as `TaughtKnowledge`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Every sidecar file under the knowledge folder, relative to the sidecar folder, sorted. */
function sidecarFiles(knowledgeDir: string): string[] {
  const root = join(knowledgeDir, SIDECAR_DIR);
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const st = statSync(join(dir, n), { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(join(dir, n), `${rel}${n}/`);
      else if (st?.isFile() && n.endsWith('.yml')) out.push(`${rel}${n}`);
    }
  };
  walk(root, '');
  return out;
}

/**
 * A fingerprint of the questions that live outside the documents (sidecars, taught items): the
 * index records it, and a different one makes the index stale even when no document changed.
 */
export function questionsFingerprint(knowledgeDir: string, taught: TaughtKnowledge): string {
  const h = createHash('sha256').update(JSON.stringify(taught));
  for (const rel of sidecarFiles(knowledgeDir)) {
    h.update(`\n${rel}\n`);
    try {
      h.update(readFileSync(join(knowledgeDir, SIDECAR_DIR, rel)));
    } catch {
      h.update('unreadable');
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** The fingerprint of no sidecars and nothing taught (what an index built before fingerprints had). */
export function noQuestionsFingerprint(): string {
  return createHash('sha256').update(JSON.stringify(NOTHING_TAUGHT)).digest('hex').slice(0, 16);
}
