/** The front matter a knowledge file may carry, checked with zod at the edge. */
import { z } from 'zod';

const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || String(v).trim() === '' ? undefined : String(v).trim()));

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
});

/** Parsed front matter. */
export type FrontMatter = z.infer<typeof frontMatterSchema>;
