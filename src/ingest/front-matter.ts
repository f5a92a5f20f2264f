/** The front matter a knowledge file may carry, checked with zod at the edge. */
import { z } from 'zod';

const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || String(v).trim() === '' ? undefined : String(v).trim()));

/** A list of questions (or one); blanks dropped, each trimmed and at most 200 characters. */
export const questionList = z
  .union([z.array(z.union([z.string(), z.number()])), z.string(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((q) => String(q).trim().slice(0, 200)).filter(Boolean)));

/** Front matter of a knowledge document; unknown keys (e.g. `period`) are kept. */
export const frontMatterSchema = z.looseObject({
  title: optionalText,
  kind: optionalText,
  source: optionalText,
  // YAML turns 2024-05-01 into a Date; keep it as an ISO day. `null` means "not stated".
  published: z
    .union([z.string(), z.date(), z.number(), z.null()])
    .optional()
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === undefined || v === null ? null : String(v))),
  tags: z
    .union([z.array(z.union([z.string(), z.number()])), z.string(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v.map(String) : v.split(/[,，]/).map((s) => s.trim()).filter(Boolean))),
  lang: z.enum(['zh', 'en']).optional(),
  /** The 文号 (资发〔2024〕3号), shown in citations with the title. */
  docNo: optionalText,
  /** Ways people ask what this document answers: indexed as questions, apart from the passage text. */
  questions: questionList,
});

/** Parsed front matter. */
export type FrontMatter = z.infer<typeof frontMatterSchema>;
